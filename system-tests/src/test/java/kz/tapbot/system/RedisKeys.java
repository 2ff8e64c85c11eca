package kz.tapbot.system;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every key of a Redis server and what it holds, as text (a few RESP commands over a socket): what the system
 * tests look through to prove something is gone from Redis.
 */
final class RedisKeys implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RedisKeys(String host, int port) throws IOException {
        socket = new Socket(host, port);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Every key (SCAN) with its value as text: strings, hash fields and values, list, set and sorted-set members. */
    Map<String, String> everything() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) command("SCAN", cursor, "COUNT", "1000");
            cursor = (String) page.get(0);
            for (Object key : (List<?>) page.get(1)) {
                String name = (String) key;
                all.put(name, valueOf(name));
            }
        } while (!"0".equals(cursor));
        return all;
    }

    private String valueOf(String key) throws IOException {
        String type = String.valueOf(command("TYPE", key));
        Object value;
        switch (type) {
            case "string":
                value = command("GET", key);
                break;
            case "hash":
                value = command("HGETALL", key);
                break;
            case "list":
                value = command("LRANGE", key, "0", "-1");
                break;
            case "set":
                value = command("SMEMBERS", key);
                break;
            case "zset":
                value = command("ZRANGE", key, "0", "-1", "WITHSCORES");
                break;
            case "none":
                value = "";
                break;
            default:
                value = "(" + type + ")";
        }
        return String.valueOf(value);
    }

    Object command(String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private Object read() throws IOException {
        int kind = in.read();
        String line = line();
        switch (kind) {
            case '+':
            case ':':
                return line;
            case '-':
                throw new IOException("Redis: " + line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] data = in.readNBytes(length + 2);
                return new String(data, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read());
                }
                return items;
            }
            default:
                throw new IOException("unexpected Redis reply " + (char) kind + line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            bytes.write(b);
        }
        in.read();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
