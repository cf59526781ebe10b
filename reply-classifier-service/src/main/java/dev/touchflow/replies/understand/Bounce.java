package dev.touchflow.replies.understand;

/**
 * What a delivery report says.
 *
 * @param kind      hard (5.x.x, or a permanent failure in words), soft (4.x.x, delayed, mailbox full),
 *                  or complaint (a feedback-loop report: the recipient marked the mail as spam)
 * @param recipient the address that failed or complained, when the report names it
 * @param status    the enhanced status code (RFC 3463), when given
 * @param source    how it was recognised: dsn, arf, or text
 */
public record Bounce(String kind, String recipient, String status, String source) {

    public boolean hard() {
        return "hard".equals(kind);
    }
}
