package dev.touchflow.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import reactor.core.publisher.Mono;

/** The trace of a consumed record, or of a stored row, reaches what the work appends to the outbox. */
class TracesTest {

    private static final String UPSTREAM_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String UPSTREAM = "00-" + UPSTREAM_TRACE + "-00f067aa0ba902b7-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private OtelTracer tracer;
    private final Traces traces = traces();

    @Test
    void theWorkOfAConsumedRecordRunsInAChildSpanOfItsTraceparentAndSeesThatSpan() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Traces.HEADER, UPSTREAM.getBytes(StandardCharsets.UTF_8));

        String seen = traces.consuming(
                        headers,
                        "touchflow.step-due",
                        "drafting.step-due",
                        "e-1",
                        () -> Mono.deferContextual(
                                context -> Mono.just(traces.current(context).orElseThrow())))
                .block();

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertThat(spans).hasSize(1);
        SpanData span = spans.get(0);
        assertThat(span.getName()).isEqualTo("process touchflow.step-due");
        assertThat(span.getTraceId()).isEqualTo(UPSTREAM_TRACE);
        assertThat(span.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.getAttributes().asMap().toString()).contains("messaging.message.id=e-1");
        assertThat(seen).isEqualTo("00-" + UPSTREAM_TRACE + "-" + span.getSpanId() + "-01");
    }

    @Test
    void waitingForTheWorkOfAConsumedRecordKeepsItsSpanCurrentOnThisThreadForTheLogs() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Traces.HEADER, UPSTREAM.getBytes(StandardCharsets.UTF_8));

        String onThisThread = traces.consumed(
                headers,
                "touchflow.sent",
                "replies.sent",
                "e-4",
                Duration.ofSeconds(5),
                () -> Mono.fromCallable(() -> tracer.currentSpan().context().traceId()));

        assertThat(onThisThread).isEqualTo(UPSTREAM_TRACE);
        assertThat(tracer.currentSpan())
                .as("the span is current only while the work runs")
                .isNull();
        assertThat(exported.getFinishedSpanItems())
                .extracting(SpanData::getName)
                .containsExactly("process touchflow.sent");
    }

    @Test
    void aRecordWithoutTraceparentStartsATraceAndAnUnreadableOneIsNotFollowed() {
        RecordHeaders garbled = new RecordHeaders();
        garbled.add(Traces.HEADER, "not-a-traceparent".getBytes(StandardCharsets.UTF_8));

        String fresh = traces.consuming(new RecordHeaders(), "t", "l", "e-2", this::current)
                .block();
        String afterGarbled =
                traces.consuming(garbled, "t", "l", "e-3", this::current).block();

        assertThat(Traces.traceId(fresh)).isPresent();
        assertThat(Traces.traceId(afterGarbled)).isPresent().isNotEqualTo(Traces.traceId(fresh));
        assertThat(exported.getFinishedSpanItems())
                .extracting(SpanData::getParentSpanId)
                .containsOnly("0000000000000000");
    }

    @Test
    void workThatContinuesAStoredTraceparentStaysInItsTraceAndAFailureMarksTheSpan() {
        String seen =
                traces.continuing(UPSTREAM, "approve draft", this::current).block();
        Mono<String> failing =
                traces.continuing(UPSTREAM, "send", () -> Mono.error(new IllegalStateException("smtp down")));

        assertThat(Traces.traceId(seen)).contains(UPSTREAM_TRACE);
        assertThat(failing.onErrorResume(e -> Mono.just("failed")).block()).isEqualTo("failed");
        assertThat(exported.getFinishedSpanItems())
                .extracting(
                        SpanData::getName,
                        span -> span.getStatus().getStatusCode().name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("approve draft", "UNSET"),
                        org.assertj.core.groups.Tuple.tuple("send", "ERROR"));
    }

    @Test
    void outsideAnyTraceThereIsNoTraceparent() {
        assertThat(Mono.deferContextual(context -> Mono.justOrEmpty(traces.current(context)))
                        .block())
                .isNull();
        assertThat(Traces.traceId("00-short-00f067aa0ba902b7-01")).isEmpty();
    }

    private Mono<String> current() {
        return Mono.deferContextual(context -> Mono.just(traces.current(context).orElseThrow()));
    }

    private Traces traces() {
        InMemorySpanExporter exporter = exported;
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        io.opentelemetry.api.trace.Tracer otel = sdk.getTracer("touchflow-test");
        tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        Propagator propagator = new OtelPropagator(sdk.getPropagators(), otel);
        StaticListableBeanFactory beans =
                new StaticListableBeanFactory(Map.of("tracer", tracer, "propagator", propagator));
        return new Traces(
                beans.getBeanProvider(io.micrometer.tracing.Tracer.class), beans.getBeanProvider(Propagator.class));
    }
}
