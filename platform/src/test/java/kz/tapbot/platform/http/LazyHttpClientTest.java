package kz.tapbot.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LazyHttpClientTest {

    @Test
    void theClientIsBuiltAtTheFirstCallOnlyAndOnceWhenManyThreadsAskAtOnce() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        LazyHttpClient http = new LazyHttpClient(() -> {
            builds.incrementAndGet();
            return HttpClient.newBuilder().build();
        });
        assertEquals(0, builds.get(), "built before the first call");

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpClient>> calls = IntStream.range(0, 8).<Callable<HttpClient>>mapToObj(i -> () -> {
                go.await();
                return http.get();
            }).toList();
            List<Future<HttpClient>> clients = calls.stream().map(threads::submit).toList();
            go.countDown();
            HttpClient first = clients.get(0).get();
            for (Future<HttpClient> client : clients) {
                assertSame(first, client.get());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, builds.get());
        assertSame(http.get(), http.get());
        assertEquals(1, builds.get());
    }
}
