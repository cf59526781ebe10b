package dev.touchflow.platform.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * One trace from a booked meeting to a classified reply. The W3C {@code traceparent} of the work in
 * hand travels in the Reactor context of that work; the outbox stores it with each row it writes and
 * the relay puts it on the record's headers, so a consumer's span is a child of the producer's work.
 * Where a person or a timer continues later what a consumer started (a gate routed, a draft approved,
 * a step due, a send made, a reply matched), the row stores the {@code traceparent} and the later
 * work continues from it. A trace that is not sampled still travels, so that the next hop agrees.
 */
@Component
public class Traces {

    /** The W3C Trace Context header, on Kafka records as on HTTP. */
    public static final String HEADER = "traceparent";

    private static final String PARENT = Traces.class.getName() + ".parent";

    // looked up once, at first use: resolving them for every record was 1.4 % of a launch's CPU samples
    private final Supplier<Tracer> tracer;
    private final Supplier<Propagator> propagator;

    public Traces(ObjectProvider<Tracer> tracers, ObjectProvider<Propagator> propagators) {
        this.tracer = SingletonSupplier.of(() -> tracers.getIfAvailable(() -> Tracer.NOOP));
        this.propagator = SingletonSupplier.of(() -> propagators.getIfAvailable(() -> Propagator.NOOP));
    }

    /**
     * Runs {@code work} in a consumer span that is a child of the record's {@code traceparent} (a new
     * trace when it has none, or an unreadable one).
     */
    public <T> Mono<T> consuming(
            Headers headers, String topic, String listener, String eventId, Supplier<Mono<T>> work) {
        return within(consumer(headers, topic, listener, eventId), work);
    }

    /**
     * Runs {@code work} as {@link #consuming} does and waits for it on this thread, where the span is
     * current meanwhile: what this thread logs carries its trace and span ids.
     */
    public <T> T consumed(
            Headers headers, String topic, String listener, String eventId, Duration timeout, Supplier<Mono<T>> work) {
        Span span = consumer(headers, topic, listener, eventId).start();
        try (Tracer.SpanInScope scope = tracer().withSpan(span)) {
            return work.get()
                    .contextWrite(context -> context.put(PARENT, span.context()))
                    .block(timeout);
        } catch (RuntimeException e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private Span.Builder consumer(Headers headers, String topic, String listener, String eventId) {
        return propagator()
                .extract(headers, Traces::header)
                .name("process " + topic)
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.consumer.group.name", listener)
                .tag("messaging.message.id", eventId);
    }

    /**
     * Runs {@code work} in a span named {@code name} that continues the stored {@code traceparent}
     * (the work that the row it was stored with came from); a new trace when none was stored.
     */
    public <T> Mono<T> continuing(String traceparent, String name, Supplier<Mono<T>> work) {
        Span.Builder builder = traceparent == null
                ? tracer().spanBuilder()
                : propagator().extract(Map.of(HEADER, traceparent), Map::get);
        return within(builder.name(name), work);
    }

    /**
     * The {@code traceparent} of the work this is subscribed in: the span {@link #consuming} or
     * {@link #continuing} started, else the HTTP request's, else the one current on this thread.
     */
    public Optional<String> current(ContextView context) {
        TraceContext trace = context.<TraceContext>getOrEmpty(PARENT)
                .or(() -> context.<Observation>getOrEmpty(ObservationThreadLocalAccessor.KEY)
                        .map(Traces::spanOf)
                        .map(Span::context))
                .orElseGet(() -> {
                    Span span = tracer().currentSpan();
                    return span == null ? null : span.context();
                });
        return trace == null ? Optional.empty() : Optional.ofNullable(traceparent(trace));
    }

    /** The trace id of a {@code traceparent}, or empty when it is not one. */
    public static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        String[] parts = traceparent.split("-");
        return parts.length >= 4 && parts[1].length() == 32 ? Optional.of(parts[1]) : Optional.empty();
    }

    private <T> Mono<T> within(Span.Builder builder, Supplier<Mono<T>> work) {
        return Mono.defer(() -> {
            Span span = builder.start();
            Mono<T> started;
            try (Tracer.SpanInScope scope = tracer().withSpan(span)) {
                started = work.get();
            }
            return started.doOnError(span::error)
                    .doFinally(signal -> span.end())
                    .contextWrite(context -> context.put(PARENT, span.context()));
        });
    }

    private String traceparent(TraceContext trace) {
        Map<String, String> carrier = new HashMap<>(2);
        propagator().inject(trace, carrier, Map::put);
        return carrier.get(HEADER);
    }

    private static Span spanOf(Observation observation) {
        TracingObservationHandler.TracingContext tracing =
                observation.getContextView().get(TracingObservationHandler.TracingContext.class);
        return tracing == null ? null : tracing.getSpan();
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Tracer tracer() {
        return tracer.get();
    }

    private Propagator propagator() {
        return propagator.get();
    }
}
