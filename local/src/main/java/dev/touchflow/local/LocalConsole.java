package dev.touchflow.local;

import dev.touchflow.console.ConsoleApplication;
import dev.touchflow.embedded.OwnerOnlyFiles;
import dev.touchflow.local.issuer.People;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The console on the runner, in this JVM: people sign in through the local issuer and it calls the
 * services as them. On the first start the operator gets a sign-in of their own, an admin of every client,
 * its password kept in {@code .touchflow/operator-password}.
 */
final class LocalConsole {

    private LocalConsole() {}

    static final String DATABASE = "touchflow_console";

    static ConfigurableApplicationContext start(
            LocalSettings settings, Backbone backbone, String databasePassword, String issuer, String clientSecret) {
        ensureOperator(settings.stateDirectory());
        // its read model in a database of its own, owned by a role of its own, like every service's
        backbone.postgres().ensureOwnedDatabase(DATABASE, DATABASE, databasePassword);
        String database = "127.0.0.1:" + backbone.postgresPort() + "/" + DATABASE;
        LocalSettings.Ports ports = settings.services();
        return new SpringApplicationBuilder(ConsoleApplication.class)
                .registerShutdownHook(false)
                .run(
                        "--" + ConsoleApplication.CONFIG_NAME,
                        "--spring.main.banner-mode=off",
                        "--spring.main.log-startup-info=false",
                        "--server.address=127.0.0.1",
                        "--server.port=" + ports.console(),
                        "--spring.kafka.bootstrap-servers=" + backbone.bootstrapServers(),
                        "--spring.kafka.client-id=console",
                        "--spring.r2dbc.url=r2dbc:postgresql://" + database,
                        "--spring.r2dbc.username=" + DATABASE,
                        "--spring.r2dbc.password=" + databasePassword,
                        "--spring.flyway.url=jdbc:postgresql://" + database,
                        "--spring.flyway.user=" + DATABASE,
                        "--spring.flyway.password=" + databasePassword,
                        "--spring.security.oauth2.client.provider.touchflow.issuer-uri=" + issuer,
                        "--spring.security.oauth2.client.registration.touchflow.client-secret=" + clientSecret,
                        "--touchflow.console.enrollment=http://127.0.0.1:" + ports.enrollment(),
                        "--touchflow.console.sequencer=http://127.0.0.1:" + ports.sequencer(),
                        "--touchflow.console.drafting=http://127.0.0.1:" + ports.drafting(),
                        "--touchflow.console.dispatch=http://127.0.0.1:" + ports.dispatch(),
                        "--touchflow.console.replies=http://127.0.0.1:" + ports.replies(),
                        "--logging.level.root=WARN");
    }

    static String url(LocalSettings settings) {
        return "http://127.0.0.1:" + settings.services().console();
    }

    static Path operatorPassword(Path state) {
        return state.resolve("operator-password");
    }

    private static void ensureOperator(Path state) {
        Path passwordFile = operatorPassword(state);
        if (Files.exists(passwordFile)) {
            return;
        }
        String password = new People(state.resolve("issuer").resolve("people.json"))
                .add("operator", List.of("admin"), List.of("*"));
        try {
            OwnerOnlyFiles.write(passwordFile, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + passwordFile, e);
        }
    }
}
