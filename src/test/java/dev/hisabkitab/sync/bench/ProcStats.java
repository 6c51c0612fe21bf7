package dev.hisabkitab.sync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of a process from Linux's /proc. */
final class ProcStats {

    private static final long CLOCK_TICKS = clockTicks();

    private ProcStats() {
    }

    /** utime + stime of /proc/<pid>/stat (fields 14 and 15), in seconds. */
    static double cpuSeconds(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat"))) / (double) CLOCK_TICKS;
        } catch (IOException e) {
            throw new BenchFailure("cannot read /proc/" + pid + "/stat (the process ended?): " + e.getMessage());
        }
    }

    /**
     * utime + stime of the process's JIT compiler threads (HotSpot's "C2 CompilerThreadN", "C1 CompilerThreadN": Linux
     * cuts a thread's name to 15 characters), in seconds, from /proc/<pid>/task/<tid>/stat. A compiler thread HotSpot
     * ended meanwhile is not counted (it adds and removes them with the queue's length): a lower bound.
     */
    static double compilerCpuSeconds(long pid) {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C2 CompilerThre") || name.startsWith("C1 CompilerThre")) {
                        ticks += ticks(stat);
                    }
                } catch (IOException e) {
                    // the thread ended while listed
                }
            }
        } catch (IOException e) {
            throw new BenchFailure("cannot list /proc/" + pid + "/task (the process ended?): " + e.getMessage());
        }
        return ticks / (double) CLOCK_TICKS;
    }

    /** utime + stime of a process's or thread's stat line, in clock ticks. */
    private static long ticks(String stat) {
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** A "kB" line of /proc/<pid>/status, e.g. VmRSS (resident now) or VmHWM (peak resident). */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
            throw new BenchFailure("no " + field + " in /proc/" + pid + "/status");
        } catch (IOException e) {
            throw new BenchFailure("cannot read /proc/" + pid + "/status (the process ended?): " + e.getMessage());
        }
    }

    /** Clock ticks per second (getconf CLK_TCK; 100 on Linux unless told otherwise). */
    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && out.matches("\\d+")) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // no getconf: the Linux default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
