package kz.tapbot.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time as Linux accounts it (/proc), to tell which process a benchmark's load costs: per process, user + system
 * time; for the machine, every core's busy time. In clock ticks of 10 ms (USER_HZ 100).
 */
final class CpuTime {

    static final double MILLIS_PER_TICK = 10;

    private final Map<String, Long> processes;
    private final Map<String, Long> ticks = new LinkedHashMap<>();
    private long machine;

    private CpuTime(Map<String, Long> processes) {
        this.processes = processes;
    }

    /** The CPU ticks so far of each named process and of the whole machine. */
    static CpuTime now(Map<String, Long> processes) {
        CpuTime time = new CpuTime(processes);
        processes.forEach((name, pid) -> time.ticks.put(name, processTicks(pid)));
        time.machine = machineBusyTicks();
        return time;
    }

    /** CPU ms spent between {@code earlier} and this reading, per process and "machine" (all of it), per event. */
    Map<String, Double> millisPer(CpuTime earlier, long events) {
        Map<String, Double> per = new LinkedHashMap<>();
        ticks.forEach((name, t) -> per.put(name, (t - earlier.ticks.get(name)) * MILLIS_PER_TICK / events));
        per.put("machine", (machine - earlier.machine) * MILLIS_PER_TICK / events);
        return per;
    }

    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // the command may hold spaces: fields count from after its closing parenthesis (utime, stime: 14, 15)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long machineBusyTicks() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
