package dev.touchflow.platform.fault;

import io.r2dbc.spi.R2dbcException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.springframework.dao.DataAccessException;

/**
 * Whose fault a failure is. A dependency's (the database down or refusing, the broker, a mail
 * server, a timeout) passes when the dependency comes back, so what failed is tried again and never
 * skipped or dead-lettered for it. The input's (a value the database refuses as data, SQLSTATE
 * classes 22 and 23, or an exception thrown while handling that one input) will fail the same way
 * every time, so it is set aside with its reason after a few tries.
 */
public final class Failures {

    private Failures() {}

    /**
     * Whether the failure says a dependency failed, not the input. The causes are read from the outside
     * in, and the first that tells decides: an input's failure wrapping an I/O error (an event that
     * cannot be decoded because its bytes end early) is the input's.
     */
    public static boolean ofDependency(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InvalidEventException
                    || cause instanceof SerializationException
                    || cause instanceof EOFException
                    || cause instanceof CharacterCodingException) {
                return false;
            }
            if (cause instanceof R2dbcException database) {
                return !dataError(database.getSqlState());
            }
            if (cause instanceof TimeoutException
                    || cause instanceof IOException
                    || cause instanceof RetriableException
                    || blockTimedOut(cause)) {
                return true;
            }
        }
        // Spring's translation of a driver failure keeps the driver's exception as a cause, found above;
        // one without it (no connection could be had from the pool) is the database's
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessException) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause, as its class and message: what a person needs to see of a failure. */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /** Reactor's {@code block(timeout)} giving up: whatever it waited for did not answer in time. */
    private static boolean blockTimedOut(Throwable cause) {
        return cause instanceof IllegalStateException
                && cause.getMessage() != null
                && cause.getMessage().startsWith("Timeout on blocking read");
    }

    private static boolean dataError(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
    }
}
