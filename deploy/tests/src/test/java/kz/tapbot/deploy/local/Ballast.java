package kz.tapbot.deploy.local;

import java.util.ArrayList;
import java.util.List;

/**
 * The main class that stands in for a starting service in {@link ServiceMemoryTest}: it churns through 600 MB of
 * short-lived objects while it "starts" and keeps 20 MB, as a start does, says "ready" and stays idle.
 */
public final class Ballast {

    private Ballast() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<byte[]> kept = new ArrayList<>();
        long churned = 0;
        // in eighths of a MB: an array of half a G1 region (1 MB here) or more would take regions of its own
        for (int i = 0; i < 4800; i++) {
            byte[] chunk = new byte[128 * 1024];
            churned += chunk.length;
            if (i % 30 == 0) {
                kept.add(chunk);
            }
        }
        System.out.println("churned " + churned / (1024 * 1024) + " MB, kept " + kept.size() / 8 + " MB");
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(120_000);
    }
}
