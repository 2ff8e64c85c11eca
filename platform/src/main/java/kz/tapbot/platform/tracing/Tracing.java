package kz.tapbot.platform.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One trace per user message across the services: spans for the calls the automatic instrumentation does not see
 * (Kafka records we produce ourselves, the Bot API, OpenAI, the vector store), the W3C trace context carried in
 * Kafka record headers ({@code traceparent}), and kept as text where work continues later (the outbox).
 */
@ApplicationScoped
public class Tracing {

    private static final TextMapSetter<Map<String, String>> MAP_SETTER = Map::put;
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };
    private static final TextMapSetter<Headers> HEADER_SETTER = (headers, key, value) -> {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    };

    private final OpenTelemetry openTelemetry;
    private final Tracer tracer;

    Tracing(OpenTelemetry openTelemetry) {
        this.openTelemetry = openTelemetry;
        this.tracer = openTelemetry.getTracer("kz.tapbot");
    }

    /** The W3C traceparent of the current span, to store beside work that continues later; null outside a trace. */
    public String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        openTelemetry.getPropagators().getTextMapPropagator().inject(Context.current(), carrier, MAP_SETTER);
        return carrier.get("traceparent");
    }

    /** The context a stored traceparent stands for (the current one when there is none). */
    public Context contextOf(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.current();
        }
        return openTelemetry.getPropagators().getTextMapPropagator()
                .extract(Context.root(), Map.of("traceparent", traceparent), MAP_GETTER);
    }

    /** The traceparent a Kafka record carries (the trace it belongs to); null without one. */
    public static String traceparentOf(Headers headers) {
        Header header = headers.lastHeader("traceparent");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Writes the span's context into a Kafka record's headers (traceparent, tracestate). */
    public void inject(Context context, Headers headers) {
        openTelemetry.getPropagators().getTextMapPropagator().inject(context, headers, HEADER_SETTER);
    }

    /** Starts a span under {@code parent}; the caller ends it. */
    public Span start(String name, SpanKind kind, Context parent, Map<String, String> attributes) {
        var builder = tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
        attributes.forEach(builder::setAttribute);
        return builder.startSpan();
    }

    /** Runs {@code work} in a span of its own under the current one (OpenAI, a store the instrumentation misses). */
    public <T> T inSpanUnchecked(String name, SpanKind kind, Map<String, String> attributes, Supplier<T> work) {
        Span span = start(name, kind, Context.current(), attributes);
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException | Error e) {
            failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /** A span that lasts until the asynchronous call completes. */
    public <T> CompletableFuture<T> inSpanAsync(String name, SpanKind kind, Map<String, String> attributes,
                                                Supplier<CompletableFuture<T>> call) {
        Span span = start(name, kind, Context.current(), attributes);
        CompletableFuture<T> result;
        try (Scope ignored = span.makeCurrent()) {
            result = call.get();
        } catch (RuntimeException e) {
            failed(span, e);
            span.end();
            throw e;
        }
        return result.whenComplete((value, error) -> {
            if (error != null) {
                failed(span, error);
            }
            span.end();
        });
    }

    /** Marks a span failed with the error's class and message. */
    public static void failed(Span span, Throwable error) {
        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        span.recordException(error);
    }
}
