package dev.transfermonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadCpuTest {

    @TempDir
    Path proc;

    @Test
    void groupsThreadsByTheirNamesFullOrCutByTheKernel() {
        assertThat(ThreadCpu.group("bench-full-eos-100ms-r1-3f2a9c1e-0b4d-4c5e-9f00-1a2b3c4d5e6f-StreamThread-1"))
                .isEqualTo(ThreadCpu.STREAM);
        assertThat(ThreadCpu.group("validate-enrich-rules -> (Timestamps/Watermarks, Sink: outputs) (1/1)#0"))
                .isEqualTo(ThreadCpu.STREAM);
        assertThat(ThreadCpu.group(
                        "kafka-producer-network-thread | bench-full-eos-100ms-r1-3f2a-StreamThread-1-producer"))
                .isEqualTo(ThreadCpu.NET);
        assertThat(ThreadCpu.group("kafka-producer-")).isEqualTo(ThreadCpu.NET);
        assertThat(ThreadCpu.group("kafka-admin-client-thread | bench-x-admin")).isEqualTo(ThreadCpu.NET);
        assertThat(ThreadCpu.group("kafka-coordinator-heartbeat-thread | bench-x"))
                .isEqualTo(ThreadCpu.NET);
        assertThat(ThreadCpu.group("Source Data Fetcher for Source: inputs (1/1)#0"))
                .isEqualTo(ThreadCpu.NET);
        assertThat(ThreadCpu.group("rocksdb:low")).isEqualTo(ThreadCpu.ROCKSDB);
        assertThat(ThreadCpu.group("rocksdb:high")).isEqualTo(ThreadCpu.ROCKSDB);
        assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.group("G1 Refine#0")).isEqualTo(ThreadCpu.GC);
        assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.group("C1 CompilerThread0")).isEqualTo(ThreadCpu.JIT);
        assertThat(ThreadCpu.group("bench-x-3f2a-GlobalStreamThread")).isEqualTo(ThreadCpu.OTHER);
        assertThat(ThreadCpu.group("OutputFlusher for Source: inputs (1/1)#0")).isEqualTo(ThreadCpu.OTHER);
        // The harness's own admin client is not the system measured.
        assertThat(ThreadCpu.group("kafka-admin-client-thread | bench-harness-lag"))
                .isEqualTo(ThreadCpu.OTHER);
        assertThat(ThreadCpu.group("data-plane-kafk")).isEqualTo(ThreadCpu.OTHER);
        assertThat(ThreadCpu.group("VM Thread")).isEqualTo(ThreadCpu.OTHER);
    }

    @Test
    void readsTicksAfterANameWithSpacesAndParentheses() {
        String stat = "4242 (Source: a (1/1)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 40 0 9 0 0";

        assertThat(ThreadCpu.ticks(stat)).isEqualTo(325);
    }

    @Test
    void sumsEachGroupsTicksBetweenTwoSnapshotsAndCallsTheRestExited() throws IOException {
        task(101, "main", 50);
        task(102, "bench-eos-3b2c5", 1_000);
        task(103, "rocksdb:low", 10);
        Map<Integer, String> javaNames = Map.of(102, "bench-eos-3b2c5a-StreamThread-1");
        Map<Integer, ThreadCpu.Sample> first = ThreadCpu.threads(proc, javaNames);

        task(102, "bench-eos-3b2c5", 1_800); // 8 s on the stream thread
        task(103, "rocksdb:low", 110); // 1 s
        task(104, "kafka-producer-", 200); // born during the run: 2 s
        task(105, "GC Thread#0", 50); // 0.5 s
        Files.delete(proc.resolve("task/101/stat")); // main ended; a directory without stat is skipped
        Map<Integer, ThreadCpu.Sample> last = ThreadCpu.threads(proc, javaNames);

        ThreadCpu.Usage usage = ThreadCpu.usage(first, last, 1_200, Duration.ofSeconds(10));

        assertThat(usage.cpuSeconds())
                .containsEntry(ThreadCpu.STREAM, 8.0)
                .containsEntry(ThreadCpu.ROCKSDB, 1.0)
                .containsEntry(ThreadCpu.NET, 2.0)
                .containsEntry(ThreadCpu.GC, 0.5)
                .containsEntry(ThreadCpu.JIT, 0.0)
                .containsEntry(ThreadCpu.OTHER, 0.0)
                .containsEntry(ThreadCpu.EXITED, 0.5);
        assertThat(usage.processCpuSeconds()).isEqualTo(12.0);
        assertThat(usage.topThreads().keySet())
                .containsExactly("bench-eos-3b2c5a-StreamThread-1", "kafka-producer-", "rocksdb:low", "GC Thread#0");
        assertThat(usage.cores()).containsEntry(ThreadCpu.STREAM, 0.8).containsEntry(ThreadCpu.GC, 0.05);
        assertThat(usage.processCores()).isEqualTo(1.2);
        assertThat(ThreadCpu.compact(usage))
                .isEqualTo("1.20 cores: stream 0.80 kafka-net 0.20 rocksdb 0.10 gc 0.05 exited 0.05");
    }

    @Test
    void namesThreadsByTheNidOfAThreadDump() {
        String dump = """
                2026-12-05 10:00:00
                Full thread dump OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1 mixed mode, sharing):

                "bench-eos-3b2c5a-StreamThread-1" #42 prio=5 os_prio=0 cpu=812.50ms elapsed=9.20s tid=0x00007f0c nid=0x66 runnable  [0x00007f0b]

                "GC Thread#0" os_prio=0 cpu=120.10ms elapsed=30.00s tid=0x00007f0d nid=0x1f41 runnable
                "C2 CompilerThread0" #6 daemon prio=9 os_prio=0 cpu=5000.00ms elapsed=30.00s tid=0x00007f0e nid=8002 waiting on condition  [0x0000000000000000]
                """;

        Map<Integer, String> names = ThreadCpu.namesFromDump(dump);

        assertThat(names)
                .containsEntry(0x66, "bench-eos-3b2c5a-StreamThread-1")
                .containsEntry(0x1f41, "GC Thread#0")
                .containsEntry(8002, "C2 CompilerThread0")
                .hasSize(3);
    }

    @Test
    void samplesThisJvm() {
        ThreadCpu.Sampler sampler = ThreadCpu.self().start();
        long sum = 0;
        for (long i = 0; i < 50_000_000L; i++) {
            sum += i ^ (sum >>> 3);
        }
        ThreadCpu.Usage usage = sampler.stop();

        assertThat(sum).isNotZero();
        assertThat(usage.wallSeconds()).isPositive();
        assertThat(usage.cpuSeconds()).containsKeys(ThreadCpu.GROUPS.toArray(String[]::new));
    }

    private void task(int tid, String comm, long ticks) throws IOException {
        Path dir = Files.createDirectories(proc.resolve("task").resolve(Integer.toString(tid)));
        Files.writeString(dir.resolve("comm"), comm + "\n");
        Files.writeString(
                dir.resolve("stat"),
                tid + " (" + comm + ") S 1 1 1 0 -1 4194560 10 0 0 0 " + ticks / 2 + " " + (ticks - ticks / 2)
                        + " 0 0 20 0 1 0 5 0 0\n");
    }
}
