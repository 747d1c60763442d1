package io.stagedoor.load.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {

    @TempDir
    Path proc;

    private void process(long pid, long ppid, String comm, String cmdline, long utime, long stime, long cutime, long cstime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (" + comm + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " " + cutime + " " + cstime + " 20 0 1 0 100 1000 10 18446744073709551615");
        Files.writeString(dir.resolve("cmdline"), cmdline.replace(' ', '\0'));
    }

    @Test
    void aServerIsChargedItsOwnTimeItsLiveChildrenAndItsEndedChildren() throws IOException {
        process(100, 1, "postgres", "/usr/lib/postgresql/15/bin/postgres -D /data", 10, 5, 200, 100);
        process(101, 100, "postgres", "postgres: checkpointer", 30, 20, 0, 0);
        process(102, 100, "postgres", "postgres: app test 127.0.0.1(5000) idle", 400, 100, 0, 0);
        process(200, 1, "redis-server", "redis-server 127.0.0.1:6379", 7, 3, 0, 0);

        // (10 + 5 + 200 + 100) + (30 + 20) + (400 + 100) ticks = 865 ticks = 8.65 s
        assertThat(new ProcessCpu(100, proc).cpuSeconds()).isEqualTo(8.65);
        assertThat(new ProcessCpu(200, proc).cpuSeconds()).isEqualTo(0.1);
    }

    @Test
    void aThreadGroupsTimeIsTheirsAloneNotTheOtherThreads() throws IOException {
        process(500, 1, "java", "java -jar app.jar", 900, 100, 0, 0);
        thread(500, 500, "java", 10, 5);
        thread(500, 501, "C2 CompilerThre", 120, 30);
        thread(500, 502, "C1 CompilerThre", 40, 10);
        thread(500, 503, "reactor-http-ep", 600, 50);
        thread(500, 504, "GC Thread#0", 100, 5);
        thread(500, 505, "G1 Main Marker", 7, 3);
        thread(500, 506, "G1 Conc#0", 30, 10);
        thread(500, 507, "G1 Refine#0", 4, 1);

        ProcessCpu cpu = new ProcessCpu(500, proc);
        // (120 + 30) + (40 + 10) ticks = 2 s; the event loop's and the collector's time is the requests' own
        assertThat(cpu.threadCpuSeconds(ProcessCpu.COMPILER)).isEqualTo(2.0);
        assertThat(cpu.threadCpuSeconds(ProcessCpu.G1_CONCURRENT)).isEqualTo(0.55);
        assertThat(cpu.threadCpuSeconds(ProcessCpu.GC_PAUSES)).isEqualTo(1.05);
        assertThat(new ProcessCpu(999, proc).threadCpuSeconds(ProcessCpu.COMPILER)).isNaN();
    }

    private void thread(long pid, long tid, String comm, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("stat"), tid + " (" + comm + ") S 1 1 1 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 1 0 100 1000 10 18446744073709551615");
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsParsed() {
        ProcessCpu.Stat stat = ProcessCpu.Stat.parse("42 (a (weird) name) R 7 1 1 0 -1 0 0 0 0 0 11 12 13 14 20 0 1 0");

        assertThat(stat).isEqualTo(new ProcessCpu.Stat(42, 7, 11, 12, 13, 14));
    }

    @Test
    void serversAreFoundByTheirCommandLine() throws IOException {
        process(300, 1, "redis-server", "redis-server 127.0.0.1:6390", 1, 1, 0, 0);
        process(301, 1, "redis-server", "redis-server 127.0.0.1:6379", 1, 1, 0, 0);

        assertThat(ProcessCpu.find(proc, "redis-server", ":6379")).hasValue(301);
        assertThat(ProcessCpu.find(proc, "redis-server", ":7000")).isEmpty();
    }

    @Test
    void coresAreCpuSecondsPerWallSecond() {
        assertThat(ProcessCpu.cores(10, 25, 30)).isEqualTo(0.5);
    }
}
