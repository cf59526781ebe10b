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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything in one JVM on embedded defaults: the KRaft broker, PostgreSQL with a database per
 * service, the SMTP/IMAP sink, and the five services, each its own Spring application context.
 */
public final class LocalTouchflow implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(LocalTouchflow.class);

    /** A service of Touchflow, with what the runner needs to start it. */
    public record Service(String name, Class<?> application, String configName, String database, int port) {
    }

    private final LocalSettings settings;
    private final KraftBroker broker;
    private final PostgresServer postgres;
    private final MailSink mail;
    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final List<Service> services;
    private final LocalIdentity identity;
    private ConfigurableApplicationContext issuer;
    private final String tokenSecret;
    private final String databasePassword;

    private LocalTouchflow(LocalSettings settings, KraftBroker broker, PostgresServer postgres, MailSink mail) {
        this.settings = settings;
        this.identity = LocalIdentity.open(settings.stateDirectory(), settings.services().issuer(), settings.clock());
        this.tokenSecret = LocalSecret.readOrCreate(settings.stateDirectory().resolve("token-secret"));
        this.databasePassword = LocalSecret.readOrCreate(settings.stateDirectory().resolve("database-password"));
        this.broker = broker;
        this.postgres = postgres;
        this.mail = mail;
        LocalSettings.Ports ports = settings.services();
        this.services = List.of(
                new Service("enrollment-service", EnrollmentApplication.class, EnrollmentApplication.CONFIG_NAME,
                        "touchflow_enrollment", ports.enrollment()),
                new Service("sequencer-service", SequencerApplication.class, SequencerApplication.CONFIG_NAME,
                        "touchflow_sequencer", ports.sequencer()),
                new Service("drafting-service", DraftingApplication.class, DraftingApplication.CONFIG_NAME,
                        "touchflow_drafting", ports.drafting()),
                new Service("dispatch-service", DispatchApplication.class, DispatchApplication.CONFIG_NAME,
                        "touchflow_dispatch", ports.dispatch()),
                new Service("reply-classifier-service", ReplyClassifierApplication.class,
                        ReplyClassifierApplication.CONFIG_NAME, "touchflow_replies", ports.replies()));
    }

    public static LocalTouchflow start(LocalSettings settings) {
        KraftBroker broker = KraftBroker.start(settings.stateDirectory().resolve("kafka"), settings.kafkaPort(),
                settings.kafkaControllerPort());
        PostgresServer postgres = PostgresServer.start(settings.stateDirectory().resolve("postgres"), settings.postgresPort());
        MailSink mail = MailSink.start(settings.stateDirectory().resolve("mail"), settings.smtpPort(), settings.imapPort());
        LocalTouchflow touchflow = new LocalTouchflow(settings, broker, postgres, mail);
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
            postgres.ensureOwnedDatabase(service.database(), service.database(), databasePassword);
            contexts.put(service.name(), new SpringApplicationBuilder(service.application())
                    .registerShutdownHook(false)
                    .initializers(context -> context.getBeanFactory().registerSingleton("clock", settings.clock()))
                    .run(arguments(service)));
            log.info("{} started on port {}", service.name(), service.port());
        }
    }

    /** The local token issuer, first: the services discover it through its issuer URI. */
    private void startIssuer() {
        issuer = new SpringApplicationBuilder(LocalIssuer.class)
                .registerShutdownHook(false)
                .run("--spring.main.web-application-type=servlet", "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false", "--server.address=127.0.0.1",
                        "--server.port=" + settings.services().issuer(), "--logging.level.root=WARN",
                        "--touchflow.issuer.url=" + identity.issuer(),
                        "--touchflow.issuer.state=" + settings.stateDirectory().resolve("issuer"));
        log.info("local token issuer started at {}", identity.issuer());
    }

    private String[] arguments(Service service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", service.configName().substring("spring.config.name=".length()));
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        properties.put("spring.kafka.client-id", service.name());
        properties.put("spring.r2dbc.url", postgres.r2dbcUrl(service.database()));
        properties.put("spring.r2dbc.username", service.database());
        properties.put("spring.r2dbc.password", databasePassword);
        properties.put("spring.flyway.url", postgres.jdbcUrl(service.database()));
        properties.put("spring.flyway.user", service.database());
        properties.put("spring.flyway.password", databasePassword);
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(mail.smtpPort()));
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
            properties.put("touchflow.dispatch.approval-keys." + LocalIdentity.APPROVAL_KEY_ID, identity.approvalPublicKey());
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
            String[][] mailboxes = {{"justin-b2bea", "b2bea", "justin@b2bea.example"},
                {"justin-dreamborn", "dreamborn", "justin@dreamborn.example"}};
            for (int i = 0; i < mailboxes.length; i++) {
                String prefix = "touchflow.replies.imap.mailboxes[" + i + "].";
                properties.put(prefix + "name", mailboxes[i][0]);
                properties.put(prefix + "client", mailboxes[i][1]);
                properties.put(prefix + "host", "127.0.0.1");
                properties.put(prefix + "port", String.valueOf(mail.imapPort()));
                properties.put(prefix + "username", mailboxes[i][2]);
                properties.put(prefix + "password", mailboxes[i][2]);
                mail.ensureMailbox(mailboxes[i][2]);
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

    public ConfigurableApplicationContext context(String service) {
        return contexts.get(service);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public MailSink mail() {
        return mail;
    }

    public PostgresServer postgres() {
        return postgres;
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
        java.util.Collections.reverse(running);
        running.forEach(ConfigurableApplicationContext::close);
        contexts.clear();
        if (issuer != null) {
            issuer.close();
        }
        mail.close();
        postgres.close();
        broker.close();
    }
}
