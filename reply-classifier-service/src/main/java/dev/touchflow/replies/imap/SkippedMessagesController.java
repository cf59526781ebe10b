package dev.touchflow.replies.imap;

import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** The messages a mailbox held that were skipped, and why: too large, or refused as data too many times. */
@RestController
class SkippedMessagesController {

    private final MailboxState state;

    SkippedMessagesController(MailboxState state) {
        this.state = state;
    }

    @GetMapping("/api/v1/mailboxes/skipped")
    Flux<MailboxState.SkippedMessage> skipped(
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        List<String> clients = caller.clientFilter(client);
        return state.skipped(clients, limit, offset);
    }
}
