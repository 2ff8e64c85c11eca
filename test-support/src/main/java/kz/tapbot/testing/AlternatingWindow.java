package kz.tapbot.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * A benchmark's counted window cut into slices that take turns with a baseline command on the same machine
 * (benchmark 4: bookings, then pgbench, then bookings...). This machine's speed drifts by a quarter within minutes;
 * a baseline run only before and after the window sees another machine than the window did, slices seconds apart
 * see the same one. Workers wrap each unit of work in {@link #work}, which holds them while the baseline runs.
 */
public final class AlternatingWindow {

    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();

    /** The command that runs one slice of the baseline (its seconds appended): BENCH_BASELINE_CMD, none if unset. */
    public static List<String> baselineCommand() {
        String command = System.getenv("BENCH_BASELINE_CMD");
        return command == null || command.isBlank() ? List.of() : List.of(command.trim().split("\\s+"));
    }

    /** Runs one unit of the load; waits while a baseline slice runs. */
    public <T> T work(Callable<T> unit) throws Exception {
        gate.readLock().lock();
        try {
            return unit.call();
        } finally {
            gate.readLock().unlock();
        }
    }

    /**
     * Counts the load for {@code seconds} in {@code slices} slices. Each slice ends with the load held (units in
     * flight finish first) until {@code settled} (the outbox relayed: that work is the load's too), counted in the
     * slice's time and CPU; then, still held, {@code baseline} runs with the slice's seconds as its last argument,
     * when one is given.
     *
     * @param done      units done so far
     * @param processes processes whose CPU time is counted per unit (name to pid), besides the machine's
     * @param commands  commands whose processes' CPU time is counted per unit (as "postgres")
     */
    public Counted measure(int seconds, int slices, List<String> baseline, LongSupplier done, BooleanSupplier settled,
                           Map<String, Long> processes, List<String> commands) throws Exception {
        long sliceMillis = TimeUnit.SECONDS.toMillis(seconds) / slices;
        long units = 0;
        long nanos = 0;
        long settleNanos = 0;
        Map<String, Double> cpuMillis = new LinkedHashMap<>();
        Map<String, Double> baselineCpuMillis = new LinkedHashMap<>();
        for (int i = 0; i < slices; i++) {
            long from = done.getAsLong();
            CpuTime cpuFrom = CpuTime.now(processes, commands);
            long t0 = System.nanoTime();
            Thread.sleep(sliceMillis);
            gate.writeLock().lock();
            try {
                long held = System.nanoTime();
                awaitSettled(settled);
                settleNanos += System.nanoTime() - held;
                units += done.getAsLong() - from;
                nanos += System.nanoTime() - t0;
                CpuTime cpuUntil = CpuTime.now(processes, commands);
                cpuUntil.millisPer(cpuFrom, 1).forEach((who, ms) -> cpuMillis.merge(who, ms, Double::sum));
                if (!baseline.isEmpty()) {
                    run(baseline, sliceMillis / 1000.0);
                    CpuTime.now(processes, commands).millisPer(cpuUntil, 1)
                            .forEach((who, ms) -> baselineCpuMillis.merge(who, ms, Double::sum));
                }
            } finally {
                gate.writeLock().unlock();
            }
        }
        Map<String, Double> perUnit = new LinkedHashMap<>();
        long counted = Math.max(1, units);
        cpuMillis.forEach((who, ms) -> perUnit.put(who, ms / counted));
        return new Counted(units, nanos / 1e9, settleNanos / 1e9, perUnit, baselineCpuMillis);
    }

    /**
     * Units counted, the seconds they took (the wait for the load to settle included, the baseline's not), of which
     * settling, CPU ms per unit by process and "machine", and the CPU ms each took while the baseline ran.
     */
    public record Counted(long units, double seconds, double settleSeconds, Map<String, Double> cpuMillisPerUnit,
                          Map<String, Double> baselineCpuMillis) {

        /** As the benchmark scripts read them: throughput.* ({@code unit}s, per second, CPU ms per unit), baseline.*. */
        public Map<String, String> figures(String unit) {
            Map<String, String> figures = new LinkedHashMap<>();
            figures.put("throughput.seconds", String.format("%.1f", seconds));
            figures.put("throughput." + unit + "s", String.valueOf(units));
            figures.put("throughput.per_second", String.format("%.1f", units / seconds));
            figures.put("throughput.settle_seconds", String.format("%.2f", settleSeconds));
            cpuMillisPerUnit.forEach((who, ms) ->
                    figures.put("throughput.cpu_ms_per_" + unit + "." + who, String.format("%.3f", ms)));
            baselineCpuMillis.forEach((who, ms) -> figures.put("baseline.cpu_ms." + who, String.format("%.0f", ms)));
            return figures;
        }
    }

    private static void awaitSettled(BooleanSupplier settled) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!settled.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the load did not settle within 60 s");
            }
            Thread.sleep(5);
        }
    }

    private static void run(List<String> baseline, double seconds) throws Exception {
        List<String> command = new ArrayList<>(baseline);
        command.add(String.valueOf(Math.max(1, Math.round(seconds))));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(Math.round(seconds) + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the baseline slice did not end: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the baseline slice failed (" + process.exitValue() + "): " + command);
        }
    }
}
