package dev.touchflow.local.workload;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.Pause;
import dev.touchflow.schemas.topics.Topics;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.JsonNode;

/**
 * The steady traffic of the fault suite and the soak, as people and upstream systems make it: meetings booked
 * (published as JSON by any Kafka client), routed at the gate by a scripted executive, every touch
 * approved by a scripted approver, contacts answering by email as their script says (interested, out
 * of office, unsubscribe, a hard bounce from their mail server), and interested contacts converted by
 * a person, which chains them into the next campaign through {@code on_exit}. Everything goes through
 * the services' public entry points; what the scripts wait for they read from the tables. Each step a
 * script takes is timed, so the stages that follow it can be measured.
 */
public final class Workload {

    public static final String CLIENT = "b2bea";
    public static final String SENDER = "justin@b2bea.example";
    private static final int GRACE_MINUTES = 30;
    private static final int BULK_APPROVAL = 200;

    /** What a contact does, and so where their enrollment must end. */
    public enum Script {
        PLAIN,
        UNSUBSCRIBE,
        INTERESTED,
        OUT_OF_OFFICE,
        BOUNCE
    }

    /** A contact of the run, how far their script has gone, and when each step was taken. */
    public static final class Contact {
        public final String id;
        public final String email;
        public final Script script;
        volatile boolean routed;
        volatile boolean replied;
        volatile boolean converted;
        volatile Instant bookedAt;
        volatile Instant routedAt;
        volatile Instant repliedAt;

        Contact(String id, Script script) {
            this.id = id;
            this.email = id + "@acme.example";
            this.script = script;
        }

        /** When the meeting was published; null before. */
        public Instant bookedAt() {
            return bookedAt;
        }

        /** When the routing call that succeeded began; null before. */
        public Instant routedAt() {
            return routedAt;
        }

        /** When the contact's answer was handed to the mail server; null before. */
        public Instant repliedAt() {
            return repliedAt;
        }
    }

    private final String prefix;
    private final LocalSettings.Ports ports;
    private final OperatorApi api;
    private final MailSink mail;
    private final Supplier<DataSource> enrollmentDatabase;
    private final KafkaProducer<String, String> producer;
    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final Map<String, Instant> approvedAt = new ConcurrentHashMap<>();
    private final String mainCampaign;
    private final String nextCampaign;

    public Workload(
            String prefix,
            String bootstrapServers,
            LocalSettings.Ports ports,
            OperatorApi api,
            MailSink mail,
            Supplier<DataSource> enrollmentDatabase) {
        this.prefix = prefix;
        this.ports = ports;
        this.api = api;
        this.mail = mail;
        this.enrollmentDatabase = enrollmentDatabase;
        this.mainCampaign = prefix.replace('-', '_') + "_main";
        this.nextCampaign = prefix.replace('-', '_') + "_next";
        // acks=all and idempotence: a booked meeting is written once, to two replicas at least, whichever broker is
        // down
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        600_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        600_000),
                new StringSerializer(),
                new StringSerializer());
    }

    /**
     * What the scripts need of the services: no undo window (the approver is sure), the sender mailbox's
     * daily limit and rate lifted, both touches allowed on one day, relays and schedules polled often,
     * and the mailbox read each second, so what is measured is the pipeline and not a wait people chose.
     */
    public static Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("touchflow.platform.outbox.poll-interval", "100ms");
        settings.put("touchflow.sequencer.poll-interval", "200ms");
        settings.put("touchflow.sequencer.cap.daily-cap", "5");
        settings.put("touchflow.dispatch.undo-window", "0s");
        settings.put("touchflow.dispatch.mailboxes.justin-b2bea.daily-limit", "1000000");
        settings.put("touchflow.dispatch.mailboxes.justin-b2bea.rate-per-second", "1000");
        settings.put("touchflow.replies.imap.poll-interval", "1s");
        return settings;
    }

    public String mainCampaign() {
        return mainCampaign;
    }

    public String nextCampaign() {
        return nextCampaign;
    }

    public Collection<Contact> contacts() {
        return contacts.values();
    }

    /**
     * Creates the run's two campaigns: two touches at once (the second waits for its approver, who waits
     * for the answer to the first), and a one-touch campaign that converted contacts move to. Both keep
     * a grace of half an hour after the final touch, longer than any run's outages: an enrollment that
     * ends withdraws what it has not sent, and the faults must not be what ends it.
     */
    public void createCampaigns() {
        create(
                nextCampaign,
                "Chaos: after the meeting",
                Map.of(),
                GRACE_MINUTES,
                List.of(step(
                        1,
                        "Welcome aboard, {{first_name}}",
                        "Dear {{first_name}},\n\nwelcome to the association. Your onboarding"
                                + " call is booked for next week and the member portal opens today.")));
        create(
                mainCampaign,
                "Chaos: follow-up",
                Map.of("converted", nextCampaign),
                GRACE_MINUTES,
                List.of(
                        step(
                                1,
                                "Step 1 for {{first_name}}",
                                "Hi {{first_name}},\n\nthanks for the meeting. Shall I send the"
                                        + " member rates and the deck?"),
                        step(
                                2,
                                "Following up, {{first_name}}",
                                "Hello again {{first_name}},\n\nthree of your peers joined"
                                        + " last month; happy to introduce you to one of them before you decide.")));
    }

    private void create(
            String slug, String name, Map<String, String> onExit, int graceMinutes, List<Map<String, Object>> steps) {
        Map<String, Object> campaign = Map.of(
                "slug",
                slug,
                "name",
                name,
                "client_id",
                CLIENT,
                "type",
                "membership",
                "owner_role",
                "roles.sales",
                "on_exit",
                onExit,
                "grace_period_minutes",
                graceMinutes,
                "steps",
                steps);
        int status = -1;
        for (int attempt = 0; attempt < 60 && status != 201; attempt++) {
            status = api.post(ports.enrollment(), "/api/v1/campaigns", campaign);
            if (status != 201 && status != -1 && status < 500) {
                throw new IllegalStateException("creating campaign " + slug + " was answered " + status);
            }
            Pause.of(Duration.ofSeconds(1));
        }
        if (status != 201) {
            throw new IllegalStateException("enrollment-service did not create campaign " + slug);
        }
    }

    /** Copy unlike any other step's, so drafting's near-duplicate check passes every draft. */
    private static Map<String, Object> step(int number, String subject, String body) {
        return Map.of(
                "step_number",
                number,
                "delay_minutes",
                0,
                "channel",
                "email",
                "content_type",
                "follow_up",
                "subject_template",
                subject,
                "body_template",
                body);
    }

    /** Books a meeting for a new contact whose script is {@code script}. */
    public void book(int number, Script script) {
        Contact contact = new Contact(prefix + "-" + number, script);
        contacts.put(contact.id, contact);
        contact.bookedAt = Instant.now();
        String event = """
                {"event_id": "%s", "client_id": "%s",
                 "contact": {"id": "%s", "email": "%s", "first_name": "Dana", "last_name": "Ruiz", "company": "Acme"},
                 "meeting": {"booked_at": "2026-04-29T14:00:00Z", "notes": "chaos run"},
                 "booked_by": "roles.bdr", "suggested_campaigns": ["%s"]}
                """.formatted(UUID.randomUUID(), CLIENT, contact.id, contact.email, mainCampaign);
        producer.send(new ProducerRecord<>(Topics.MEETING_BOOKED, CLIENT + ":" + contact.id, event));
    }

    /**
     * Books meetings at {@code perSecond} for {@code length}, a script per contact in turn, and runs
     * {@code eachTurn} every {@code turn} meanwhile; returns how many were booked. A later call books
     * new contacts after those of earlier ones.
     */
    public int bookFor(Duration length, double perSecond, Duration turn, Runnable eachTurn) {
        long start = System.nanoTime();
        long end = start + length.toNanos();
        int booked = 0;
        Script[] scripts = Script.values();
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            while (booked < (int) (elapsed * perSecond) + 1) {
                // numbered on from any earlier booking, so a contact is never booked twice
                int number = contacts.size();
                book(number, scripts[number % scripts.length]);
                booked++;
            }
            eachTurn.run();
            Pause.of(turn);
        }
        return booked;
    }

    /** One round of every scripted person: route, approve, answer, convert. Any service may be down. */
    public void round() {
        routeBookedMeetings();
        approveDrafts();
        answerTouches();
        convertInterested();
    }

    /** The executive routes every pending booked meeting of the run to the main campaign. */
    public void routeBookedMeetings() {
        for (JsonNode request : list(ports.enrollment(), "/api/v1/gate?status=pending&limit=500")) {
            Contact contact = contacts.get(request.path("contact").path("id").asString(""));
            if (contact == null) {
                continue;
            }
            Instant at = Instant.now();
            int status = api.post(
                    ports.enrollment(),
                    "/api/v1/gate/" + request.path("id").asString() + "/route",
                    Map.of("campaigns", List.of(mainCampaign), "goal", "pipeline"));
            if (status == 200 && contact.routedAt == null) {
                contact.routedAt = at;
            }
            contact.routed |= status == 200 || status == 409;
        }
    }

    /**
     * The approver approves every first touch at once; a second touch of a contact who is to answer only
     * once the answer is in (and its effect with it), so the answer decides, as it would for a person
     * reading the reply before approving the next touch. An approval a service refuses (the draft was
     * withdrawn meanwhile) is left, as a person would leave it.
     */
    public void approveDrafts() {
        List<String> approvable = new ArrayList<>();
        for (JsonNode draft : list(ports.drafting(), "/api/v1/drafts?status=pending&limit=500")) {
            Contact contact = contacts.get(draft.path("contact_id").asString(""));
            if (contact != null && mayApprove(contact, draft)) {
                approvable.add(draft.path("id").asString());
            }
        }
        // in pages, as a person approving a list in bulk would
        for (int from = 0; from < approvable.size(); from += BULK_APPROVAL) {
            List<String> page = approvable.subList(from, Math.min(approvable.size(), from + BULK_APPROVAL));
            Instant at = Instant.now();
            if (api.post(ports.drafting(), "/api/v1/drafts/approve", Map.of("ids", page)) == 200) {
                page.forEach(id -> approvedAt.putIfAbsent(id, at));
            }
        }
    }

    private boolean mayApprove(Contact contact, JsonNode draft) {
        if (draft.path("step_number").asInt() == 1 || contact.script == Script.PLAIN) {
            return true;
        }
        if (!contact.replied) {
            return false;
        }
        return switch (contact.script) {
            case OUT_OF_OFFICE -> true;
            // a person converts an interested contact rather than approve their next touch
            case INTERESTED -> false;
            // once the opt-out or bounce has ended the enrollment: the approval must come to nothing
            default ->
                enrollment(contact, mainCampaign)
                        .map(row -> !"active".equals(row.status()))
                        .orElse(false);
        };
    }

    /** Every contact whose script answers does so once their first touch is in their inbox. */
    public void answerTouches() {
        for (Contact contact : contacts.values()) {
            if (contact.script == Script.PLAIN || contact.replied) {
                continue;
            }
            List<MimeMessage> received = mail.inboxOf(contact.email);
            if (received.isEmpty()) {
                continue;
            }
            try {
                String messageId = received.get(0).getHeader("Message-ID")[0];
                Transport.send(answer(contact, messageId));
                contact.repliedAt = Instant.now();
                contact.replied = true;
            } catch (MessagingException e) {
                // the mail server refused; the contact writes again on the next round
            }
        }
    }

    private MimeMessage answer(Contact contact, String inReplyTo) throws MessagingException {
        Properties settings = new Properties();
        settings.put("mail.smtp.host", "127.0.0.1");
        settings.put("mail.smtp.port", String.valueOf(mail.smtpPort()));
        MimeMessage message = new MimeMessage(Session.getInstance(settings));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(SENDER));
        message.setHeader("In-Reply-To", inReplyTo);
        message.setHeader("References", inReplyTo);
        switch (contact.script) {
            case INTERESTED -> {
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Re: Step 1 for Dana");
                message.setText("Yes, please send over the deck and the member rates.");
            }
            case UNSUBSCRIBE -> {
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Re: Step 1 for Dana");
                message.setText("Please remove me from your list.");
            }
            case OUT_OF_OFFICE -> {
                LocalDate back = LocalDate.now(ZoneOffset.UTC)
                        .plusDays(14)
                        .with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
                message.setFrom(new InternetAddress(contact.email, false));
                message.setSubject("Out of Office: Step 1 for Dana");
                message.setHeader("Auto-Submitted", "auto-replied");
                message.setText("I am out of the office until "
                        + back.format(DateTimeFormatter.ofPattern("EEEE, d MMMM yyyy", Locale.ENGLISH))
                        + " with limited access to email.");
            }
            case BOUNCE -> bounce(message, contact, inReplyTo);
            default -> throw new IllegalArgumentException("no answer in script " + contact.script);
        }
        return message;
    }

    /** A delivery status notification (RFC 3464) from the contact's mail server: the mailbox does not exist. */
    private static void bounce(MimeMessage message, Contact contact, String original) throws MessagingException {
        message.setFrom(new InternetAddress("MAILER-DAEMON@mx.acme.example", false));
        message.setSubject("Undelivered Mail Returned to Sender");
        MimeMultipart report = new MimeMultipart("report; report-type=delivery-status");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("This is the mail system at host mx.acme.example.\n\nI'm sorry to have to inform you that your"
                + " message could not be delivered to one or more recipients.\n\n<" + contact.email
                + ">: host mx.acme.example said: 550 5.1.1 <" + contact.email + ">: Recipient address rejected:"
                + " User unknown in virtual mailbox table\n");
        report.addBodyPart(text);
        MimeBodyPart status = new MimeBodyPart();
        status.setContent(
                "Reporting-MTA: dns; mx.acme.example\n\nFinal-Recipient: rfc822; " + contact.email
                        + "\nOriginal-Recipient: rfc822;" + contact.email + "\nAction: failed\nStatus: 5.1.1\n"
                        + "Diagnostic-Code: smtp; 550 5.1.1 <" + contact.email
                        + ">: Recipient address rejected: User unknown\n",
                "message/delivery-status");
        report.addBodyPart(status);
        MimeBodyPart headers = new MimeBodyPart();
        headers.setContent(
                "From: Justin <" + SENDER + ">\nTo: " + contact.email + "\nSubject: Step 1 for Dana\n" + "Message-ID: "
                        + original + "\n",
                "text/rfc822-headers");
        report.addBodyPart(headers);
        message.setContent(report);
    }

    /** An interested contact, once their enrollment is paused for a person, is converted: on to the next campaign. */
    public void convertInterested() {
        for (Contact contact : contacts.values()) {
            if (contact.script != Script.INTERESTED || !contact.replied || contact.converted) {
                continue;
            }
            Optional<EnrollmentRow> paused =
                    enrollment(contact, mainCampaign).filter(row -> "paused".equals(row.status()));
            if (paused.isPresent()) {
                int status = api.put(
                        ports.enrollment(),
                        "/api/v1/enrollments/" + paused.get().id(),
                        Map.of("action", "exit", "reason", "converted"));
                contact.converted = status == 200;
            }
        }
    }

    /** A contact's latest enrollment in a campaign, as enrollment-service's table has it. */
    public record EnrollmentRow(UUID id, String status, String exitReason) {}

    public Optional<EnrollmentRow> enrollment(Contact contact, String campaign) {
        try (Connection connection = enrollmentDatabase.get().getConnection();
                PreparedStatement query = connection.prepareStatement("""
                     SELECT e.id, e.status, e.exit_reason FROM campaign_contacts e JOIN campaigns c ON c.id = e.campaign_id
                     WHERE e.client_id = ? AND e.contact_id = ? AND c.slug = ? ORDER BY e.enrolled_at DESC LIMIT 1""")) {
            query.setString(1, CLIENT);
            query.setString(2, contact.id);
            query.setString(3, campaign);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(
                                new EnrollmentRow(row.getObject(1, UUID.class), row.getString(2), row.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException | RuntimeException down) {
            return Optional.empty();
        }
    }

    private List<JsonNode> list(int port, String path) {
        List<JsonNode> items = new ArrayList<>();
        api.get(port, path).ifPresent(array -> array.forEach(items::add));
        return items;
    }

    /** When each approved draft was approved (the start of its approve call), by draft id. */
    public Map<String, Instant> approvals() {
        return Map.copyOf(approvedAt);
    }

    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
