package kz.tapbot.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector in miniature: receives spans over OTLP/HTTP (protobuf, POST /v1/traces) from any
 * number of processes and keeps them in memory, so a test can look at one trace across services. Run on its own
 * ({@code java -cp ... kz.tapbot.testing.OtlpTraceReceiver 4318}) it prints each trace as a tree once it has been
 * quiet for two seconds: point the services at it with TAPBOT_OTLP_ENDPOINT=http://127.0.0.1:4318 and
 * TAPBOT_OTLP_PROTOCOL=http/protobuf. Decodes the few OTLP messages it needs by hand (no protobuf dependency).
 */
public final class OtlpTraceReceiver implements AutoCloseable {

    /** One received span; times in epoch nanoseconds, ids in lower-case hex, kind as OTLP numbers it (2 = server). */
    public record ReceivedSpan(String traceId, String spanId, String parentSpanId, String name, int kind,
                               long startNanos, long endNanos, String service, Map<String, String> attributes) {

        public double millis() {
            return (endNanos - startNanos) / 1_000_000.0;
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private OtlpTraceReceiver(int port) {
        try {
            server = LocalHttpServers.create(port, 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/v1/traces", this::receive);
        server.start();
    }

    public static OtlpTraceReceiver start() {
        return new OtlpTraceReceiver(0);
    }

    /** The base URL the services export to (TAPBOT_OTLP_ENDPOINT with TAPBOT_OTLP_PROTOCOL=http/protobuf). */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos)).toList();
    }

    /** Waits until some span matches, then returns it. */
    public ReceivedSpan await(Predicate<ReceivedSpan> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ReceivedSpan span : spans) {
                if (wanted.test(span)) {
                    return span;
                }
            }
            pause(100);
        }
        throw new AssertionError("no such span within " + timeout.toSeconds() + " s; received: "
                + spans.stream().map(s -> s.service() + " " + s.name()).distinct().collect(Collectors.joining(", ")));
    }

    /** The trace as an indented tree: service, span name, duration; spans whose parent was not received at the root. */
    public String render(String traceId) {
        List<ReceivedSpan> all = trace(traceId);
        if (all.isEmpty()) {
            return "(no spans for trace " + traceId + ")";
        }
        long start = all.get(0).startNanos();
        StringBuilder out = new StringBuilder("trace " + traceId + "\n");
        for (ReceivedSpan root : all) {
            if (all.stream().noneMatch(s -> s.spanId().equals(root.parentSpanId()))) {
                render(root, all, start, 1, out);
            }
        }
        return out.toString();
    }

    private static void render(ReceivedSpan span, List<ReceivedSpan> all, long start, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append(String.format("+%7.1f ms %8.1f ms  %-18s %s%n",
                (span.startNanos() - start) / 1_000_000.0, span.millis(), span.service(), span.name()));
        for (ReceivedSpan child : all) {
            if (span.spanId().equals(child.parentSpanId())) {
                render(child, all, start, depth + 1, out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            byte[] bytes = body.readAllBytes();
            try {
                for (ReceivedSpan span : decodeRequest(bytes)) {
                    // an exporter retries a batch it thinks failed: keep each span once
                    if (seen.add(span.traceId() + "/" + span.spanId())) {
                        spans.add(span);
                    }
                }
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[0]);
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    static List<ReceivedSpan> decodeRequest(byte[] bytes) {
        List<ReceivedSpan> out = new ArrayList<>();
        for (Field field : Proto.fields(bytes)) {
            if (field.number == 1) {
                decodeResourceSpans(field.bytes, out);
            }
        }
        return out;
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    private static void decodeResourceSpans(byte[] bytes, List<ReceivedSpan> out) {
        String service = "?";
        List<byte[]> scopes = new ArrayList<>();
        for (Field field : Proto.fields(bytes)) {
            if (field.number == 1) {
                service = attributes(field.bytes, 1).getOrDefault("service.name", "?");
            } else if (field.number == 2) {
                scopes.add(field.bytes);
            }
        }
        for (byte[] scope : scopes) {
            // ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
            for (Field field : Proto.fields(scope)) {
                if (field.number == 2) {
                    out.add(decodeSpan(field.bytes, service));
                }
            }
        }
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; SpanKind kind = 6;
    //        fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9; }
    private static ReceivedSpan decodeSpan(byte[] bytes, String service) {
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        int kind = 0;
        long start = 0;
        long end = 0;
        for (Field field : Proto.fields(bytes)) {
            switch (field.number) {
                case 1 -> traceId = HexFormat.of().formatHex(field.bytes);
                case 2 -> spanId = HexFormat.of().formatHex(field.bytes);
                case 4 -> parent = HexFormat.of().formatHex(field.bytes);
                case 5 -> name = new String(field.bytes, StandardCharsets.UTF_8);
                case 6 -> kind = (int) field.value;
                case 7 -> start = field.value;
                case 8 -> end = field.value;
                default -> {
                }
            }
        }
        return new ReceivedSpan(traceId, spanId, parent, name, kind, start, end, service, attributes(bytes, 9));
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; bool = 2; int64 = 3; }
    private static Map<String, String> attributes(byte[] message, int fieldNumber) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Field field : Proto.fields(message)) {
            if (field.number != fieldNumber) {
                continue;
            }
            String key = null;
            String value = "";
            for (Field part : Proto.fields(field.bytes)) {
                if (part.number == 1) {
                    key = new String(part.bytes, StandardCharsets.UTF_8);
                } else if (part.number == 2) {
                    for (Field any : Proto.fields(part.bytes)) {
                        value = switch (any.number) {
                            case 1 -> new String(any.bytes, StandardCharsets.UTF_8);
                            case 2 -> String.valueOf(any.value != 0);
                            case 3 -> String.valueOf(any.value);
                            case 4 -> String.valueOf(Double.longBitsToDouble(any.value));
                            default -> value;
                        };
                    }
                }
            }
            if (key != null) {
                attributes.put(key, value);
            }
        }
        return attributes;
    }

    /** A decoded protobuf field: varint and fixed values in {@code value}, length-delimited ones in {@code bytes}. */
    private record Field(int number, long value, byte[] bytes) {
    }

    /** The protobuf wire format, as far as OTLP traces need it. */
    private static final class Proto {

        static List<Field> fields(byte[] message) {
            List<Field> fields = new ArrayList<>();
            ByteArrayInputStream in = new ByteArrayInputStream(message);
            while (in.available() > 0) {
                long tag = varint(in);
                int number = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> fields.add(new Field(number, varint(in), null));
                    case 1 -> fields.add(new Field(number, fixed(in, 8), null));
                    case 2 -> {
                        int length = (int) varint(in);
                        byte[] bytes = new byte[length];
                        if (in.read(bytes, 0, length) != length) {
                            throw new IllegalArgumentException("truncated field " + number);
                        }
                        fields.add(new Field(number, 0, bytes));
                    }
                    case 5 -> fields.add(new Field(number, fixed(in, 4), null));
                    default -> throw new IllegalArgumentException("unsupported wire type in field " + number);
                }
            }
            return fields;
        }

        private static long varint(ByteArrayInputStream in) {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalArgumentException("truncated varint");
                }
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        private static long fixed(ByteArrayInputStream in, int size) {
            long result = 0;
            for (int i = 0; i < size; i++) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalArgumentException("truncated fixed value");
                }
                result |= (long) b << (8 * i);
            }
            return result;
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs a receiver on the given port (default 4318) and prints every trace once it has been quiet for 2 s. */
    public static void main(String[] args) {
        OtlpTraceReceiver receiver = new OtlpTraceReceiver(args.length > 0 ? Integer.parseInt(args[0]) : 4318);
        System.out.println("OTLP/HTTP receiver on " + receiver.endpoint() + "/v1/traces");
        Map<String, Integer> printed = new LinkedHashMap<>();
        while (true) {
            pause(1000);
            long quietSince = System.currentTimeMillis() * 1_000_000L - 2_000_000_000L;
            Map<String, List<ReceivedSpan>> byTrace = receiver.spans().stream()
                    .collect(Collectors.groupingBy(ReceivedSpan::traceId, LinkedHashMap::new, Collectors.toList()));
            byTrace.forEach((traceId, traceSpans) -> {
                boolean quiet = traceSpans.stream().allMatch(s -> s.endNanos() < quietSince);
                if (quiet && printed.getOrDefault(traceId, 0) < traceSpans.size()) {
                    printed.put(traceId, traceSpans.size());
                    System.out.println(receiver.render(traceId));
                }
            });
        }
    }
}
