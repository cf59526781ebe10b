package dev.touchflow.replies.webhook;

import dev.touchflow.platform.web.InvalidFieldException;
import dev.touchflow.replies.inbound.InboundEmail;
import dev.touchflow.replies.inbound.ReceivingReplies;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound webhook a mail provider posts replies to, signed per client (see {@link WebhookSignatures});
 * an unsigned, stale or forged request is refused with 401 and nothing is stored.
 */
@RestController
class WebhookController {

    private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

    private final ReceivingReplies receiving;
    private final InboundProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionalOperator transactions;

    WebhookController(
            ReceivingReplies receiving,
            InboundProperties properties,
            JsonMapper json,
            Clock clock,
            TransactionalOperator transactions) {
        this.transactions = transactions;
        this.receiving = receiving;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping("/api/v1/inbound/email")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<ReceivingReplies.Receipt> inbound(
            @RequestHeader(value = "X-Touchflow-Client", required = false) String client,
            @RequestHeader(value = "X-Touchflow-Timestamp", required = false) String timestamp,
            @RequestHeader(value = "X-Touchflow-Signature", required = false) String signature,
            @RequestBody(required = false) byte[] body) {
        byte[] payload = body == null ? new byte[0] : body;
        String refusal = WebhookSignatures.refusal(
                properties.secret(client),
                client,
                timestamp,
                signature,
                payload,
                clock.instant(),
                properties.tolerance());
        if (refusal != null) {
            // The caller learns nothing of why (which clients exist, whose secret, how stale): one answer for all
            log.warn("inbound webhook refused for client {}: {}", client, refusal);
            return Mono.error(
                    new ResponseStatusException(HttpStatus.UNAUTHORIZED, "the request is not signed correctly"));
        }
        InboundEmail email;
        try {
            email = json.readValue(payload, InboundEmail.class);
        } catch (RuntimeException e) {
            return Mono.error(new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "the body is not an inbound email: " + e.getMessage()));
        }
        if (email.from() == null || email.from().isBlank()) {
            return Mono.error(new InvalidFieldException("from", "must not be blank"));
        }
        return transactions.transactional(receiving.receive(client, email, "webhook"));
    }
}
