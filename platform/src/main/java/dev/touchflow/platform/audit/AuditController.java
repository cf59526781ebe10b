package dev.touchflow.platform.audit;

import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** Every service's audit trail: {@code GET /api/v1/audit?subject_type=&subject_id=&client=&limit=&offset=}. */
@RestController
public class AuditController {

    private final AuditTrail trail;

    public AuditController(AuditTrail trail) {
        this.trail = trail;
    }

    @GetMapping("/api/v1/audit")
    Flux<AuditTrail.Entry> read(
            @RequestParam(name = "subject_type", required = false) String subjectType,
            @RequestParam(name = "subject_id", required = false) String subjectId,
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        return trail.read(caller, client, subjectType, subjectId, limit, offset);
    }
}
