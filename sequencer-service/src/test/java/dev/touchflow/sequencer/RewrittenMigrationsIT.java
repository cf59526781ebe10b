package dev.touchflow.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.touchflow.testkit.TestInfrastructure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * V4, V5 and V8 once reshaped the platform's outbox themselves; that moved to the platform's transient
 * outbox. A database migrated with the old three (kept in the test resources as they were) still
 * starts: the sequencer's callback records the rewritten checksums, and the outbox keeps its shape.
 */
class RewrittenMigrationsIT {

    private static final String SEQUENCER = "classpath:db/migration/sequencer";
    private static final String PLATFORM = "classpath:db/platform";
    private static final String TRANSIENT_OUTBOX = "classpath:db/platform-transient-outbox";

    private final TestInfrastructure infrastructure = TestInfrastructure.get();
    private final String database = infrastructure.newDatabase("sequencer_rewritten");

    @Test
    void aDatabaseMigratedWithTheOldMigrationsValidatesAndKeepsItsOutboxShape(@TempDir Path before)
            throws IOException, SQLException {
        // Given a database migrated with the sequencer's migrations as they were before the rewrite
        migrationsAsTheyWere(before);
        flyway(PLATFORM, "filesystem:" + before).load().migrate();

        // When the sequencer starts with today's migrations
        // Then without its callback the old checksums would fail validation
        ValidateResult withoutCallback = flyway(SEQUENCER, PLATFORM, TRANSIENT_OUTBOX)
                .skipDefaultCallbacks(true)
                .load()
                .validateWithResult();
        assertThat(withoutCallback.validationSuccessful).isFalse();
        assertThat(withoutCallback.invalidMigrations)
                .filteredOn(invalid -> invalid.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH)
                .extracting(invalid -> invalid.version)
                .containsExactlyInAnyOrder("4", "5", "8");

        // and with it, migrating succeeds, applies the transient outbox, and leaves nothing to repair
        Flyway today = flyway(SEQUENCER, PLATFORM, TRANSIENT_OUTBOX).load();
        today.migrate();
        assertThat(today.validateWithResult().validationSuccessful).isTrue();
        assertThat(today.info().pending()).as("every migration applied").isEmpty();
        assertThat(outboxIndexes()).containsExactly("outbox_pkey");
    }

    /** Today's sequencer migrations, with V4, V5 and V8 replaced by the copies from before the rewrite. */
    private static void migrationsAsTheyWere(Path directory) throws IOException {
        var resolver = new PathMatchingResourcePatternResolver();
        for (Resource migration : resolver.getResources("classpath*:db/migration/sequencer/V*.sql")) {
            copy(migration, directory);
        }
        for (Resource old : resolver.getResources("classpath*:db/sequencer-before-transient-outbox/V*.sql")) {
            copy(old, directory);
        }
    }

    private static void copy(Resource resource, Path directory) throws IOException {
        try (InputStream in = resource.getInputStream()) {
            Files.copy(in, directory.resolve(resource.getFilename()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private FluentConfiguration flyway(String... locations) {
        return Flyway.configure()
                .dataSource(infrastructure.jdbcUrl(database), infrastructure.user(), infrastructure.password())
                .locations(locations)
                .outOfOrder(true);
    }

    private List<String> outboxIndexes() throws SQLException {
        try (var connection = DriverManager.getConnection(
                        infrastructure.jdbcUrl(database), infrastructure.user(), infrastructure.password());
                var rows = connection
                        .createStatement()
                        .executeQuery("SELECT indexname FROM pg_indexes WHERE tablename = 'outbox'")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) {
                names.add(rows.getString(1));
            }
            return names;
        }
    }
}
