package dev.touchflow.console.sequences;

import dev.touchflow.console.Pages;
import dev.touchflow.console.security.Person;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The sequences page: every campaign the person sees on the left with its runs and sends, and on the right
 * the chosen one's trigger, stats, timeline of steps and a simulation for a sample contact. New sequences
 * and new steps are new campaign versions in enrollment-service, made as the person.
 */
@Controller
class SequencesController {

    private final SequencesApi api;
    private final SequenceStats stats;
    private final Person person;

    SequencesController(SequencesApi api, SequenceStats stats, Person person) {
        this.api = api;
        this.stats = stats;
        this.person = person;
    }

    @GetMapping("/sequences")
    Mono<String> sequences(
            @RequestParam(required = false) String slug,
            @RequestParam(required = false) String notice,
            @RequestParam(name = "simulate_start", required = false) String simulateStart,
            @RequestParam(name = "simulate_timezone", required = false) String simulateTimezone,
            ServerWebExchange exchange,
            Model model) {
        model.addAttribute("notice", notice);
        return Mono.zip(api.all().collectList(), person.clients(exchange)).flatMap(found -> {
            List<Sequence> sequences = found.getT1();
            Set<String> clients = found.getT2();
            model.addAttribute("sequences", sequences);
            model.addAttribute("clients", newSequenceClients(sequences, clients));
            Sequence active = sequences.stream()
                    .filter(sequence -> sequence.slug().equals(slug))
                    .findFirst()
                    .orElse(sequences.isEmpty() ? null : sequences.get(0));
            model.addAttribute("active", active);
            List<String> slugs = sequences.stream().map(Sequence::slug).toList();
            Mono<String> page = stats.of(slugs, Person.filter(clients))
                    .doOnNext(counts -> model.addAttribute("counts", counts))
                    .thenReturn("sequences");
            if (active == null || simulateStart == null) {
                return page;
            }
            return simulation(active.slug(), simulateStart, simulateTimezone, model)
                    .then(page);
        });
    }

    @PostMapping("/sequences")
    Mono<ResponseEntity<Void>> create(ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            String slug = text(form, "slug");
            Map<String, Object> definition = new LinkedHashMap<>();
            for (String field : List.of("slug", "name", "client_id", "type", "owner_role", "trigger_stage")) {
                given(definition, field, text(form, field));
            }
            definition.put("steps", List.of(step(form, 1)));
            return Pages.after(api.create(definition), "/sequences", "Sequence " + slug + " created.", "&slug=" + slug);
        });
    }

    @PostMapping("/sequences/{slug}/steps")
    Mono<ResponseEntity<Void>> addStep(@PathVariable String slug, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            int number = (int) wholeNumber(form, "step_number");
            return Pages.after(
                    api.addStep(slug, step(form, number)),
                    "/sequences",
                    "Step " + number + " added: a new version of " + slug + ".",
                    "&slug=" + slug);
        });
    }

    private Mono<Void> simulation(String slug, String start, String timezone, Model model) {
        Instant at;
        try {
            at = Instant.parse(start.length() == 16 ? start + ":00Z" : start);
        } catch (DateTimeParseException e) {
            model.addAttribute("simulationProblem", "The start is not a date and time: " + start);
            return Mono.empty();
        }
        model.addAttribute("simulateStart", start);
        model.addAttribute("simulateTimezone", timezone);
        return api.simulate(slug, timezone, at)
                .doOnNext(planned -> model.addAttribute("simulation", planned))
                .onErrorResume(e -> {
                    model.addAttribute("simulationProblem", "The sequencer could not simulate: " + e.getMessage());
                    return Mono.empty();
                })
                .then();
    }

    /**
     * A step from the editor's fields: the delay in a number and a unit (minutes, hours or days). What is
     * not a whole number goes on as -1, which enrollment-service refuses naming the field.
     */
    private static Map<String, Object> step(MultiValueMap<String, String> form, int number) {
        long amount = wholeNumber(form, "delay");
        long minutes = amount < 0
                ? -1
                : switch (text(form, "delay_unit")) {
                    case "days" -> amount * 24 * 60;
                    case "hours" -> amount * 60;
                    default -> amount;
                };
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("step_number", number);
        step.put("delay_minutes", minutes);
        given(step, "channel", text(form, "channel"));
        step.put("content_type", text(form, "content_type").isEmpty() ? "follow_up" : text(form, "content_type"));
        given(step, "subject_template", text(form, "subject"));
        given(step, "body_template", text(form, "body"));
        return step;
    }

    private static void given(Map<String, Object> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private static long wholeNumber(MultiValueMap<String, String> form, String field) {
        String value = text(form, field);
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String text(MultiValueMap<String, String> form, String field) {
        String value = form.getFirst(field);
        return value == null ? "" : value.strip();
    }

    /** The clients a new sequence may be for: the person's own, or every client seen for an admin of all. */
    private static Set<String> newSequenceClients(List<Sequence> sequences, Set<String> clients) {
        Set<String> choices = new TreeSet<>(clients);
        if (choices.remove("*")) {
            sequences.forEach(sequence -> choices.add(sequence.clientId()));
        }
        return choices;
    }
}
