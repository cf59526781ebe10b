package dev.touchflow.platform.kafka;

import dev.touchflow.platform.fault.Failures;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * A batch listener's way to dead-letter a record that can never be processed, on its own thread and
 * without stopping the batch: what the error handler does with a record listener's invalid record
 * (the same recoverer, headers, metrics and log line), and the commit after the batch waits for the
 * dead letter as ever ({@link DeadLetters}). Handing such a record to the error handler instead
 * ({@code BatchListenerFailedException}) costs a commit and a poll per record: about 75 invalid
 * records a second on one partition, against 1,400 to 1,900 this way ({@code bench dead-letters}).
 */
public final class InvalidRecords {

    private static final Logger log = LoggerFactory.getLogger(InvalidRecords.class);

    private final ConsumerRecordRecoverer recoverer;
    private final ConsumerWaits waits;

    InvalidRecords(ConsumerRecordRecoverer recoverer, ConsumerWaits waits) {
        this.recoverer = recoverer;
        this.waits = waits;
    }

    /** Dead-letters the record for a failure of its own; a dependency's failure is never one (it throws back). */
    public void deadLetter(ConsumerRecord<?, ?> record, RuntimeException failure) {
        if (Failures.ofDependency(failure)) {
            throw failure;
        }
        // wrapped as the container wraps a listener's exception, so the headers name the same cause
        recoverer.accept(record, new ListenerExecutionFailedException(Failures.rootMessage(failure), failure));
        deadLettered(log, waits, record, failure);
    }

    /** What follows a dead letter, whoever sent it: the consumer's waits told, one line at ERROR with the cause. */
    static void deadLettered(Logger log, ConsumerWaits waits, ConsumerRecord<?, ?> record, Throwable failure) {
        waits.deadLettered(record);
        log.error(
                "{}-{}@{} sent to the dead-letter topic: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                Failures.rootMessage(failure));
    }
}
