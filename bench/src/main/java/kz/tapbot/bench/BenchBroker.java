package kz.tapbot.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import kz.tapbot.testing.KafkaTestBroker;

/**
 * A single-node KRaft broker in a JVM of its own (test-support's {@link KafkaTestBroker}, with every platform topic
 * created), so that neither the load generator nor a baseline client shares its heap or its JIT. Writes its
 * bootstrap address to the file named by the first argument once it is ready, then runs until it is stopped.
 */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = KafkaTestBroker.bootstrapServers();
        Path ready = Path.of(args[0]);
        Path partial = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(partial, bootstrap);
        Files.move(partial, ready);
        Thread.currentThread().join();
    }
}
