package dev.touchflow.sequencer.journal;

import dev.touchflow.platform.security.Caller;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

@RestController
class JournalController {

    private final StepJournal journal;

    JournalController(StepJournal journal) {
        this.journal = journal;
    }

    /** Every decision about an enrollment of the caller's clients; another client's is not there (404). */
    @GetMapping("/api/v1/enrollments/{id}/journal")
    Flux<JournalEntry> journal(@PathVariable UUID id, Caller caller) {
        return caller.visible(journal.clientOf(id), client -> client, "no enrollment " + id)
                .thenMany(Flux.defer(() -> journal.of(id)));
    }
}
