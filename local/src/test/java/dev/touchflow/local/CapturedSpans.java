package dev.touchflow.local;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every span the runner's services export, kept in memory for a test. Registered for every Spring
 * application of the tests ({@code META-INF/spring.factories}), it gives a context started with
 * {@value #ENABLED}{@code =true} an exporter that the OpenTelemetry SDK's batch processor feeds like
 * any other. A service that stops does not stop it.
 */
public class CapturedSpans implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String ENABLED = "touchflow.test.capture-spans";

    static final AttributeKey<String> SERVICE = AttributeKey.stringKey("service.name");

    private static final Queue<SpanData> SPANS = new ConcurrentLinkedQueue<>();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().getProperty(ENABLED, Boolean.class, false)) {
            context.getBeanFactory().registerSingleton("capturedSpans", new Exporter());
        }
    }

    /** The spans of one trace exported so far. */
    static List<SpanData> of(String traceId) {
        return SPANS.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    static String service(SpanData span) {
        return span.getResource().getAttribute(SERVICE);
    }

    private static final class Exporter implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            SPANS.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
