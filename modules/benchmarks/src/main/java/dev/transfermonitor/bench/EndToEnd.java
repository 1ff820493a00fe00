package dev.transfermonitor.bench;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.bench.flink.FlinkPeer;
import dev.transfermonitor.bench.flink.FlinkProcess;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

/**
 * One run on one in-process broker: load the workload once, then the raw consumer (bytes, then
 * Avro), the monitor with exactly-once and at-least-once (fresh application ids over the same
 * input), the Flink peer both ways, and last the latency run at half the exactly-once rate.
 */
final class EndToEnd {

    private final BenchOptions options;
    private final PrintStream log;
    private final Report report = new Report();

    EndToEnd(BenchOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    void run() throws Exception {
        Path dir = Files.createTempDirectory("transfer-monitor-bench-");
        report.meta("date", Instant.now().toString());
        report.meta("cores", Runtime.getRuntime().availableProcessors());
        report.meta("maxHeapBytes", Runtime.getRuntime().maxMemory());
        report.meta("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        report.meta("partitions", options.partitions());
        report.meta("streamThreadsAndFlinkParallelism", options.threads());
        report.meta("loadAverageAtStart", Report.loadAverage());
        Stopwatch whole = Stopwatch.start();
        try (Cluster cluster = Cluster.start(dir.resolve("broker"), options)) {
            MonitorConfig eos = cluster.config("bench-eos", "", "exactly_once_v2");
            Topics topics = eos.topics();
            Workload workload = InputLoader.defaultWorkload(options);
            cluster.prepare(eos, workload.reference());
            step("loading %,d events", workload.totalEvents());
            InputLoader.Loaded loaded = InputLoader.load(workload, cluster.bootstrapServers(), topics);
            report.meta("events", loaded.events());
            report.meta("principals", loaded.principals());
            report.meta("loadEventsPerSecond", Math.round(Stopwatch.perSecond(loaded.events(), loaded.elapsed())));
            Map<TopicPartition, Long> ends;
            try (Admin admin = Admin.create(eos.clientProperties())) {
                ends = Offsets.ends(admin, topics.inputs());
                admin.createTopics(List.of(new NewTopic("bench.flink.alerts", 1, (short) 1)))
                        .all()
                        .get();
            }
            long inputBytes = inputLogBytes(cluster.dir().resolve("kafka"), topics);
            report.meta("inputLogBytes", inputBytes);
            report.meta("bytesPerEvent", inputBytes / Math.max(1, loaded.events()));

            step("raw consumer, bytes");
            RawConsume.Result bytes = RawConsume.run(cluster.bootstrapServers(), topics, ends, false);
            report.add(
                    "raw KafkaConsumer, bytes (the limit)",
                    bytes.records(),
                    bytes.elapsed(),
                    "default consumer settings");
            step("raw consumer, Avro decode");
            RawConsume.Result avro = RawConsume.run(cluster.bootstrapServers(), topics, ends, true);
            report.add("raw KafkaConsumer + AvroCodec decode", avro.records(), avro.elapsed(), "");

            step("monitor, exactly_once_v2");
            Map<String, Long> before;
            try (Admin admin = Admin.create(eos.clientProperties())) {
                before = Offsets.perTopic(admin);
            }
            TopologyRun.Result exactly = TopologyRun.run(eos, ends, options.jfr(), log);
            try (Admin admin = Admin.create(eos.clientProperties())) {
                writes(before, Offsets.perTopic(admin), loaded.events());
            }
            report.add(
                    "monitor topology, exactly_once_v2",
                    exactly.records(),
                    exactly.elapsed(),
                    startUpNote(exactly) + ", commit 100 ms, " + options.threads() + " stream thread(s), ledger "
                            + (eos.ledgerSigner() == null
                                    ? "unsigned"
                                    : "signed every "
                                            + eos.ledgerSigner().interval().toSeconds() + " s"));
            footprint(exactly.footprint(), loaded.principals());

            step("monitor, at_least_once");
            TopologyRun.Result atLeast =
                    TopologyRun.run(cluster.config("bench-alos", "", "at_least_once"), ends, null, log);
            report.add(
                    "monitor topology, at_least_once",
                    atLeast.records(),
                    atLeast.elapsed(),
                    startUpNote(atLeast) + ", commit 100 ms");

            if (options.flink()) {
                for (boolean exactlyOnce : new boolean[] {true, false}) {
                    step("Flink peer, %s", exactlyOnce ? "exactly-once" : "at-least-once");
                    String id = exactlyOnce ? "eos" : "alos";
                    Duration took = FlinkProcess.run(
                            cluster.bootstrapServers(),
                            topics.prefix(),
                            "bench.flink.alerts",
                            options.threads(),
                            exactlyOnce,
                            dir.resolve("flink-checkpoints-" + id),
                            id,
                            log);
                    report.add(
                            "Flink peer (residency + burst), " + (exactlyOnce ? "exactly-once" : "at-least-once"),
                            Offsets.total(ends),
                            took,
                            "checkpoints every " + FlinkPeer.CHECKPOINT_INTERVAL.toMillis()
                                    + " ms, KafkaSink " + (exactlyOnce ? "EXACTLY_ONCE" : "AT_LEAST_ONCE")
                                    + ", own JVM, start-up included");
                }
            }

            double rate = exactly.perSecond() / 2;
            step(
                    "latency at %,.0f events/s (half the exactly-once rate) for %d s",
                    rate, options.latencyRun().toSeconds());
            MonitorConfig latencyConfig = cluster.config("bench-latency", "latency.", "exactly_once_v2");
            long needed = (long) (rate * options.latencyRun().toSeconds() * 1.2 * 1.3) + 20_000;
            Workload paced = InputLoader.workload(Math.max(needed, 20_000), options.staff(), 11, Set.of());
            cluster.prepare(latencyConfig, paced.reference());
            LatencyRun.Result latency =
                    LatencyRun.run(latencyConfig, paced, options.staff(), rate, options.latencyRun());
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("measuredFrom", "producer send (probe event) to the alert polled by a read_committed consumer");
            l.put("targetEventsPerSecond", Math.round(latency.targetRate()));
            l.put("achievedEventsPerSecond", Math.round(latency.achievedRate()));
            l.put("probeShare", "1 in " + LatencyRun.PROBE_EVERY);
            l.put("probesSent", latency.probesSent());
            l.put("probesAlerted", latency.probesSeen());
            l.put("p50Millis", latency.latency().p50());
            l.put("p99Millis", latency.latency().p99());
            l.put("p999Millis", latency.latency().p999());
            l.put("maxMillis", latency.latency().max());
            report.section("latency", l);
        } finally {
            report.meta("loadAverageAtEnd", Report.loadAverage());
            report.meta("wholeRunSeconds", whole.elapsed().toSeconds());
            report.print(log);
            report.write(options.out());
            log.println("JSON: " + options.out().toAbsolutePath());
            delete(dir);
        }
    }

    /** Start-up (topics, group, global stores) is part of the time; the note says how much. */
    private static String startUpNote(TopologyRun.Result run) {
        return String.format(
                Locale.ROOT, "start-up %.1f s included", run.startUp().toMillis() / 1000.0);
    }

    /** What the exactly-once run wrote per input event: its changelogs and its outputs. */
    private void writes(Map<String, Long> before, Map<String, Long> after, long events) {
        Map<String, Object> w = new LinkedHashMap<>();
        double all = 0;
        for (var topic : after.entrySet()) {
            long written = topic.getValue() - before.getOrDefault(topic.getKey(), 0L);
            if (written > 0) {
                String name = topic.getKey().replaceFirst("^bench-eos-", "");
                w.put(name, Math.round(1000.0 * written / events) / 1000.0);
                all += written;
            }
        }
        w.put("all", Math.round(1000.0 * all / events) / 1000.0);
        w.put(
                "how",
                "offsets the exactly-once run added to each topic per input event (transaction markers take "
                        + "an offset each, so small topics read high)");
        report.section("offsetsWrittenPerEvent", w);
    }

    private void footprint(Footprint.Sample sample, int principals) {
        Footprint.Sample perMillion = sample.perMillion(principals);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("principals", principals);
        f.put("heapBytesAfterGc", sample.heapBytes());
        f.put("rssBytes", sample.rssBytes());
        f.put("stateDirBytes", sample.stateDirBytes());
        double referenceHeap = Footprint.referenceHeapPerPrincipal(200_000);
        f.put("referenceIndexHeapBytesPerPrincipal", Math.round(referenceHeap));
        f.put(
                "perMillionPrincipals",
                Map.of(
                        "stateDirBytes", perMillion.stateDirBytes(),
                        "referenceIndexHeapBytes", Math.round(referenceHeap * 1e6),
                        "heapBytesUpperBound", perMillion.heapBytes()));
        f.put(
                "how",
                "heap (after full GC) and state directory of the exactly-once monitor at the end of its run, "
                        + "over a baseline taken just before it started; state dir scaled linearly by 1,000,000 / principals "
                        + "(it holds the per-entity sketches, burst buckets and baselines; the fixed part is small); the "
                        + "heap delta also holds fixed buffers (record cache, producer and consumer buffers), so scaled it "
                        + "is only an upper bound; the per-principal heap is the reference index's, measured on 200,000 "
                        + "synthetic principals with their credentials");
        report.section("footprint", f);
    }

    /** The input partitions' log segments (not the preallocated indexes): the bytes a consumer reads. */
    private static long inputLogBytes(Path logDir, Topics topics) throws IOException {
        try (var dirs = Files.list(logDir)) {
            return dirs.filter(d -> topics.inputs().stream()
                            .anyMatch(t -> d.getFileName().toString().startsWith(t + "-")))
                    .mapToLong(d -> {
                        try (var files = Files.list(d)) {
                            return files.filter(f -> f.toString().endsWith(".log"))
                                    .mapToLong(f -> f.toFile().length())
                                    .sum();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    private void step(String format, Object... args) {
        log.printf(
                Locale.ROOT,
                "[%s, load %s] %s%n",
                Instant.now().toString().substring(11, 19),
                Report.loadAverage(),
                String.format(Locale.ROOT, format, args));
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
