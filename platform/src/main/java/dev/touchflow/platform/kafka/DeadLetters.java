package dev.touchflow.platform.kafka;

import dev.touchflow.platform.fault.Failures;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Dead letters published without waiting for each one, and never lost. Waiting for the broker's
 * acknowledgement of every dead letter before the next record (what {@link DeadLetterPublishingRecoverer}
 * does) bounds a partition to one invalid record per round trip, about 235 a second with
 * {@code acks=all}; a burst of invalid records then holds up the valid ones behind them for minutes.
 * Here the dead letter is handed to the producer and the consumer goes on; the wait moves to where it
 * matters, the commit: a consumer made by a factory given to {@link #awaitBeforeCommits}
 * first waits for every dead letter its thread handed over, publishing again any that failed, and only
 * then commits the offsets past them. A crash before that commit reads the records again and
 * dead-letters them again (at least once, as before); no offset is ever committed past a dead letter
 * that is not on its topic.
 *
 * <p>Recovery and commits both run on the listener container's consumer thread, so the dead letters
 * awaiting a commit are kept per thread.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ThreadLocal<Deque<Handed>> handed = ThreadLocal.withInitial(ArrayDeque::new);
    private final KafkaOperations<Object, Object> template;
    private final Duration maxBackoff;

    public DeadLetters(KafkaOperations<Object, Object> template, Duration maxBackoff) {
        this.template = template;
        this.maxBackoff = maxBackoff;
    }

    /** The recoverer: builds each dead letter as Spring Kafka does (headers, key, partition) and hands it over. */
    public DeadLetterPublishingRecoverer recoverer(
            BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template, destination) {
            @Override
            public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
                super.accept(record, consumer, asRecordFailure(exception));
            }

            @Override
            protected void publish(
                    ProducerRecord<Object, Object> letter,
                    KafkaOperations<Object, Object> kafka,
                    ConsumerRecord<?, ?> record) {
                handed.get().add(new Handed(letter, handOver(kafka, letter)));
            }
        };
        recoverer.excludeHeader(DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd.EX_STACKTRACE);
        return recoverer;
    }

    /**
     * A batch listener's failure as a record listener's: the cause the dead letter's headers name is
     * the record's own, not the {@link BatchListenerFailedException} that says which record it was.
     */
    static Exception asRecordFailure(Exception exception) {
        if (exception.getCause() instanceof BatchListenerFailedException batch
                && batch.getCause() instanceof Exception cause) {
            return new ListenerExecutionFailedException(batch.getMessage(), cause);
        }
        return exception;
    }

    /** Makes each consumer the factory creates wait for its thread's dead letters before any commit. */
    public <K, V> void awaitBeforeCommits(DefaultKafkaConsumerFactory<K, V> factory) {
        factory.addPostProcessor(this::awaitingBeforeCommit);
    }

    /**
     * Waits until every dead letter this thread handed over is on its topic, publishing a failed one
     * again with backoff until the broker takes it. Interrupted (the container stopping), it throws, and
     * the commit it guards does not happen.
     */
    void awaitHanded() {
        Deque<Handed> letters = handed.get();
        Duration backoff = Duration.ofMillis(200);
        while (!letters.isEmpty()) {
            Handed next = letters.peek();
            try {
                next.result().get();
                letters.poll();
            } catch (ExecutionException failed) {
                log.warn(
                        "dead letter for {} not published, publishing it again in {} ms: {}",
                        next.letter().topic(),
                        backoff.toMillis(),
                        Failures.rootMessage(failed));
                pause(backoff);
                letters.poll();
                letters.push(new Handed(next.letter(), handOver(template, next.letter())));
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new KafkaException(
                        "interrupted while " + letters.size() + " dead letters were unconfirmed; not committing");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private <K, V> Consumer<K, V> awaitingBeforeCommit(Consumer<K, V> consumer) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commitSync") || method.getName().equals("commitAsync")) {
                awaitHanded();
            }
            return invoke(consumer, method, args);
        };
        return (Consumer<K, V>)
                Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, handler);
    }

    private static Object invoke(Consumer<?, ?> consumer, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(consumer, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static CompletableFuture<?> handOver(
            KafkaOperations<Object, Object> kafka, ProducerRecord<Object, Object> letter) {
        try {
            return kafka.send(letter);
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while a dead letter was unconfirmed; not committing", e);
        }
    }

    private record Handed(ProducerRecord<Object, Object> letter, CompletableFuture<?> result) {}
}
