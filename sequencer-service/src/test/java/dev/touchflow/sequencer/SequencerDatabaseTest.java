package dev.touchflow.sequencer;

import dev.touchflow.testkit.ServiceUnderTest;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The sequencer's context on a database of its own, for tests of one repository at a time. Every
 * sequencer context runs the firing loop and joins the service's consumer group with a clock of its
 * own: closed after its class, it cannot take another class's enrollments or fire its timers.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(properties = SequencerApplication.CONFIG_NAME)
public abstract class SequencerDatabaseTest {

    @Autowired
    protected TransactionalOperator transactions;

    @Autowired
    protected DatabaseClient db;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ServiceUnderTest.register(registry, "sequencer-service");
    }

    /**
     * The planner's plan for {@code explain} (an EXPLAIN, its parameters bound) once {@code insert} has
     * added rows to a table whose statistics were taken just before, as after a quiet night. The insert
     * and the EXPLAIN share a transaction that is rolled back, so the context's own loops never see
     * the rows.
     */
    protected String planAfterInsert(String table, String insert, DatabaseClient.GenericExecuteSpec explain) {
        db.sql("ANALYZE " + table).then().block();
        return transactions
                .execute(tx -> {
                    tx.setRollbackOnly();
                    return db.sql(insert)
                            .then()
                            .thenMany(
                                    explain.map(row -> row.get(0, String.class)).all());
                })
                .collect(Collectors.joining("\n"))
                .block();
    }
}
