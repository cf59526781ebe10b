package dev.touchflow.local;

import dev.touchflow.dispatch.DispatchApplication;
import dev.touchflow.drafting.DraftingApplication;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.enrollment.EnrollmentApplication;
import dev.touchflow.local.issuer.LocalIssuer;
import dev.touchflow.replies.ReplyClassifierApplication;
import dev.touchflow.sequencer.SequencerApplication;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything on embedded defaults: the KRaft broker, PostgreSQL with a database per service, the
 * SMTP/IMAP sink, the local token issuer, and the five services. By default each service is its own
 * Spring application context in this JVM; {@linkplain Mode#PROCESSES in processes} each is a child JVM
 * of its own ({@link ServiceProcess}), which can be killed and started again as a deployment's would.
 */
public final class LocalTouchflow implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalTouchflow.class);

    /** A service of Touchflow, with what the runner needs to start it. */
    public record Service(String name, Class<?> application, String configName, String database, int port) {}

    /** How the services run: in this JVM (the default), or each in a child JVM of its own. */
    public enum Mode {
        ONE_JVM,
        PROCESSES
    }

    /**
     * What the services connect to, and who stops it: the runner's own broker, database and mail sink, or
     * the fault suite's cluster and proxies.
     *
     * @param postgresPort the port the services reach PostgreSQL on (a proxy's, for network cuts)
     * @param smtpPort the port dispatch sends to (a fault relay's, for a misbehaving provider)
     */
    public record Backbone(
            String bootstrapServers,
            PostgresServer postgres,
            int postgresPort,
            MailSink mail,
            int smtpPort,
            AutoCloseable resources) {

        /** A single broker, the database and the mail sink on their own ports, under the runner's state. */
        static Backbone embedded(LocalSettings settings) {
            KraftBroker broker = KraftBroker.start(
                    settings.stateDirectory().resolve("kafka"), settings.kafkaPort(), settings.kafkaControllerPort());
            PostgresServer postgres =
                    PostgresServer.start(settings.stateDirectory().resolve("postgres"), settings.postgresPort());
            MailSink mail =
                    MailSink.start(settings.stateDirectory().resolve("mail"), settings.smtpPort(), settings.imapPort());
            return new Backbone(broker.bootstrapServers(), postgres, postgres.port(), mail, mail.smtpPort(), () -> {
                mail.close();
                postgres.close();
                broker.close();
            });
        }
    }

    private final LocalSettings settings;
    private final Backbone backbone;
    private final Mode mode;
    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final Map<String, ServiceProcess.Running> processes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Service> services;
    private final LocalIdentity identity;
    private ConfigurableApplicationContext issuer;
    private final String tokenSecret;
    private final String databasePassword;

    private LocalTouchflow(LocalSettings settings, Backbone backbone, Mode mode) {
        this.settings = settings;
        this.identity = LocalIdentity.open(
                settings.stateDirectory(), settings.services().issuer(), settings.clock());
        this.tokenSecret = LocalSecret.readOrCreate(settings.stateDirectory().resolve("token-secret"));
        this.databasePassword =
                LocalSecret.readOrCreate(settings.stateDirectory().resolve("database-password"));
        this.backbone = backbone;
        this.mode = mode;
        this.services = catalog(settings.services());
    }

    /** The five services, in the order they start. */
    static List<Service> catalog(LocalSettings.Ports ports) {
        return List.of(
                new Service(
                        "enrollment-service",
                        EnrollmentApplication.class,
                        EnrollmentApplication.CONFIG_NAME,
                        "touchflow_enrollment",
                        ports.enrollment()),
                new Service(
                        "sequencer-service",
                        SequencerApplication.class,
                        SequencerApplication.CONFIG_NAME,
                        "touchflow_sequencer",
                        ports.sequencer()),
                new Service(
                        "drafting-service",
                        DraftingApplication.class,
                        DraftingApplication.CONFIG_NAME,
                        "touchflow_drafting",
                        ports.drafting()),
                new Service(
                        "dispatch-service",
                        DispatchApplication.class,
                        DispatchApplication.CONFIG_NAME,
                        "touchflow_dispatch",
                        ports.dispatch()),
                new Service(
                        "reply-classifier-service",
                        ReplyClassifierApplication.class,
                        ReplyClassifierApplication.CONFIG_NAME,
                        "touchflow_replies",
                        ports.replies()));
    }

    /** The service called {@code name}. */
    static Service service(LocalSettings.Ports ports, String name) {
        return catalog(ports).stream()
                .filter(service -> service.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new NoSuchElementException("no service " + name));
    }

    /** Everything in this JVM, on the runner's own broker, database and mail sink. */
    public static LocalTouchflow start(LocalSettings settings) {
        return start(settings, Mode.ONE_JVM);
    }

    public static LocalTouchflow start(LocalSettings settings, Mode mode) {
        return start(settings, Backbone.embedded(settings), mode);
    }

    /** The services on the given backbone, which is closed with them. */
    public static LocalTouchflow start(LocalSettings settings, Backbone backbone, Mode mode) {
        LocalTouchflow touchflow = new LocalTouchflow(settings, backbone, mode);
        try {
            touchflow.startServices();
        } catch (RuntimeException e) {
            touchflow.close();
            throw e;
        }
        return touchflow;
    }

    private void startServices() {
        startIssuer();
        for (Service service : services) {
            // each service its own login role, owner of its database and nothing else: never the superuser
            backbone.postgres().ensureOwnedDatabase(service.database(), service.database(), databasePassword);
            if ("reply-classifier-service".equals(service.name())) {
                LOCAL_MAILBOXES.forEach(mailbox -> backbone.mail().ensureMailbox(mailbox[2]));
            }
            if (mode == Mode.ONE_JVM) {
                contexts.put(
                        service.name(),
                        new SpringApplicationBuilder(service.application())
                                .registerShutdownHook(false)
                                .initializers(context ->
                                        context.getBeanFactory().registerSingleton("clock", settings.clock()))
                                .run(arguments(service)));
            } else {
                processes.put(
                        service.name(), ServiceProcess.start(service, settings.stateDirectory(), arguments(service)));
            }
            log.info("{} started on port {}", service.name(), service.port());
        }
        processes.values().forEach(ServiceProcess.Running::awaitListening);
    }

    /** The sender mailboxes of the seed clients: name, client, address (also the IMAP login). */
    private static final List<String[]> LOCAL_MAILBOXES = List.of(
            new String[] {"justin-b2bea", "b2bea", "justin@b2bea.example"},
            new String[] {"justin-dreamborn", "dreamborn", "justin@dreamborn.example"});

    /** The local token issuer, first: the services discover it through its issuer URI. */
    private void startIssuer() {
        issuer = new SpringApplicationBuilder(LocalIssuer.class)
                .registerShutdownHook(false)
                .run(
                        "--spring.main.web-application-type=servlet",
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--server.address=127.0.0.1",
                        "--server.port=" + settings.services().issuer(),
                        "--logging.level.root=WARN",
                        "--touchflow.issuer.url=" + identity.issuer(),
                        "--touchflow.issuer.state=" + settings.stateDirectory().resolve("issuer"));
        log.info("local token issuer started at {}", identity.issuer());
    }

    private String[] arguments(Service service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", service.configName().substring("spring.config.name=".length()));
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("spring.kafka.bootstrap-servers", backbone.bootstrapServers());
        properties.put("spring.kafka.client-id", service.name());
        String database = "127.0.0.1:" + backbone.postgresPort() + "/" + service.database();
        properties.put("spring.r2dbc.url", "r2dbc:postgresql://" + database);
        properties.put("spring.r2dbc.username", service.database());
        properties.put("spring.r2dbc.password", databasePassword);
        properties.put("spring.flyway.url", "jdbc:postgresql://" + database);
        properties.put("spring.flyway.user", service.database());
        properties.put("spring.flyway.password", databasePassword);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(backbone.smtpPort()));
        properties.put("server.port", String.valueOf(service.port()));
        properties.put("server.address", "127.0.0.1");
        // Every call carries a token of the local issuer, which the services discover like any OpenID provider
        properties.put("touchflow.security.issuer-uri", identity.issuer());
        properties.put("touchflow.profile", "local");
        properties.put("touchflow.enrollment.seed", "classpath:seed/spec-campaigns.json");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.touchflow", "INFO");
        if ("drafting-service".equals(service.name())) {
            // Every approval is signed; dispatch sends only what this key signed for exactly that content
            properties.put("touchflow.drafting.approval-signing.key-id", LocalIdentity.APPROVAL_KEY_ID);
            properties.put("touchflow.drafting.approval-signing.private-key", identity.approvalPrivateKey());
        }
        if ("dispatch-service".equals(service.name())) {
            properties.put(
                    "touchflow.dispatch.approval-keys." + LocalIdentity.APPROVAL_KEY_ID, identity.approvalPublicKey());
            // Unsubscribe and tracking links point here, signed with a key kept in .touchflow/token-secret
            properties.put("touchflow.dispatch.public-url", "http://127.0.0.1:" + service.port());
            properties.put("touchflow.dispatch.token-secret", tokenSecret);
            // A demo sends right after the undo window, with no gap between two sends of one mailbox
            for (String mailbox : List.of("justin-b2bea", "justin-dreamborn")) {
                properties.put("touchflow.dispatch.mailboxes." + mailbox + ".min-gap", "0s");
                properties.put("touchflow.dispatch.mailboxes." + mailbox + ".jitter", "0s");
            }
        }
        if ("reply-classifier-service".equals(service.name())) {
            // Replies to the local senders land in the mail sink; read them over its IMAP server
            for (int i = 0; i < LOCAL_MAILBOXES.size(); i++) {
                String[] mailbox = LOCAL_MAILBOXES.get(i);
                String prefix = "touchflow.replies.imap.mailboxes[" + i + "].";
                properties.put(prefix + "name", mailbox[0]);
                properties.put(prefix + "client", mailbox[1]);
                properties.put(prefix + "host", "127.0.0.1");
                properties.put(prefix + "port", String.valueOf(backbone.mail().imapPort()));
                properties.put(prefix + "username", mailbox[2]);
                properties.put(prefix + "password", mailbox[2]);
            }
            properties.put("touchflow.replies.imap.poll-interval", "5s");
        }
        properties.putAll(settings.overrides());
        List<String> arguments = new ArrayList<>();
        properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
        return arguments.toArray(String[]::new);
    }

    public List<Service> services() {
        return services;
    }

    /** The application context of a service running in this JVM. */
    public ConfigurableApplicationContext context(String service) {
        if (mode != Mode.ONE_JVM) {
            throw new IllegalStateException("the services run in processes of their own; there is no context here");
        }
        return contexts.get(service);
    }

    public Mode mode() {
        return mode;
    }

    /** Kills a service's process with {@code SIGKILL}: no shutdown hook, no flush, no goodbye. */
    public void kill(String service) {
        running(service).kill();
    }

    /** Stops a service's process as a deployment would (SIGTERM), waiting for it to end. */
    public void stop(String service) {
        running(service).stop();
    }

    /** Starts a service's process again (if it is not running) and waits until it listens. */
    public void restart(String service) {
        ServiceProcess.Running current = running(service);
        if (current.isAlive()) {
            return;
        }
        Service described = service(settings.services(), service);
        ServiceProcess.Running started =
                ServiceProcess.start(described, settings.stateDirectory(), arguments(described));
        processes.put(service, started);
        started.awaitListening();
    }

    public boolean isAlive(String service) {
        return running(service).isAlive();
    }

    private ServiceProcess.Running running(String service) {
        ServiceProcess.Running running = processes.get(service);
        if (running == null) {
            throw new IllegalStateException("no process of " + service + " (mode " + mode + ")");
        }
        return running;
    }

    public String bootstrapServers() {
        return backbone.bootstrapServers();
    }

    public MailSink mail() {
        return backbone.mail();
    }

    public PostgresServer postgres() {
        return backbone.postgres();
    }

    /** The local token issuer's URL. */
    public String issuer() {
        return identity.issuer();
    }

    /** The bearer token of the local operator (an admin of every client), kept in {@code <state>/operator-token}. */
    public String operatorToken() {
        return identity.operatorToken();
    }

    public LocalSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        List<ConfigurableApplicationContext> running = new ArrayList<>(contexts.values());
        Collections.reverse(running);
        running.forEach(ConfigurableApplicationContext::close);
        contexts.clear();
        processes.values().forEach(ServiceProcess.Running::signalStop);
        processes.values().forEach(ServiceProcess.Running::stop);
        processes.clear();
        if (issuer != null) {
            issuer.close();
        }
        try {
            backbone.resources().close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the broker, the database or the mail sink", e);
        }
    }
}
