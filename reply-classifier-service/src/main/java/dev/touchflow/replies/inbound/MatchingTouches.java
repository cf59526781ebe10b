package dev.touchflow.replies.inbound;

import dev.touchflow.replies.thread.SentMessage;
import dev.touchflow.replies.thread.SentMessages;
import dev.touchflow.replies.understand.Addresses;
import dev.touchflow.replies.understand.Bounce;
import dev.touchflow.replies.understand.RawMail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Finds the touch a received message answers, by its thread or else by its address. */
@Component
class MatchingTouches {

    private static final Pattern MESSAGE_ID = Pattern.compile("<[^<>\\s]+>");

    private final SentMessages sentMessages;

    MatchingTouches(SentMessages sentMessages) {
        this.sentMessages = sentMessages;
    }

    record Match(SentMessage sent, String by) {}

    /**
     * The touch a message answers: by thread (In-Reply-To and References, and for a delivery report
     * the Message-ID of the returned original), else by address (the sender, or the recipient a
     * delivery report names).
     */
    Mono<Match> match(String clientId, InboundEmail email, Optional<RawMail> raw, Optional<Bounce> bounce) {
        List<String> referenced = new ArrayList<>();
        String returnedOriginal =
                raw.map(mail -> mail.originalHeaders().get("message-id")).orElse(null);
        for (String header : new String[] {email.header("In-Reply-To"), email.header("References"), returnedOriginal}) {
            if (header != null) {
                Matcher matcher = MESSAGE_ID.matcher(header);
                while (matcher.find()) {
                    referenced.add(matcher.group());
                }
            }
        }
        Mono<Match> byThread = referenced.isEmpty()
                ? Mono.empty()
                : sentMessages.latestOf(clientId, referenced).map(sent -> new Match(sent, "thread"));
        String from = bounce.map(Bounce::recipient)
                .filter(recipient -> recipient != null)
                .orElseGet(() -> Addresses.first(email.from()));
        Mono<Match> bySender = from == null
                ? Mono.empty()
                : sentMessages.latestTo(clientId, from).map(sent -> new Match(sent, "sender"));
        return byThread.switchIfEmpty(bySender);
    }
}
