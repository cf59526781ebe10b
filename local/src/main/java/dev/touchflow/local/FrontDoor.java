package dev.touchflow.local;

import dev.touchflow.local.issuer.LocalIssuer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where people and agents come in: the local token issuer, started first (the services discover it
 * through its URL), and the console, started once the services listen. The console's client secret is
 * kept in {@code .touchflow/console-client-secret}.
 */
final class FrontDoor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

    private final LocalSettings settings;
    private final String issuerUrl;
    private final String consoleSecret;
    private final ConfigurableApplicationContext issuer;
    private ConfigurableApplicationContext console;

    private FrontDoor(LocalSettings settings, String issuerUrl) {
        this.settings = settings;
        this.issuerUrl = issuerUrl;
        this.consoleSecret = LocalSecret.readOrCreate(settings.stateDirectory().resolve("console-client-secret"));
        this.issuer = LocalIssuer.start(
                settings.services().issuer(),
                issuerUrl,
                settings.stateDirectory().resolve("issuer"),
                LocalIssuer.consoleRedirectUri(settings.services().console()),
                consoleSecret);
        log.info("local token issuer started at {}", issuerUrl);
    }

    static FrontDoor openIssuer(LocalSettings settings, String issuerUrl) {
        return new FrontDoor(settings, issuerUrl);
    }

    void openConsole(Backbone backbone, String databasePassword) {
        console = LocalConsole.start(settings, backbone, databasePassword, issuerUrl, consoleSecret);
        log.info("console started at {}", LocalConsole.url(settings));
    }

    ConfigurableApplicationContext console() {
        if (console == null) {
            throw new IllegalStateException("the console is not open");
        }
        return console;
    }

    void closeConsole() {
        if (console != null) {
            console.close();
            console = null;
        }
    }

    @Override
    public void close() {
        closeConsole();
        issuer.close();
    }
}
