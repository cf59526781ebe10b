package dev.touchflow.platform.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import java.io.EOFException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;
import tools.jackson.core.exc.StreamReadException;

class FailuresTest {

    @Test
    void aDatabaseThatIsDownRefusingOrSlowIsTheDependencysFault() {
        assertThat(Failures.ofDependency(new DataAccessResourceFailureException(
                        "execute",
                        new R2dbcNonTransientResourceException("the database system is starting up", "57P03"))))
                .isTrue();
        assertThat(Failures.ofDependency(new R2dbcTransientResourceException("connection reset")))
                .isTrue();
        assertThat(Failures.ofDependency(new DataAccessResourceFailureException("no connection from the pool")))
                .isTrue();
        assertThat(Failures.ofDependency(new IllegalStateException("wrapped", new TimeoutException("pool acquire"))))
                .isTrue();
        assertThat(Failures.ofDependency(new UncheckedIOException(new ConnectException("refused"))))
                .isTrue();
        assertThat(Failures.ofDependency(new NotLeaderOrFollowerException("moving")))
                .isTrue();
    }

    @Test
    void aBlockThatGaveUpWaitingIsTheDependencysFault() {
        Throwable timedOut = null;
        try {
            Mono.never().block(Duration.ofMillis(1));
        } catch (IllegalStateException e) {
            timedOut = e;
        }
        assertThat(timedOut).isNotNull();
        assertThat(Failures.ofDependency(timedOut)).isTrue();
    }

    @Test
    void aValueTheDatabaseRefusesAsDataOrAFailureOfTheInputItselfIsTheInputsFault() {
        assertThat(Failures.ofDependency(new DataIntegrityViolationException(
                        "insert",
                        new R2dbcDataIntegrityViolationException(
                                "invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))))
                .isFalse();
        assertThat(Failures.ofDependency(new DataIntegrityViolationException(
                        "insert", new R2dbcDataIntegrityViolationException("null value in column", "23502"))))
                .isFalse();
        assertThat(Failures.ofDependency(new IllegalArgumentException("no step 9 in this campaign")))
                .isFalse();
        assertThat(Failures.ofDependency(new InvalidEventException("cannot decode", new EOFException())))
                .isFalse();
        assertThat(Failures.ofDependency(new StreamReadException(null, "not JSON")))
                .isFalse();
    }

    @Test
    void theRootMessageNamesTheInnermostCause() {
        assertThat(Failures.rootMessage(new DataAccessResourceFailureException(
                        "execute; SQL [INSERT …]",
                        new R2dbcNonTransientResourceException("the database system is starting up", "57P03"))))
                .isEqualTo("R2dbcNonTransientResourceException: the database system is starting up");
    }
}
