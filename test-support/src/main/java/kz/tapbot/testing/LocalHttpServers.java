package kz.tapbot.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the stubs' HTTP servers (the JDK's) answering like a real server does. Without
 * {@code sun.net.httpserver.nodelay} the JDK's server writes a response's headers and body in two packets with Nagle's
 * algorithm on, and a keep-alive client then waits for the delayed ACK: about 44 ms per request on Linux, which
 * capped one connection at ~22 requests/s and added 44 ms to every Bot API call in the benchmarks and tests.
 * The property is read once per JVM, when the first server is created: every stub comes through here.
 */
final class LocalHttpServers {

    private LocalHttpServers() {
    }

    static HttpServer create(int port, int backlog) throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        return HttpServer.create(new InetSocketAddress("127.0.0.1", port), backlog);
    }
}
