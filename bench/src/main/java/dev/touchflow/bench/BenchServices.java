package dev.touchflow.bench;

import dev.touchflow.embedded.IssuerKeys;
import dev.touchflow.embedded.KraftBroker;
import dev.touchflow.embedded.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A service under measurement, started through its application on the benchmark's broker and database. */
final class BenchServices {

    /** The issuer of the tokens the services trust; a benchmark that calls an API mints its own. */
    static final String ISSUER = "https://bench.invalid";

    private BenchServices() {}

    /**
     * Starts the application with its configuration, on a random port, quiet, on this broker and its own
     * database (as the superuser; {@code -Dbench.r2dbc.options} is appended to the R2DBC URL), trusting
     * tokens signed with {@code keys}; the extra {@code --name=value} arguments come last.
     */
    static ConfigurableApplicationContext start(
            Class<?> application,
            String configName,
            String database,
            KraftBroker broker,
            PostgresServer postgres,
            IssuerKeys keys,
            String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.config.name=" + configName,
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--logging.level.root=WARN",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                "--spring.r2dbc.url=" + postgres.r2dbcUrl(database) + System.getProperty("bench.r2dbc.options", ""),
                "--spring.r2dbc.username=postgres",
                "--spring.flyway.url=" + postgres.jdbcUrl(database),
                "--spring.flyway.user=postgres",
                "--touchflow.security.jwk-set=" + keys.publicJwkSet(),
                "--touchflow.security.issuer=" + ISSUER));
        arguments.addAll(List.of(extra));
        return new SpringApplicationBuilder(application)
                .registerShutdownHook(false)
                .run(arguments.toArray(String[]::new));
    }
}
