package dev.touchflow.sequencer.journal;

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

    @GetMapping("/api/v1/enrollments/{id}/journal")
    Flux<JournalEntry> journal(@PathVariable UUID id) {
        return journal.of(id);
    }
}
