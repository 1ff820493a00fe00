package dev.transfermonitor.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * CPU per thread of a process, measured from {@code /proc/PID/task/TID/stat} (utime + stime, in
 * clock ticks) and grouped by thread name. The kernel keeps only 15 characters of a thread's name
 * ({@code comm}); in a JVM of ours the full Java names come from a thread dump (its {@code nid} is
 * the TID), which tells a stream thread from the other threads of a Kafka Streams client.
 */
public final class ThreadCpu {

    /** Kafka Streams stream threads and Flink task threads: where the records are processed. */
    public static final String STREAM = "stream";
    /** Kafka client network threads: producer senders, admin clients, heartbeats, Flink's source fetchers. */
    public static final String NET = "kafka-net";

    public static final String ROCKSDB = "rocksdb";
    public static final String GC = "gc";
    public static final String JIT = "jit";
    public static final String OTHER = "other";
    /** Process CPU no live thread accounts for: threads that ended during the run (after their last sample). */
    public static final String EXITED = "exited";

    public static final List<String> GROUPS = List.of(STREAM, NET, ROCKSDB, GC, JIT, OTHER, EXITED);

    /** Threads of the harness itself (lag polling, this sampler): not the system measured. */
    static final String HARNESS = "bench-harness";

    private static final Pattern DUMP_LINE = Pattern.compile("^\"(.*)\" .*\\bnid=(0x[0-9a-fA-F]+|[0-9]+)\\b");
    private static final int TOP = 12;
    private static final Pattern FLINK_TASK = Pattern.compile(".*\\(\\d+/\\d+\\)(#\\d+)?$");
    private static final long TICKS_PER_SECOND = clockTicks();

    /** One thread's CPU so far. */
    record Sample(int tid, String name, long ticks) {}

    /**
     * What a process spent in one stretch of wall time: CPU seconds per group of threads and in all
     * (the process's own counter, which also holds threads that ended), and the busiest thread
     * names (threads of one name summed), to check the grouping against.
     */
    public record Usage(
            double wallSeconds,
            double processCpuSeconds,
            Map<String, Double> cpuSeconds,
            Map<String, Double> topThreads) {

        /** Cores used per group: CPU seconds over wall seconds. */
        public Map<String, Double> cores() {
            Map<String, Double> cores = new LinkedHashMap<>();
            cpuSeconds.forEach((group, seconds) -> cores.put(group, round(seconds / Math.max(1e-9, wallSeconds))));
            return cores;
        }

        public double processCores() {
            return round(processCpuSeconds / Math.max(1e-9, wallSeconds));
        }
    }

    private ThreadCpu() {}

    /** The group of a thread by its name: the full Java name where known, else the kernel's 15 characters. */
    static String group(String name) {
        if (name == null || name.isEmpty()) {
            return OTHER;
        }
        if (name.contains(HARNESS)) {
            return OTHER;
        }
        if (name.startsWith("rocksdb")) {
            return ROCKSDB;
        }
        if (name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.startsWith("GC task")
                || name.startsWith("ParGC")
                || name.startsWith("ZGC")) {
            return GC;
        }
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre") || name.startsWith("Sweeper")) {
            return JIT;
        }
        // Prefixes no longer than 15 characters, so they match the kernel's names as well.
        if (name.startsWith("kafka-producer-")
                || name.startsWith("kafka-admin-cli")
                || name.startsWith("kafka-coordinat")
                || name.startsWith("consumer_backgr")
                || name.startsWith("Source Data Fet")) {
            return NET;
        }
        if (name.contains("-StreamThread-")) {
            return STREAM;
        }
        // Flink names a task's thread after its operator chain and subtask, "... (1/1)#0"; its helpers add a prefix.
        if (FLINK_TASK.matcher(name).matches()
                && !name.startsWith("OutputFlusher")
                && !name.startsWith("Channel state")) {
            return STREAM;
        }
        return OTHER;
    }

    /** Every live thread of {@code proc} ({@code /proc/self}, {@code /proc/PID}, or a fixture laid out alike). */
    static Map<Integer, Sample> threads(Path proc, Map<Integer, String> javaNames) {
        Map<Integer, Sample> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            tasks.forEach(task -> {
                int tid;
                try {
                    tid = Integer.parseInt(task.getFileName().toString());
                } catch (NumberFormatException e) {
                    return;
                }
                try {
                    long ticks = ticks(Files.readString(task.resolve("stat"), StandardCharsets.UTF_8));
                    String name = javaNames.get(tid);
                    if (name == null) {
                        name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8)
                                .strip();
                    }
                    threads.put(tid, new Sample(tid, name, ticks));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while we read it: its time shows up as exited
                }
            });
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /** utime + stime of a {@code stat} line; the name in parentheses may hold spaces and parentheses. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is the state (field 3 of proc(5)); utime and stime are fields 14 and 15.
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long processTicks(Path proc) {
        try {
            return ticks(Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** TID to Java thread name, from a thread dump ({@code jcmd PID Thread.print} text). */
    static Map<Integer, String> namesFromDump(String dump) {
        Map<Integer, String> names = new HashMap<>();
        for (String line : dump.split("\n")) {
            Matcher m = DUMP_LINE.matcher(line);
            if (m.find()) {
                String nid = m.group(2);
                int tid = nid.startsWith("0x") ? Integer.parseInt(nid.substring(2), 16) : Integer.parseInt(nid);
                names.put(tid, m.group(1));
            }
        }
        return names;
    }

    /** This JVM's thread names by TID, from its own thread dump (a safepoint, a few milliseconds). */
    static Map<Integer, String> ownJavaNames() {
        try {
            Object dump = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "threadPrint",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
            return namesFromDump(String.valueOf(dump));
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** A sampler of this JVM, with full thread names. */
    public static Sampler self() {
        return new Sampler(Path.of("/proc/self"), ThreadCpu::ownJavaNames);
    }

    /** A sampler of another process, named by the kernel's 15 characters. */
    static Sampler of(long pid) {
        return new Sampler(Path.of("/proc/" + pid), Map::of);
    }

    static double seconds(long ticks) {
        return ticks / (double) TICKS_PER_SECOND;
    }

    /**
     * Sums per group the CPU each thread spent between {@code first} and {@code last} (a thread
     * born in between counts from zero), and puts what the process spent beyond them under
     * {@link #EXITED}.
     */
    static Usage usage(Map<Integer, Sample> first, Map<Integer, Sample> last, long processTicks, Duration wall) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        GROUPS.forEach(g -> ticks.put(g, 0L));
        Map<String, Long> byName = new HashMap<>();
        long threads = 0;
        for (Sample now : last.values()) {
            Sample before = first.get(now.tid());
            long spent = Math.max(0, now.ticks() - (before == null ? 0 : before.ticks()));
            ticks.merge(group(now.name()), spent, Long::sum);
            byName.merge(now.name(), spent, Long::sum);
            threads += spent;
        }
        ticks.put(EXITED, Math.max(0, processTicks - threads));
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.forEach((group, t) -> seconds.put(group, round(seconds(t))));
        Map<String, Double> top = new LinkedHashMap<>();
        byName.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(TOP)
                .forEach(e -> top.put(e.getKey(), round(seconds(e.getValue()))));
        return new Usage(round(wall.toNanos() / 1e9), round(seconds(processTicks)), seconds, top);
    }

    /** A compact line: cores per group, the groups that used any. */
    static String compact(Usage usage) {
        if (usage == null) {
            return "n/a";
        }
        StringJoiner line = new StringJoiner(" ");
        line.add(String.format(Locale.ROOT, "%.2f cores:", usage.processCores()));
        usage.cores().forEach((group, cores) -> {
            if (cores >= 0.005) {
                line.add(String.format(Locale.ROOT, "%s %.2f", group, cores));
            }
        });
        return line.toString();
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            p.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    /**
     * Samples a process's threads every second, so that a thread that ends during the run (Flink's
     * task threads end with their job) still counts up to its last sample.
     */
    public static final class Sampler {

        private static final long EVERY_MILLIS = 1_000;

        private final Path proc;
        private final Supplier<Map<Integer, String>> javaNames;
        private final Map<Integer, Sample> last = new HashMap<>();
        private Map<Integer, String> names = new HashMap<>();
        private Map<Integer, Sample> first;
        private long firstProcessTicks;
        private long startedNanos;
        private Thread thread;
        private volatile boolean running;

        Sampler(Path proc, Supplier<Map<Integer, String>> javaNames) {
            this.proc = proc;
            this.javaNames = javaNames;
        }

        public Sampler start() {
            names = new HashMap<>(javaNames.get());
            startedNanos = System.nanoTime();
            firstProcessTicks = processTicks(proc);
            first = threads(proc, names);
            last.putAll(first);
            running = true;
            thread = new Thread(this::loop, HARNESS + "-cpu");
            thread.setDaemon(true);
            thread.start();
            return this;
        }

        private void loop() {
            while (running) {
                try {
                    Thread.sleep(EVERY_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }

        private synchronized void sample() {
            Map<Integer, Sample> now = threads(proc, names);
            if (!names.keySet().containsAll(now.keySet())) {
                Map<Integer, String> fresh = javaNames.get();
                if (!fresh.isEmpty()) {
                    names.putAll(fresh);
                    now = threads(proc, names);
                }
            }
            last.putAll(now);
        }

        /** The usage since {@link #start()}; also ends the sampling. */
        public Usage stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Duration wall = Duration.ofNanos(System.nanoTime() - startedNanos);
            synchronized (this) {
                sample();
                return usage(first, last, processTicks(proc) - firstProcessTicks, wall);
            }
        }
    }
}
