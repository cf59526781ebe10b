package dev.touchflow.console.deadletters;

import dev.touchflow.console.security.Person;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Dead letters per topic with the reason, and the latest of them (of one topic, when asked). */
@Controller
class DeadLettersController {

    private static final int SHOWN = 100;

    private final DeadLetters deadLetters;
    private final Person person;

    DeadLettersController(DeadLetters deadLetters, Person person) {
        this.deadLetters = deadLetters;
        this.person = person;
    }

    @GetMapping("/dead-letters")
    Mono<String> list(@RequestParam(required = false) String topic, ServerWebExchange exchange, Model model) {
        String wanted = topic == null || topic.isBlank() ? null : topic;
        model.addAttribute("topic", wanted);
        return person.clients(exchange).flatMap(clients -> {
            List<String> filter = Person.filter(clients);
            return deadLetters
                    .piles(filter)
                    .collectList()
                    .doOnNext(piles -> model.addAttribute("piles", piles))
                    .then(deadLetters.latest(filter, wanted, SHOWN).collectList())
                    .doOnNext(letters -> model.addAttribute("letters", letters))
                    .thenReturn("dead-letters");
        });
    }
}
