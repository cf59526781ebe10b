package dev.touchflow.local;

import dev.touchflow.embedded.MailSink;
import dev.touchflow.embedded.PostgresServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Everything on embedded defaults: the KRaft broker, PostgreSQL with a database per service, the
 * SMTP/IMAP sink, the local token issuer, the five services and the console. By default each service is its own
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

    private final LocalSettings settings;
    private final Backbone backbone;
    private final Mode mode;
    private final Map<String, ConfigurableApplicationContext> contexts = new LinkedHashMap<>();
    private final ServiceProcesses processes;
    private final List<Service> services;
    private final LocalIdentity identity;
    private FrontDoor frontDoor;
    private final String tokenSecret;
    private final String databasePassword;
    private final ServiceArguments arguments;

    private LocalTouchflow(LocalSettings settings, Backbone backbone, Mode mode) {
        this.settings = settings;
        this.identity = LocalIdentity.open(
                settings.stateDirectory(), settings.services().issuer(), settings.clock());
        this.tokenSecret = LocalSecret.readOrCreate(settings.stateDirectory().resolve("token-secret"));
        this.databasePassword =
                LocalSecret.readOrCreate(settings.stateDirectory().resolve("database-password"));
        this.backbone = backbone;
        this.mode = mode;
        this.services = ServiceCatalog.of(settings.services());
        this.arguments = new ServiceArguments(settings, backbone, identity, tokenSecret, databasePassword);
        this.processes = new ServiceProcesses(settings, arguments, mode);
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
        frontDoor = FrontDoor.openIssuer(settings, identity.issuer());
        for (Service service : services) {
            // each service its own login role, owner of its database and nothing else: never the superuser
            backbone.postgres().ensureOwnedDatabase(service.database(), service.database(), databasePassword);
            if ("reply-classifier-service".equals(service.name())) {
                ServiceArguments.LOCAL_MAILBOXES.forEach(
                        mailbox -> backbone.mail().ensureMailbox(mailbox[2]));
            }
            if (mode == Mode.ONE_JVM) {
                contexts.put(
                        service.name(),
                        new SpringApplicationBuilder(service.application())
                                .registerShutdownHook(false)
                                .initializers(context ->
                                        context.getBeanFactory().registerSingleton("clock", settings.clock()))
                                .run(arguments.of(service)));
            } else {
                processes.start(service);
            }
            log.info("{} started on port {}", service.name(), service.port());
        }
        processes.awaitListening();
        frontDoor.openConsole(backbone, databasePassword);
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

    /** The console's application context: it always runs in this JVM. */
    public ConfigurableApplicationContext console() {
        return frontDoor.console();
    }

    public Mode mode() {
        return mode;
    }

    /** Kills a service's process with {@code SIGKILL}: no shutdown hook, no flush, no goodbye. */
    public void kill(String service) {
        processes.kill(service);
    }

    /** Stops a service's process as a deployment would (SIGTERM), waiting for it to end. */
    public void stop(String service) {
        processes.stop(service);
    }

    /** Starts a service's process again (if it is not running) and waits until it listens. */
    public void restart(String service) {
        processes.restart(service);
    }

    public boolean isAlive(String service) {
        return processes.isAlive(service);
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

    /** The console's URL, where people sign in. */
    public String consoleUrl() {
        return LocalConsole.url(settings);
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
        if (frontDoor != null) {
            frontDoor.closeConsole();
        }
        List<ConfigurableApplicationContext> running = new ArrayList<>(contexts.values());
        Collections.reverse(running);
        running.forEach(ConfigurableApplicationContext::close);
        contexts.clear();
        processes.stopAll();
        if (frontDoor != null) {
            frontDoor.close();
        }
        try {
            backbone.resources().close();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the broker, the database or the mail sink", e);
        }
    }
}
