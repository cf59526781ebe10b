package dev.touchflow.local.workload;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.local.LocalSettings;
import dev.touchflow.local.Pause;
import dev.touchflow.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

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

    private final String prefix;
    private final LocalSettings.Ports ports;
    private final OperatorApi api;
    private final MailSink mail;
    private final EnrollmentLookup enrollments;
    private final ScriptedPeople people;
    private final KafkaProducer<String, String> producer;
    private final Map<String, ScriptedContact> contacts = new ConcurrentHashMap<>();
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
        this.enrollments = new EnrollmentLookup(enrollmentDatabase);
        this.mainCampaign = prefix.replace('-', '_') + "_main";
        this.nextCampaign = prefix.replace('-', '_') + "_next";
        this.people = new ScriptedPeople(contacts, approvedAt, ports, api, mail, enrollments, mainCampaign);
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

    public Collection<ScriptedContact> contacts() {
        return contacts.values();
    }

    public ScriptedPeople people() {
        return people;
    }

    public EnrollmentLookup enrollments() {
        return enrollments;
    }

    /**
     * Creates the run's two campaigns: two touches at once (the second waits for its approver, who waits
     * for the answer to the first), and a one-touch campaign that converted contacts move to. Both keep
     * a grace of half an hour after the final touch, longer than any run's outages: an enrollment that
     * ends withdraws what it has not sent, and the faults must not be what ends it.
     */
    public void createCampaigns() {
        WorkloadCampaigns.create(api, ports.enrollment(), mainCampaign, nextCampaign);
    }

    /** Books a meeting for a new contact whose script is {@code script}. */
    public void book(int number, Script script) {
        ScriptedContact contact = new ScriptedContact(prefix + "-" + number, script);
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
        people.routeBookedMeetings();
        people.approveDrafts();
        people.answerTouches();
        people.convertInterested();
    }

    /** When each approved draft was approved (the start of its approve call), by draft id. */
    public Map<String, Instant> approvals() {
        return Map.copyOf(approvedAt);
    }

    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
