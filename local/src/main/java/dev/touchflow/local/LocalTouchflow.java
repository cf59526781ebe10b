package dev.touchflow.local;

import dev.touchflow.dispatch.DispatchApplication;
import dev.touchflow.drafting.DraftingApplication;
import dev.touchflow.drafting.security.AccessTokens;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;
import dev.touchflow.enrollment.EnrollmentApplication;
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
    private final String operatorToken;
    private final String tokenSecret;

    private LocalTouchflow(LocalSettings settings, KraftBroker broker, PostgresServer postgres, MailSink mail) {
        this.settings = settings;
        this.operatorToken = OperatorToken.readOrCreate(settings.stateDirectory().resolve("operator-token"));
        this.tokenSecret = OperatorToken.readOrCreate(settings.stateDirectory().resolve("token-secret"));
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
        for (Service service : services) {
            postgres.ensureDatabase(service.database());
            contexts.put(service.name(), new SpringApplicationBuilder(service.application())
                    .registerShutdownHook(false)
                    .initializers(context -> context.getBeanFactory().registerSingleton("clock", settings.clock()))
                    .run(arguments(service)));
            log.info("{} started on port {}", service.name(), service.port());
        }
    }

    private String[] arguments(Service service) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.config.name", service.configName().substring("spring.config.name=".length()));
        properties.put("spring.main.banner-mode", "off");
        properties.put("spring.main.log-startup-info", "false");
        properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
        properties.put("spring.kafka.client-id", service.name());
        properties.put("spring.r2dbc.url", postgres.r2dbcUrl(service.database()));
        properties.put("spring.r2dbc.username", postgres.username());
        properties.put("spring.flyway.url", postgres.jdbcUrl(service.database()));
        properties.put("spring.flyway.user", postgres.username());
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", String.valueOf(mail.smtpPort()));
        properties.put("server.port", String.valueOf(service.port()));
        properties.put("touchflow.enrollment.seed", "classpath:seed/spec-campaigns.json");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.dev.touchflow", "INFO");
        if ("dispatch-service".equals(service.name())) {
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
        if ("drafting-service".equals(service.name())) {
            // The local operator may approve drafts and answer drafting tasks; the token is in .touchflow/operator-token
            properties.put("touchflow.drafting.security.tokens[0].name", "operator");
            properties.put("touchflow.drafting.security.tokens[0].sha256", AccessTokens.sha256(operatorToken));
            properties.put("touchflow.drafting.security.tokens[0].roles[0]", "approver");
            properties.put("touchflow.drafting.security.tokens[0].roles[1]", "agent");
        } else {
            // Only drafting-service guards its API; in one JVM the others must not pick its security up
            properties.put("spring.autoconfigure.exclude", String.join(",",
                    "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
                    "org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration",
                    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"));
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

    /** The bearer token of the local operator, kept in {@code <state>/operator-token}. */
    public String operatorToken() {
        return operatorToken;
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
        mail.close();
        postgres.close();
        broker.close();
    }
}
