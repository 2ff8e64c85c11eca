package kz.tapbot.platform.http;

import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * An {@link HttpClient} built on its first use. Building one initialises TLS (the JVM's default
 * SSLContext and its trust store): about 0.4 s of CPU on the main thread while a service starts, on two
 * cores, for a client that the local stack and the tests with stubs may never need before the first call.
 */
public final class LazyHttpClient implements Supplier<HttpClient> {

    private final Supplier<HttpClient> build;
    private volatile HttpClient client;

    public LazyHttpClient(Supplier<HttpClient> build) {
        this.build = build;
    }

    @Override
    public HttpClient get() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = build.get();
                    client = built;
                }
            }
        }
        return built;
    }
}
