package dev.touchflow.replies.thread;

import dev.touchflow.platform.security.Caller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Which touch a Message-ID belongs to. */
@RestController
@RequestMapping("/api/v1/sent-messages")
class ThreadController {

    private final SentMessages sent;

    ThreadController(SentMessages sent) {
        this.sent = sent;
    }

    @GetMapping
    Mono<SentMessage> find(@RequestParam("message_id") String messageId, Caller caller) {
        return caller.visible(
                sent.find(messageId), SentMessage::clientId, "no touch was sent with Message-ID " + messageId);
    }
}
