package kz.tapbot.deploy.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One Qdrant node's collection snapshot API as far as qdrant-snapshot.sh and the qdrant-snapshots CronJob
 * (deploy/k8s/base/qdrant/snapshots.yaml) use it (list collections; create, list, download, delete a snapshot;
 * upload and recover), on a loopback
 * port: answers shaped like Qdrant's ({"result": ..., "status": "ok", "time": ...}, errors as
 * {"status": {"error": ...}}), the api-key check, and a record of what clients sent.
 * No Qdrant server can be installed on the development machine; this is what the script is tested
 * against.
 */
final class QdrantStub implements AutoCloseable {

    record Snapshot(String name, byte[] bytes, String sha256) {
    }

    record Upload(String collection, Map<String, String> query, String fieldName, byte[] bytes) {
    }

    record Recovery(String collection, String method, Map<String, String> query, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SNAPSHOTS = Pattern.compile("^/collections/([^/]+)/snapshots(?:/([^/]+))?$");

    private final HttpServer server;
    private final int node;
    private final String apiKey;
    private final Set<String> collections = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Snapshot>> snapshots = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    final List<String> created = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();
    final List<Upload> uploads = new CopyOnWriteArrayList<>();
    final List<Recovery> recoveries = new CopyOnWriteArrayList<>();
    final List<String> requestsWithoutValidKey = new CopyOnWriteArrayList<>();
    private volatile boolean corruptDownloads;

    /** apiKey null: the node requires none. */
    QdrantStub(int node, String apiKey, String... collections) {
        this.node = node;
        this.apiKey = apiKey;
        this.collections.addAll(List.of(collections));
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** From now on a download sends other bytes than the ones list reports a checksum of. */
    void corruptDownloads() {
        corruptDownloads = true;
    }

    Snapshot snapshot(String collection, String name) {
        return snapshots.getOrDefault(collection, Map.of()).get(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String key = exchange.getRequestHeaders().getFirst("api-key");
            if (apiKey != null && key == null) {
                requestsWithoutValidKey.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                sendError(exchange, 401, "Must provide an API key or an Authorization bearer token");
                return;
            }
            if (apiKey != null && !apiKey.equals(key)) {
                requestsWithoutValidKey.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
                sendError(exchange, 403, "Invalid API key or JWT");
                return;
            }
            if (exchange.getRequestURI().getRawPath().equals("/collections") && exchange.getRequestMethod().equals("GET")) {
                sendResult(exchange, Map.of("collections",
                        collections.stream().sorted().map(c -> Map.of("name", c)).toList()));
                return;
            }
            Matcher path = SNAPSHOTS.matcher(exchange.getRequestURI().getRawPath());
            if (!path.matches()) {
                sendError(exchange, 404, "Not found: " + exchange.getRequestURI().getPath());
                return;
            }
            String collection = decode(path.group(1));
            String name = path.group(2) == null ? null : decode(path.group(2));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();

            if (method.equals("POST") && "upload".equals(name)) {
                String boundary = boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
                Map.Entry<String, byte[]> part = firstPart(body, boundary);
                uploads.add(new Upload(collection, query, part.getKey(), part.getValue()));
                collections.add(collection);
                sendResult(exchange, true);
            } else if (method.equals("PUT") && "recover".equals(name)) {
                recoveries.add(new Recovery(collection, method, query, new String(body, StandardCharsets.UTF_8)));
                collections.add(collection);
                sendResult(exchange, true);
            } else if (!collections.contains(collection)) {
                sendError(exchange, 404, "Not found: Collection `" + collection + "` doesn't exist!");
            } else if (method.equals("POST") && name == null) {
                sendResult(exchange, describe(createSnapshot(collection)));
            } else if (method.equals("GET") && name == null) {
                sendResult(exchange, snapshots.getOrDefault(collection, Map.of()).values().stream().map(this::describe).toList());
            } else if (method.equals("GET")) {
                Snapshot snapshot = snapshot(collection, name);
                if (snapshot == null) {
                    sendError(exchange, 404, "Not found: Snapshot file `" + name + "` does not exist!");
                    return;
                }
                byte[] bytes = snapshot.bytes().clone();
                if (corruptDownloads) {
                    bytes[bytes.length / 2] ^= 0x01;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            } else if (method.equals("DELETE") && name != null) {
                Map<String, Snapshot> ofCollection = snapshots.getOrDefault(collection, new ConcurrentHashMap<>());
                if (ofCollection.remove(name) == null) {
                    sendError(exchange, 404, "Not found: Snapshot file `" + name + "` does not exist!");
                    return;
                }
                deleted.add(collection + "/" + name);
                sendResult(exchange, true);
            } else {
                sendError(exchange, 405, "Method " + method + " not allowed here");
            }
        }
    }

    private Snapshot createSnapshot(String collection) {
        int n = counter.incrementAndGet();
        String name = collection + "-" + (4_000_000_000L + node * 1000L + n) + "-2025-01-31-02-00-0" + n + ".snapshot";
        byte[] bytes = new byte[40_000 + n * 1_000];
        new Random(name.hashCode()).nextBytes(bytes);
        Snapshot snapshot = new Snapshot(name, bytes, sha256(bytes));
        snapshots.computeIfAbsent(collection, c -> new ConcurrentHashMap<>()).put(name, snapshot);
        created.add(collection);
        return snapshot;
    }

    private Map<String, Object> describe(Snapshot snapshot) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("name", snapshot.name());
        description.put("creation_time", "2025-01-31T02:00:00");
        description.put("size", snapshot.bytes().length);
        description.put("checksum", snapshot.sha256());
        return description;
    }

    private static void sendResult(HttpExchange exchange, Object result) throws IOException {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", result);
        answer.put("status", "ok");
        answer.put("time", 0.002);
        send(exchange, 200, answer);
    }

    private static void sendError(HttpExchange exchange, int status, String error) throws IOException {
        send(exchange, status, Map.of("status", Map.of("error", error), "time", 0.0));
    }

    private static void send(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return query;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private static String boundary(String contentType) {
        if (contentType == null || !contentType.startsWith("multipart/form-data")) {
            throw new IllegalArgumentException("not a multipart upload: " + contentType);
        }
        String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
        return boundary.startsWith("\"") ? boundary.substring(1, boundary.length() - 1) : boundary;
    }

    /** The field name and content of the first part of a multipart/form-data body. */
    private static Map.Entry<String, byte[]> firstPart(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0) + delimiter.length + 2;
        int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
        String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
        Matcher name = Pattern.compile("name=\"([^\"]*)\"").matcher(headers);
        int contentStart = headersEnd + 4;
        int contentEnd = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), contentStart);
        return Map.entry(name.find() ? name.group(1) : "", Arrays.copyOfRange(body, contentStart, contentEnd));
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("malformed multipart body");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
