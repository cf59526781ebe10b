package dev.touchflow.enrollment.trigger;

import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class TriggerController {

    private final TriggeringEnrollments triggers;

    TriggerController(TriggeringEnrollments triggers) {
        this.triggers = triggers;
    }

    /** Enrolls contacts whose stage matched a campaign's trigger before the campaign existed. */
    @PostMapping("/api/v1/triggers/sweep")
    Mono<Map<String, Long>> sweep() {
        return triggers.sweep().map(enrolled -> Map.of("enrollments_requested", enrolled));
    }
}
