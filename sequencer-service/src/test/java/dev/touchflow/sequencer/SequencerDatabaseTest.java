package dev.touchflow.sequencer;

import dev.touchflow.testkit.ServiceUnderTest;
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
}
