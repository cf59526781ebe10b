package dev.touchflow.replies.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** {@code touchflow.replies}: messages taken in, by status, and by label as decided (rules, model or nobody). */
@Component
class ReplyCounts {

    private final MeterRegistry meters;

    ReplyCounts(MeterRegistry meters) {
        this.meters = meters;
    }

    void taken(String status, String label, String decidedBy) {
        meters.counter(
                        "touchflow.replies",
                        "status",
                        status,
                        "label",
                        String.valueOf(label),
                        "decided_by",
                        String.valueOf(decidedBy))
                .increment();
    }
}
