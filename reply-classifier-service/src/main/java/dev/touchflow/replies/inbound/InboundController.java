package dev.touchflow.replies.inbound;

import dev.touchflow.platform.r2dbc.SqlParameters;
import dev.touchflow.platform.security.Caller;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The inbound webhook a mail provider posts replies to, signed per client (see {@link WebhookSignatures});
 * an unsigned, stale or forged request is refused with 401 and nothing is stored. And the list of
 * received replies, the unmatched among them.
 */
@RestController
class InboundController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(InboundController.class);

    private final ReceivingReplies receiving;
    private final InboundProperties properties;
    private final JsonMapper json;
    private final DatabaseClient db;
    private final Clock clock;
    private final org.springframework.transaction.reactive.TransactionalOperator transactions;
    private final Relabelling relabelling;

    InboundController(
            ReceivingReplies receiving,
            InboundProperties properties,
            JsonMapper json,
            DatabaseClient db,
            Clock clock,
            org.springframework.transaction.reactive.TransactionalOperator transactions,
            Relabelling relabelling) {
        this.transactions = transactions;
        this.relabelling = relabelling;
        this.receiving = receiving;
        this.properties = properties;
        this.json = json;
        this.db = db;
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
            return Mono.error(new dev.touchflow.platform.web.InvalidFieldException("from", "must not be blank"));
        }
        return transactions.transactional(receiving.receive(client, email, "webhook"));
    }

    /** A person decides a reply's label: published, or published as a correction of the earlier label. */
    @org.springframework.web.bind.annotation.PostMapping("/api/v1/replies/{id}/label")
    Mono<Map<String, Object>> label(
            @org.springframework.web.bind.annotation.PathVariable UUID id,
            @jakarta.validation.Valid @RequestBody Relabelling.Decision decision,
            Caller caller) {
        return transactions.transactional(relabelling.decide(id, decision, caller));
    }

    @GetMapping("/api/v1/replies")
    Flux<Map<String, Object>> replies(
            @RequestParam(required = false) @Pattern(regexp = "unmatched|received|needs_review|classified")
                    String status,
            @RequestParam(required = false) String client,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            Caller caller) {
        List<String> clients = caller.clientFilter(client);
        return db.sql("""
                        SELECT id, client_id, message_id, source, from_address, subject, received_at, new_text, automatic,
                            bounce_kind, bounce_recipient, bounce_status, left_company, matched_by, send_id, enrollment_id,
                            contact_id, status, label, confidence, return_date, referral_email, decided_by, decision
                        FROM received_messages
                        WHERE (:status::text IS NULL OR status = :status)
                          AND (:clients::text[] IS NULL OR client_id = ANY(:clients))
                        ORDER BY created_at, id LIMIT :limit OFFSET :offset""")
                .bind("status", Parameter.fromOrEmpty(status, String.class))
                .bind("clients", SqlParameters.textArray(clients))
                .bind("limit", limit)
                .bind("offset", offset)
                .map(row -> {
                    Map<String, Object> reply = new LinkedHashMap<>();
                    for (String column : new String[] {
                        "client_id",
                        "message_id",
                        "source",
                        "from_address",
                        "subject",
                        "new_text",
                        "bounce_kind",
                        "bounce_recipient",
                        "bounce_status",
                        "matched_by",
                        "contact_id",
                        "status",
                        "label",
                        "referral_email",
                        "decided_by",
                        "decision"
                    }) {
                        reply.put(column, row.get(column, String.class));
                    }
                    reply.put("id", row.get("id", UUID.class));
                    reply.put("received_at", row.get("received_at", Instant.class));
                    reply.put("automatic", row.get("automatic", Boolean.class));
                    reply.put("left_company", row.get("left_company", Boolean.class));
                    reply.put("send_id", row.get("send_id", UUID.class));
                    reply.put("enrollment_id", row.get("enrollment_id", UUID.class));
                    reply.put("confidence", row.get("confidence", Double.class));
                    reply.put("return_date", row.get("return_date", java.time.LocalDate.class));
                    return reply;
                })
                .all();
    }
}
