package dev.touchflow.enrollment.trigger;

import dev.touchflow.platform.audit.AuditTrail;
import dev.touchflow.platform.security.Caller;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class TriggerController {

    private final TriggeringEnrollments triggers;
    private final AuditTrail audit;

    TriggerController(TriggeringEnrollments triggers, AuditTrail audit) {
        this.triggers = triggers;
        this.audit = audit;
    }

    /** Enrolls contacts whose stage matched a campaign's trigger before the campaign existed, in the caller's clients. */
    @PostMapping("/api/v1/triggers/sweep")
    Mono<Map<String, Long>> sweep(Caller caller) {
        return triggers.sweep(campaign -> caller.sees(campaign.clientId()))
                .flatMap(enrolled -> audit.record(
                                caller,
                                "triggers.swept",
                                null,
                                "triggers",
                                "sweep",
                                Map.of("enrollments_requested", enrolled))
                        .thenReturn(Map.of("enrollments_requested", enrolled)));
    }
}
