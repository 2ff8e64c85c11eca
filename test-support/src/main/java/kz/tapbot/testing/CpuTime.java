package kz.tapbot.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time as Linux accounts it (/proc), to tell which process a benchmark's load costs: per process, user + system
 * time; per command (every process of that name, as PostgreSQL's backends), their sum; for the machine, every
 * core's busy time. In clock ticks of 10 ms (USER_HZ 100).
 */
public final class CpuTime {

    static final double MILLIS_PER_TICK = 10;

    private final Map<String, Long> ticks = new LinkedHashMap<>();
    private long machine;

    private CpuTime() {
    }

    /** The CPU ticks so far of each named process and of the whole machine. */
    public static CpuTime now(Map<String, Long> processes) {
        return now(processes, List.of());
    }

    /**
     * The CPU ticks so far of each named process, of all processes of each command (those running now: a process
     * that ended between two readings is not counted) and of the whole machine.
     */
    public static CpuTime now(Map<String, Long> processes, List<String> commands) {
        CpuTime time = new CpuTime();
        processes.forEach((name, pid) -> time.ticks.put(name, processTicks(pid)));
        for (String command : commands) {
            time.ticks.put(command, ProcessHandle.allProcesses()
                    .filter(p -> command.equals(commandOf(p.pid())))
                    .mapToLong(p -> processTicks(p.pid())).sum());
        }
        time.machine = machineBusyTicks();
        return time;
    }

    /** CPU ms spent between {@code earlier} and this reading, per process and "machine" (all of it), per event. */
    public Map<String, Double> millisPer(CpuTime earlier, long events) {
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

    private static String commandOf(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim();
        } catch (IOException | RuntimeException e) {
            return "";
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
