package kz.tapbot.deploy.backup;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The smallest Redis client a drill needs: one connection, one command at a time, each reply read
 * before the next command is sent, so a returned reply is an acknowledged write.
 */
final class RespClient implements AutoCloseable {

    /** An error reply (-ERR ...). */
    static final class RedisError extends RuntimeException {
        RedisError(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespClient(int port) {
        try {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to Redis on 127.0.0.1:" + port, e);
        }
    }

    /** Connects, retrying until the server accepts connections and has loaded its data. */
    static RespClient awaitReady(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        RuntimeException last = null;
        while (System.currentTimeMillis() < deadline) {
            try {
                RespClient client = new RespClient(port);
                if ("0".equals(client.info("persistence", "loading"))) {
                    return client;
                }
                client.close();
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Redis on port " + port + " not ready in " + timeoutMillis + " ms", last);
    }

    Object call(String... args) {
        try {
            out.write(('*' + String.valueOf(args.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                out.write(('$' + String.valueOf(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.write(bytes);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            Object reply = read();
            if (reply instanceof RedisError error) {
                throw error;
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String info(String section) {
        return (String) call("INFO", section);
    }

    /** A field of INFO, e.g. info("server", "process_id"). */
    String info(String section, String field) {
        return info(section).lines().filter(line -> line.startsWith(field + ":"))
                .map(line -> line.substring(field.length() + 1).strip()).findFirst().orElseThrow();
    }

    long dbsize() {
        return (Long) call("DBSIZE");
    }

    @SuppressWarnings("unchecked")
    List<Object> callList(String... args) {
        return (List<Object>) call(args);
    }

    private Object read() throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new IOException("connection closed by Redis");
        }
        String line = readLine();
        switch (type) {
            case '+':
                return line;
            case '-':
                return new RedisError(line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    return null;
                }
                List<Object> items = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected RESP type '" + (char) type + "'");
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b == -1) {
                throw new IOException("connection closed by Redis");
            }
            line.write(b);
        }
        in.read(); // '\n'
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket to a killed server may fail; nothing to do
        }
    }
}
