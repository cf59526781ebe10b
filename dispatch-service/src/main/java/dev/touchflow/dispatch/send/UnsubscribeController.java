package dev.touchflow.dispatch.send;

import dev.touchflow.dispatch.suppression.Suppressions;
import dev.touchflow.dispatch.token.SignedTokens;
import dev.touchflow.platform.outbox.OutboxWriter;
import dev.touchflow.schemas.engagement.Unsubscribed;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

/**
 * The unsubscribe page a message links to, and its one-click POST (RFC 8058): the contact is
 * suppressed, it is published, and what still waits for them is cancelled. The token is signed and
 * bound to one send; a forged or altered one finds nothing.
 */
@RestController
class UnsubscribeController {

    private final SendRepository sends;
    private final SendEvents events;
    private final Suppressions suppressions;
    private final SignedTokens tokens;
    private final OutboxWriter outbox;
    private final TransactionalOperator transactions;
    private final CancellingSends cancelling;
    private final Clock clock;

    UnsubscribeController(
            SendRepository sends,
            SendEvents events,
            Suppressions suppressions,
            SignedTokens tokens,
            OutboxWriter outbox,
            TransactionalOperator transactions,
            CancellingSends cancelling,
            Clock clock) {
        this.sends = sends;
        this.events = events;
        this.suppressions = suppressions;
        this.tokens = tokens;
        this.outbox = outbox;
        this.transactions = transactions;
        this.cancelling = cancelling;
        this.clock = clock;
    }

    @GetMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> confirmPage(@PathVariable String token) {
        if (tokens.verify(token, SignedTokens.Purpose.UNSUBSCRIBE).isEmpty()) {
            return Mono.just(
                    page(HttpStatus.NOT_FOUND, "This link is not valid", "<p>This unsubscribe link is not valid.</p>"));
        }
        String action = HtmlUtils.htmlEscape("/u/" + token);
        return Mono.just(page(
                HttpStatus.OK,
                "Unsubscribe",
                "<p>Stop receiving these emails?</p><form method=\"post\" action=\"" + action
                        + "\"><button type=\"submit\">Unsubscribe</button></form>"));
    }

    /** Unsubscribes at once: the one-click POST of a mail client, or the confirmation page's button. */
    @PostMapping(value = "/u/{token}", produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> unsubscribe(@PathVariable String token, ServerWebExchange exchange) {
        var claims = tokens.verify(token, SignedTokens.Purpose.UNSUBSCRIBE);
        if (claims.isEmpty()) {
            return Mono.just(
                    page(HttpStatus.NOT_FOUND, "This link is not valid", "<p>This unsubscribe link is not valid.</p>"));
        }
        return exchange.getFormData()
                .defaultIfEmpty(new LinkedMultiValueMap<>())
                .flatMap(form -> {
                    String source = oneClick(form) ? "one_click" : "link";
                    Instant now = clock.instant();
                    return transactions
                            .transactional(sends.find(claims.get().sendId())
                                    .flatMap(send -> suppressions
                                            .suppress(
                                                    send.clientId(),
                                                    send.content().toId(),
                                                    send.touch().contactId(),
                                                    "unsubscribed",
                                                    source,
                                                    now)
                                            .flatMap(added -> added
                                                    ? outbox.append(events.engagement(
                                                            send,
                                                            "Unsubscribed",
                                                            Unsubscribed.newBuilder()
                                                                    .setSendId(send.id()
                                                                            .toString())
                                                                    .setEmail(send.content()
                                                                            .toId())
                                                                    .setAt(now)
                                                                    .setSource(source)
                                                                    .build()))
                                                    : Mono.empty())
                                            .then(cancelling.ofContact(
                                                    send.clientId(),
                                                    send.touch().contactId(),
                                                    "the contact unsubscribed",
                                                    now))
                                            .thenReturn(page(
                                                    HttpStatus.OK,
                                                    "Unsubscribed",
                                                    "<p>You are unsubscribed and will not hear from us again.</p>"))))
                            .defaultIfEmpty(page(
                                    HttpStatus.NOT_FOUND,
                                    "This link is not valid",
                                    "<p>This unsubscribe link is not valid.</p>"));
                });
    }

    private static boolean oneClick(MultiValueMap<String, String> form) {
        return "One-Click".equals(form.getFirst("List-Unsubscribe"));
    }

    private static ResponseEntity<String> page(HttpStatus status, String title, String content) {
        return ResponseEntity.status(status)
                .contentType(MediaType.TEXT_HTML)
                .body("<!DOCTYPE html><html><head><title>" + title + "</title></head><body>" + content
                        + "</body></html>");
    }
}
