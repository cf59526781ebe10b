package dev.touchflow.console.contacts;

import dev.touchflow.console.Pages;
import dev.touchflow.console.security.Person;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One contact's journey across campaigns: every run with where it stands, every touch, every reply with its
 * label and confidence, and every decision of the sequencer with its reasons (why a step waited); pause,
 * resume or unsubscribe a run. Found by id, email or name among the person's clients' contacts.
 */
@Controller
class ContactController {

    static final Set<String> ACTIONS = Set.of("pause", "resume", "unsubscribe");

    private final Journeys journeys;
    private final ContactsApi api;
    private final Person person;

    ContactController(Journeys journeys, ContactsApi api, Person person) {
        this.journeys = journeys;
        this.api = api;
        this.person = person;
    }

    @GetMapping("/contacts")
    Mono<String> search(@RequestParam(required = false) String q, ServerWebExchange exchange, Model model) {
        model.addAttribute("q", q);
        if (q == null || q.isBlank()) {
            model.addAttribute("found", List.of());
            return Mono.just("contacts");
        }
        return person.clients(exchange)
                .flatMap(clients ->
                        journeys.find(q.strip(), Person.filter(clients)).collectList())
                .doOnNext(found -> model.addAttribute("found", found))
                .thenReturn("contacts");
    }

    @GetMapping("/contacts/{client}/{contact}")
    Mono<String> journey(
            @PathVariable String client,
            @PathVariable String contact,
            @RequestParam(required = false) String notice,
            ServerWebExchange exchange,
            Model model) {
        model.addAttribute("notice", notice);
        model.addAttribute("client", client);
        model.addAttribute("contact", contact);
        return person.clients(exchange).flatMap(clients -> {
            List<String> filter = Person.filter(clients);
            return Mono.zip(
                            journeys.runsOf(client, contact, filter).collectList(),
                            journeys.touchesOf(client, contact, filter).collectList(),
                            journeys.repliesOf(client, contact, filter).collectList())
                    .flatMap(found -> Flux.fromIterable(found.getT1())
                            .concatMap(run -> api.journal(run.enrollmentId())
                                    // the journey without the sequencer's reasons, rather than no page
                                    .onErrorResume(unavailable -> Flux.empty()))
                            .collectList()
                            .map(journal -> found.getT1().stream()
                                    .map(run -> Journey.of(run, journal, found.getT2(), found.getT3()))
                                    .toList()))
                    .doOnNext(journeys -> model.addAttribute("journeys", journeys))
                    .thenReturn("contact");
        });
    }

    @PostMapping("/contacts/{client}/{contact}/runs/{enrollment}/{action}")
    Mono<ResponseEntity<Void>> act(
            @PathVariable String client,
            @PathVariable String contact,
            @PathVariable String enrollment,
            @PathVariable String action,
            ServerWebExchange exchange) {
        String page = "/contacts/" + UriUtils.encodePathSegment(client, StandardCharsets.UTF_8) + "/"
                + UriUtils.encodePathSegment(contact, StandardCharsets.UTF_8);
        if (!ACTIONS.contains(action)) {
            return Mono.just(Pages.seeOther(page, "Pause, resume or unsubscribe, nothing else.", ""));
        }
        return exchange.getFormData()
                .flatMap(form -> Pages.after(
                        api.act(enrollment, action, form.getFirst("reason")),
                        page,
                        switch (action) {
                            case "pause" -> "Paused.";
                            case "resume" -> "Resumed.";
                            default -> "Unsubscribed: nobody writes to them again.";
                        },
                        ""));
    }
}
