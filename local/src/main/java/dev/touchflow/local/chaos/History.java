package dev.touchflow.local.chaos;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.local.ConsumerLag;
import dev.touchflow.local.workload.Workload;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What happened, read from the SMTP sink, the services' tables and the topics, and judged against
 * the promise: no message delivered twice, no approved touch lost, nobody written to after opting
 * out, every contact where their script leads, nothing left in an outbox or behind in a consumer group.
 */
final class History {

    static final List<String> DATABASES = List.of(
            "touchflow_enrollment",
            "touchflow_sequencer",
            "touchflow_drafting",
            "touchflow_dispatch",
            "touchflow_replies");

    private final String prefix;
    private final Workload workload;
    private final MailSink mail;
    private final Function<String, DataSource> databases;
    private final ConsumerLag lag;

    History(
            String prefix,
            Workload workload,
            MailSink mail,
            Function<String, DataSource> databases,
            String bootstrapServers) {
        this.prefix = prefix;
        this.workload = workload;
        this.mail = mail;
        this.databases = databases;
        this.lag = new ConsumerLag(bootstrapServers);
    }

    /** A send as dispatch-service's queue has it. */
    record SendRow(
            String id,
            String draftId,
            String to,
            String campaign,
            int step,
            String status,
            String messageId,
            String reason,
            Instant claimedAt) {}

    /** The verdict on one moment of the history. */
    record Verdict(
            int enrollments,
            int delivered,
            int duplicates,
            int lost,
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

    Verdict judge() throws SQLException {
        List<MimeMessage> delivered = deliveries();
        List<SendRow> sends = sends();
        Map<String, SendRow> byMessageId = sends.stream()
                .filter(send -> send.messageId() != null)
                .collect(Collectors.toMap(SendRow::messageId, send -> send, (a, b) -> a));
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
            SendRow send = byMessageId.get(messageId);
            String touch =
                    send == null ? "unmatched:" + messageId : send.to() + "|" + send.campaign() + "|" + send.step();
            if (perTouch.merge(touch, 1, Integer::sum) > 1) {
                duplicates++;
            }
            perRecipient.merge(recipient(message), 1, Integer::sum);
        }
        Set<String> approved = approvedDrafts();
        Map<String, SendRow> sendByDraft =
                sends.stream().collect(Collectors.toMap(SendRow::draftId, send -> send, (a, b) -> a));
        int lost = 0;
        for (String draft : approved) {
            SendRow send = sendByDraft.get(draft);
            boolean accounted = send != null
                    && ("sent".equals(send.status())
                            || "unknown".equals(send.status())
                            || "cancelled".equals(send.status()) && send.reason() != null);
            boolean underWay = send != null && ("pending".equals(send.status()) || "sending".equals(send.status()));
            if (!accounted && !underWay) {
                lost++;
            }
        }
        int unsettled = (int) sends.stream()
                .filter(send -> "pending".equals(send.status()) || "sending".equals(send.status()))
                .count();
        int unknown = (int)
                sends.stream().filter(send -> "unknown".equals(send.status())).count();
        return new Verdict(
                enrollments(),
                delivered.size(),
                duplicates,
                lost,
                unknown,
                optedOutContacted(sends, delivered),
                stuck(perRecipient, sends),
                unsettled,
                outboxUnpublished(),
                consumerLag(),
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
     * The contacts whose enrollments are not (yet) where their script leads, each with what is off. A
     * send that ended {@code unknown} may or may not have reached the contact, so it is counted either way.
     */
    private List<String> stuck(Map<String, Integer> deliveredTo, List<SendRow> sends) {
        Map<String, Integer> unknownTo = new HashMap<>();
        sends.stream()
                .filter(send -> "unknown".equals(send.status()))
                .forEach(send -> unknownTo.merge(send.to(), 1, Integer::sum));
        List<String> stuck = new ArrayList<>();
        for (Workload.Contact contact : workload.contacts()) {
            String address = contact.email.toLowerCase(Locale.ROOT);
            int received = deliveredTo.getOrDefault(address, 0);
            int unknown = unknownTo.getOrDefault(address, 0);
            Optional<Workload.EnrollmentRow> main = workload.enrollment(contact, workload.mainCampaign());
            String reason = main.map(Workload.EnrollmentRow::exitReason).orElse(null);
            String problem = switch (contact.script) {
                case PLAIN ->
                    main.isEmpty()
                            ? "never enrolled"
                            : reason != null && !"no_engagement".equals(reason)
                                    ? "exited " + reason
                                    : count(received, unknown, 2, 2);
                case UNSUBSCRIBE -> expect("unsubscribed", reason, received, unknown, 1, 1);
                case BOUNCE -> expect("bounced", reason, received, unknown, 1, 1);
                case INTERESTED -> {
                    Optional<Workload.EnrollmentRow> chained = workload.enrollment(contact, workload.nextCampaign());
                    String first = expect("converted", reason, received, unknown, 2, 2);
                    yield first != null
                            ? first
                            : chained.isEmpty()
                                    ? "converted but not enrolled in the next campaign"
                                    : chained.get().exitReason() != null
                                                    && !"no_engagement"
                                                            .equals(chained.get()
                                                                    .exitReason())
                                            ? "next campaign ended "
                                                    + chained.get().exitReason()
                                            : null;
                }
                case OUT_OF_OFFICE ->
                    main.isEmpty()
                            ? "never enrolled"
                            : reason != null && !"no_engagement".equals(reason)
                                    ? "exited " + reason
                                    : count(received, unknown, 1, 2);
            };
            if (problem != null) {
                stuck.add(contact.id + " (" + contact.script + "): " + problem);
            }
        }
        return stuck;
    }

    /** {@code received} delivered, and up to {@code unknown} more that may have been. */
    private static String expect(String exit, String actual, int received, int unknown, int least, int most) {
        if (!exit.equals(actual)) {
            return "exit " + actual + ", not " + exit;
        }
        return count(received, unknown, least, most);
    }

    private static String count(int received, int unknown, int least, int most) {
        return received + unknown < least || received > most
                ? received + " messages" + (unknown > 0 ? " (and " + unknown + " unknown)" : "") + ", not " + least
                        + (least == most ? "" : "-" + most)
                : null;
    }

    private int enrollments() throws SQLException {
        return count("touchflow_enrollment", "SELECT count(*) FROM campaign_contacts WHERE contact_id LIKE ?");
    }

    private List<SendRow> sends() throws SQLException {
        List<SendRow> rows = new ArrayList<>();
        try (Connection connection = databases.apply("touchflow_dispatch").getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT id, draft_id, to_id, campaign_slug, step_number, status, message_id, last_error, claimed_at
                     FROM sales_send_queue WHERE contact_id LIKE ?""")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    Timestamp claimed = row.getTimestamp(9);
                    rows.add(new SendRow(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3).toLowerCase(Locale.ROOT),
                            row.getString(4),
                            row.getInt(5),
                            row.getString(6),
                            row.getString(7),
                            row.getString(8),
                            claimed == null ? null : claimed.toInstant()));
                }
            }
        }
        return rows;
    }

    private Set<String> approvedDrafts() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = databases.apply("touchflow_drafting").getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id FROM drafts WHERE status = 'approved' AND contact_id LIKE ?")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    ids.add(row.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Messages delivered to an address after it was suppressed, of sends handed to the server after the
     * suppression was recorded (a send already in the server's hands when the opt-out arrived is not
     * one Touchflow could still stop).
     */
    private int optedOutContacted(List<SendRow> sends, List<MimeMessage> delivered) throws SQLException {
        Map<String, Instant> suppressedAt = new HashMap<>();
        try (Connection connection = databases.apply("touchflow_dispatch").getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT address, at FROM suppressions WHERE contact_id LIKE ?")) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    suppressedAt.put(
                            row.getString(1).toLowerCase(Locale.ROOT),
                            row.getTimestamp(2).toInstant());
                }
            }
        }
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

    long outboxUnpublished() throws SQLException {
        long total = 0;
        for (String database : DATABASES) {
            try (Connection connection = databases.apply(database).getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet row =
                            statement.executeQuery("SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL)"
                                    + " + (SELECT count(*) FROM outbox_quarantine)")) {
                row.next();
                total += row.getLong(1);
            }
        }
        return total;
    }

    /** A count over one service's table, of this run's contacts (the one parameter is their id pattern). */
    private int count(String database, String sql) throws SQLException {
        try (Connection connection = databases.apply(database).getConnection();
                PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, prefix + "-%");
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
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
        Map<String, Long> counts = new TreeMap<>();
        for (String database : DATABASES) {
            try (Connection connection = databases.apply(database).getConnection();
                    Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet names =
                        statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                                + " AND tablename <> 'flyway_schema_history'")) {
                    while (names.next()) {
                        tables.add(names.getString(1));
                    }
                }
                for (String table : tables) {
                    try (ResultSet count = statement.executeQuery("SELECT count(*) FROM \"" + table + "\"")) {
                        count.next();
                        counts.put(database + "." + table, count.getLong(1));
                    }
                }
            }
        }
        return counts;
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
