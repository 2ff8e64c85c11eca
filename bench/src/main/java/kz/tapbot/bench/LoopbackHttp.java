package kz.tapbot.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client for one connection, used by the load generators: a POST costs a write and a
 * read on the socket, so the generator takes as little of the machine's two cores as possible from the service it
 * measures (java.net.http.HttpClient costs several times more per request).
 */
final class LoopbackHttp implements AutoCloseable {

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    LoopbackHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** POSTs a JSON body with the extra header lines ("Name: value\r\n" each); returns the status code. */
    int post(String path, String headerLines, byte[] body) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                + "\r\nContent-Type: application/json\r\n" + headerLines + "Content-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int attempt = 0; ; attempt++) {
            try {
                connect();
                out.write(head);
                out.write(body);
                out.flush();
                return readResponse();
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    throw e;
                }
                // a kept-alive connection the server closed: once more on a new one
            }
        }
    }

    private void connect() throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }
    }

    private int readResponse() throws IOException {
        String status = line();
        if (status.length() < 12) {
            throw new IOException("no HTTP status line: '" + status + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean closing = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                closing = true;
            }
        }
        if (chunked) {
            for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                skip(size);
                line();
            }
            line();
        } else if (length > 0) {
            skip(length);
        }
        if (closing) {
            close();
        }
        return code;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void skip(int bytes) throws IOException {
        int left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            left -= (int) skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
    }
}
