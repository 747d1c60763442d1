package io.stagedoor.load.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * CPU time of a server process and its children, read from Linux's {@code /proc/<pid>/stat} (fields 14–17: utime,
 * stime, cutime, cstime, in clock ticks). Counting the children's live time plus the parent's reaped-children time
 * charges PostgreSQL every backend that ran during a window, also those that ended inside it. Reading /proc changes
 * nothing; on a machine without it every figure is "unknown".
 */
public final class ProcessCpu {

    /** Linux's USER_HZ; it is 100 on every mainstream architecture. */
    static final double TICKS_PER_SECOND = 100.0;

    private final long pid;
    private final Path proc;

    public ProcessCpu(long pid) {
        this(pid, Path.of("/proc"));
    }

    ProcessCpu(long pid, Path proc) {
        this.pid = pid;
        this.proc = proc;
    }

    public long pid() {
        return pid;
    }

    /** CPU seconds used so far by the process, its live children and its ended (reaped) children. */
    public double cpuSeconds() {
        long ticks = 0;
        Stat self = stat(pid);
        if (self == null) {
            return Double.NaN;
        }
        ticks += self.utime + self.stime + self.cutime + self.cstime;
        for (Stat child : children()) {
            ticks += child.utime + child.stime;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** HotSpot's JIT compiler threads ("C1 CompilerThread<n>", "C2 CompilerThread<n>"; Linux cuts names to 15 characters). */
    public static final Predicate<String> COMPILER = name -> name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    /**
     * G1's concurrent threads: marking ("G1 Main Marker", "G1 Conc#<n>"), remembered-set refinement ("G1 Refine#<n>")
     * and its service thread. They run when the old generation fills, at each instance's own moments.
     */
    public static final Predicate<String> G1_CONCURRENT = name -> name.startsWith("G1 Conc#") || name.equals("G1 Main Marker")
            || name.startsWith("G1 Refine#") || name.equals("G1 Service");
    /** The collector's pause workers ("GC Thread#<n>"): young collections, whose work grows with what requests allocate. */
    public static final Predicate<String> GC_PAUSES = name -> name.startsWith("GC Thread#");

    /**
     * CPU seconds used so far by the process's threads whose names match (from {@code /proc/<pid>/task}); NaN when
     * unknown. Compiling, for one, is work an instance does once per code path at moments of its own: two instances
     * of the same build compile at different times, so an A/B of what a request costs reads the process's CPU
     * without it. A thread that ends takes its time with it: start the JVM with
     * {@code -XX:-UseDynamicNumberOfCompilerThreads} where compiler threads are read.
     */
    public double threadCpuSeconds(Predicate<String> names) {
        Path tasks = proc.resolve(Long.toString(pid)).resolve("task");
        long ticks = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tasks, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path task : dirs) {
                String line = Files.readString(task.resolve("stat"));
                if (names.test(line.substring(line.indexOf('(') + 1, line.lastIndexOf(')')))) {
                    Stat stat = Stat.parse(line);
                    ticks += stat.utime() + stat.stime();
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return ticks / TICKS_PER_SECOND;
    }

    /** The first process whose command line contains every one of {@code parts} (e.g. "redis-server", ":6379"). */
    public static OptionalLong find(String... parts) {
        return find(Path.of("/proc"), parts);
    }

    static OptionalLong find(Path proc, String... parts) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            List<Long> pids = new ArrayList<>();
            dirs.forEach(d -> pids.add(Long.parseLong(d.getFileName().toString())));
            pids.sort(null);
            for (long candidate : pids) {
                String cmdline = cmdline(proc, candidate);
                boolean all = !cmdline.isEmpty();
                for (String part : parts) {
                    all &= cmdline.contains(part);
                }
                if (all) {
                    return OptionalLong.of(candidate);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not Linux
        }
        return OptionalLong.empty();
    }

    private static String cmdline(Path proc, long pid) {
        try {
            return new String(Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {

        /** One {@code /proc/<pid>/stat} line; the command name in parentheses may itself hold spaces and ')'. */
        static Stat parse(String line) {
            int close = line.lastIndexOf(')');
            String[] f = line.substring(close + 2).trim().split("\\s+");
            // f[0] is field 3 (state): field n is f[n - 3]
            return new Stat(Long.parseLong(line.substring(0, line.indexOf(' ')).trim()), Long.parseLong(f[1]),
                    Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14]));
        }
    }

    private Stat stat(long of) {
        try {
            return Stat.parse(Files.readString(proc.resolve(Long.toString(of)).resolve("stat")));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private List<Stat> children() {
        List<Stat> out = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path d : dirs) {
                Stat s = stat(Long.parseLong(d.getFileName().toString()));
                if (s != null && s.ppid() == pid) {
                    out.add(s);
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone meanwhile
        }
        return out;
    }

    /** CPU used between two readings, as cores busy on average over {@code wallSeconds}. */
    public static double cores(double cpuBefore, double cpuAfter, double wallSeconds) {
        return wallSeconds <= 0 ? Double.NaN : (cpuAfter - cpuBefore) / wallSeconds;
    }
}
