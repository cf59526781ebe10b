package dev.touchflow.local.chaos;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.local.ConsumerLag;
import dev.touchflow.local.workload.Workload;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What happened, read from the SMTP sink, the services' tables and the topics, and judged against
 * the promise: no message delivered twice, no approved touch lost, nobody written to after opting
 * out, every contact where their script leads, nothing left in an outbox or behind in a consumer group.
 */
final class History {

    private final String prefix;
    private final RunTables tables;
    private final Workload workload;
    private final MailSink mail;
    private final ConsumerLag lag;

    History(
            String prefix,
            Workload workload,
            MailSink mail,
            Function<String, DataSource> databases,
            String bootstrapServers) {
        this.prefix = prefix;
        this.tables = new RunTables(prefix, databases);
        this.workload = workload;
        this.mail = mail;
        this.lag = new ConsumerLag(bootstrapServers);
    }

    /** The verdict on one moment of the history. */
    record Verdict(
            int enrollments,
            int delivered,
            int duplicates,
            List<String> lost,
            int unknown,
            int optedOutContacted,
            List<String> stuck,
            int unsettledSends,
            long outboxUnpublished,
            long consumerLag,
            long deadLettered) {

        boolean settled() {
            return stuck.isEmpty() && unsettledSends == 0 && outboxUnpublished == 0 && consumerLag == 0;
        }
    }

    /**
     * Reads the pipeline's backlog (outboxes and consumer lag) before anything else, then the tables. Only the
     * workload approves, and it waits while a verdict is read; so when nothing was unpublished or unconsumed at
     * the first read, every approval read after it has reached dispatch-service and has its send. Read the
     * other way round, an approval consumed between the two reads would look lost in a verdict that looks settled.
     */
    Verdict judge() throws SQLException {
        long outboxUnpublished = tables.outboxUnpublished();
        long consumerLag = consumerLag();
        List<MimeMessage> delivered = deliveries();
        List<RunTables.SendRow> sends = tables.sends();
        Map<String, RunTables.SendRow> byMessageId = sends.stream()
                .filter(send -> send.messageId() != null)
                .collect(Collectors.toMap(RunTables.SendRow::messageId, send -> send, (a, b) -> a));
        Map<String, Integer> perMessageId = new HashMap<>();
        Map<String, Integer> perTouch = new HashMap<>();
        Map<String, Integer> perRecipient = new HashMap<>();
        int duplicates = 0;
        for (MimeMessage message : delivered) {
            String messageId = header(message, "Message-ID");
            if (perMessageId.merge(messageId, 1, Integer::sum) > 1) {
                duplicates++;
                continue;
            }
            RunTables.SendRow send = byMessageId.get(messageId);
            String touch =
                    send == null ? "unmatched:" + messageId : send.to() + "|" + send.campaign() + "|" + send.step();
            if (perTouch.merge(touch, 1, Integer::sum) > 1) {
                duplicates++;
            }
            perRecipient.merge(recipient(message), 1, Integer::sum);
        }
        Set<String> approved = tables.approvedDrafts();
        Map<String, RunTables.SendRow> sendByDraft =
                sends.stream().collect(Collectors.toMap(RunTables.SendRow::draftId, send -> send, (a, b) -> a));
        List<String> lost = new ArrayList<>();
        for (String draft : approved) {
            RunTables.SendRow send = sendByDraft.get(draft);
            boolean accounted = send != null
                    && ("sent".equals(send.status())
                            || "unknown".equals(send.status())
                            || "cancelled".equals(send.status()) && send.reason() != null);
            boolean underWay = send != null && ("pending".equals(send.status()) || "sending".equals(send.status()));
            if (!accounted && !underWay) {
                lost.add(draft + (send == null ? ": no send" : ": send " + send.status() + " (" + send.reason() + ")"));
            }
        }
        int unsettled = (int) sends.stream()
                .filter(send -> "pending".equals(send.status()) || "sending".equals(send.status()))
                .count();
        int unknown = (int)
                sends.stream().filter(send -> "unknown".equals(send.status())).count();
        return new Verdict(
                tables.enrollments(),
                delivered.size(),
                duplicates,
                lost,
                unknown,
                optedOutContacted(sends, delivered),
                ScriptOutcomes.stuck(workload, perRecipient, sends),
                unsettled,
                // the larger of the two reads: 0 only when both were, and a row seen twice is counted once
                Math.max(outboxUnpublished, tables.outboxUnpublished()),
                Math.max(consumerLag, consumerLag()),
                deadLettered());
    }

    /** Every message the sink took for a contact of this run. */
    List<MimeMessage> deliveries() {
        List<MimeMessage> ours = new ArrayList<>();
        for (MimeMessage message : mail.greenMail().getReceivedMessages()) {
            if (recipient(message).startsWith(prefix + "-")) {
                ours.add(message);
            }
        }
        return ours;
    }

    /**
     * Messages delivered to an address after it was suppressed, of sends handed to the server after the
     * suppression was recorded (a send already in the server's hands when the opt-out arrived is not
     * one Touchflow could still stop).
     */
    private int optedOutContacted(List<RunTables.SendRow> sends, List<MimeMessage> delivered) throws SQLException {
        Map<String, Instant> suppressedAt = tables.suppressedAt();
        Set<String> deliveredIds =
                delivered.stream().map(message -> header(message, "Message-ID")).collect(Collectors.toSet());
        return (int) sends.stream()
                .filter(send -> deliveredIds.contains(send.messageId()))
                .filter(send -> {
                    Instant at = suppressedAt.get(send.to());
                    return at != null
                            && send.claimedAt() != null
                            && send.claimedAt().isAfter(at);
                })
                .count();
    }

    /** Records not yet consumed by Touchflow's consumer groups, over every partition they read. */
    long consumerLag() {
        return lag.ofTouchflow();
    }

    /** Records in every dead-letter topic: the workload publishes only valid records, so any is a record lost. */
    long deadLettered() {
        return lag.deadLettered();
    }

    /** The number of rows in every table of every service, to compare before and after a replay. */
    Map<String, Long> rowCounts() throws SQLException {
        return tables.rowCounts();
    }

    private static String recipient(MimeMessage message) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to == null || to.length == 0
                    ? ""
                    : ((InternetAddress) to[0]).getAddress().toLowerCase(Locale.ROOT);
        } catch (MessagingException e) {
            return "";
        }
    }

    private static String header(MimeMessage message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null ? "" : values[0];
        } catch (MessagingException e) {
            return "";
        }
    }
}
