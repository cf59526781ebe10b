package dev.touchflow.platform.r2dbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.testkit.TestInfrastructure;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import io.r2dbc.postgresql.extension.Extension;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The binary parameters mean to the server exactly what the driver's own text encoding means:
 * every value is sent both ways, over a connection with the extension and one without, and the
 * server's text rendering of the two must be the same.
 */
class BinaryParametersIT {

    private static Connection binary;
    private static Connection text;

    @BeforeAll
    static void connect() {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(infrastructure.r2dbcUrl("postgres"))
                .mutate()
                .option(ConnectionFactoryOptions.USER, infrastructure.user())
                .option(ConnectionFactoryOptions.PASSWORD, infrastructure.password())
                .build();
        binary = Mono.from(ConnectionFactories.get(options).create()).block(Duration.ofSeconds(30));
        text = Mono.from(ConnectionFactories.get(options.mutate()
                                .option(PostgresqlConnectionFactoryProvider.AUTODETECT_EXTENSIONS, false)
                                .build())
                        .create())
                .block(Duration.ofSeconds(30));
    }

    @AfterAll
    static void close() {
        Mono.from(binary.close()).block(Duration.ofSeconds(10));
        Mono.from(text.close()).block(Duration.ofSeconds(10));
    }

    @Test
    void theDriverFindsTheExtension() {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
                .contains(BinaryParameters.class);
    }

    @Test
    void uuidArraysWithNullsAndEmptyOnes() {
        sameBothWays("uuid[]", new UUID[] {UUID.randomUUID(), null, new UUID(0, 0), new UUID(-1, -1)});
        sameBothWays("uuid[]", new UUID[0]);
    }

    @Test
    void instantsRoundToMicrosecondsAsTheServerRounds() {
        sameBothWays("timestamptz[]", new Instant[] {
            Instant.parse("2026-03-08T07:00:00Z"),
            null,
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("1999-12-31T23:59:59.999999Z"),
            Instant.parse("2000-01-01T00:00:00.0000004Z"),
            Instant.parse("2000-01-01T00:00:00.0000006Z"),
            Instant.parse("2026-12-01T14:03:51.123456789Z"),
            Instant.parse("1901-06-01T12:00:00.5Z"),
            Instant.parse("9999-12-31T23:59:59Z")
        });
    }

    @Test
    void datesAroundBothEpochs() {
        sameBothWays("date[]", new LocalDate[] {
            LocalDate.of(2000, 1, 1),
            LocalDate.of(1999, 12, 31),
            LocalDate.of(1970, 1, 1),
            LocalDate.of(2026, 2, 28),
            null,
            LocalDate.of(2028, 2, 29),
            LocalDate.of(1, 1, 1)
        });
    }

    @Test
    void integersLongsAndBooleans() {
        sameBothWays("int[]", new Integer[] {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, null});
        sameBothWays("bigint[]", new Long[] {0L, Long.MAX_VALUE, Long.MIN_VALUE, null});
        sameBothWays("boolean[]", new Boolean[] {true, false, null});
    }

    @Test
    void textWithQuotesBackslashesCommasBracesAndNonAsciiLetters() {
        sameBothWays("text[]", new String[] {
            "plain",
            "",
            "NULL",
            null,
            "a,b",
            "{x}",
            "say \"hi\"",
            "back\\slash",
            " spaced ",
            "Grüße, 東京",
            "emoji 🙂",
            "line\nbreak"
        });
        sameBothWays("text[]", new String[0]);
        String[] longer = new String[300]; // past the room guessed at first for each element
        for (int i = 0; i < longer.length; i++) {
            longer[i] = "contact-" + i + "@a-rather-long-domain.example " + "x".repeat(i % 50);
        }
        sameBothWays("text[]", longer);
    }

    @Test
    void byteaOfEveryByteValue() {
        byte[] bytes = new byte[512];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        sameBothWays("bytea", bytes);
        sameBothWays("bytea", "touchflow".getBytes(StandardCharsets.UTF_8));
        sameBothWays("bytea", new byte[0]);
    }

    @Test
    void aTypedNullIsNull() {
        assertThat(render(binary, "SELECT CAST($1 AS uuid[]) IS NULL", null, UUID[].class))
                .isEqualTo("true");
        assertThat(render(binary, "SELECT CAST($1 AS bytea) IS NULL", null, byte[].class))
                .isEqualTo("true");
    }

    private static void sameBothWays(String type, Object value) {
        String sql = "SELECT CAST(CAST($1 AS " + type + ") AS text)";
        String sentAsText = render(text, sql, value, value.getClass());
        assertThat(render(binary, sql, value, value.getClass())).isEqualTo(sentAsText);
    }

    private static String render(Connection connection, String sql, Object value, Class<?> type) {
        var statement = connection.createStatement(sql);
        if (value == null) {
            statement.bindNull("$1", type);
        } else {
            statement.bind("$1", value);
        }
        return Flux.from(statement.execute())
                .flatMap(result -> result.map((row, meta) -> String.valueOf(row.get(0))))
                .blockFirst(Duration.ofSeconds(10));
    }
}
