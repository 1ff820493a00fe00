package dev.transfermonitor.bench;

import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.bench.flink.FlinkProcess;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

/**
 * One run on one broker (a JVM of its own): load the workload once, then rounds; each round runs
 * every configuration once, in an order rotated per round: the raw consumer (bytes, then Avro),
 * the full monitor (exactly-once at commit intervals of 100 ms and 1 s, at-least-once at 100 ms),
 * the equal-work monitor (exactly-once, 100 ms and 1 s) and the Flink peer (exactly-once with
 * checkpoints every 100 ms and 1 s, at-least-once at 1 s), each monitor run under a fresh
 * application id. Last, the latency run at half the full exactly-once rate.
 */
final class EndToEnd {

    static final String FLINK_ALERTS = "bench.flink.alerts";
    static final String EQUAL_ALERTS = "bench.equal.alerts";
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Duration SLOW = Duration.ofSeconds(1);

    private final BenchOptions options;
    private final PrintStream log;
    private final Report report = new Report();

    /** One configuration: what it is and how to run it once. */
    private record Config(Report.Config row, Runner runner) {}

    @FunctionalInterface
    private interface Runner {
        void run(int round, int position) throws Exception;
    }

    /** The configuration of the monitor's default settings (exactly-once, commit 1 s). */
    private static final String DEFAULTS = "full-eos-1s";

    /** What the full exactly-once runs at the default settings left per round: footprint and writes. */
    private final List<Footprint.Sample> footprints = new ArrayList<>();

    private final List<Double> writesPerRound = new ArrayList<>();
    private Map<String, Object> firstWrites;
    private Double latencyP99;
    private Long statePerMillion;
    private Long heapPerMillion;

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
        report.meta("rounds", options.rounds());
        report.meta("only", options.only() == null ? null : options.only().pattern());
        report.meta("broker", "the app's broker command in a JVM of its own, " + BrokerProcess.JVM_OPTIONS);
        report.meta("loadAverageAtStart", Report.loadAverage());
        Stopwatch whole = Stopwatch.start();
        try (Cluster cluster = Cluster.start(dir.resolve("broker"), options)) {
            step("broker at %s (pid %d)", cluster.bootstrapServers(), cluster.brokerPid());
            MonitorConfig base = cluster.config("bench-load", "", "exactly_once_v2", null);
            Topics topics = base.topics();
            Workload workload = InputLoader.defaultWorkload(options);
            cluster.prepare(base, workload.reference());
            step("loading %,d events", workload.totalEvents());
            InputLoader.Loaded loaded = InputLoader.load(workload, cluster.bootstrapServers(), topics);
            report.meta("events", loaded.events());
            report.meta("principals", loaded.principals());
            report.meta("loadEventsPerSecond", Math.round(Stopwatch.perSecond(loaded.events(), loaded.elapsed())));
            Map<TopicPartition, Long> ends;
            try (Admin admin = harnessAdmin(base)) {
                ends = Offsets.ends(admin, topics.inputs());
                // One partition each: the Flink sink and the equal-work topology write alike.
                admin.createTopics(List.of(
                                new NewTopic(FLINK_ALERTS, 1, (short) 1), new NewTopic(EQUAL_ALERTS, 1, (short) 1)))
                        .all()
                        .get();
            }
            long inputBytes = inputLogBytes(cluster.logDir(), topics);
            report.meta("inputLogBytes", inputBytes);
            report.meta("bytesPerEvent", inputBytes / Math.max(1, loaded.events()));
            step("heap of the reference index");
            double referenceHeap = Footprint.referenceHeapPerPrincipal(200_000);
            long workloadReferenceHeap = Footprint.referenceHeap(workload.reference());

            List<Config> configs = configs(cluster, topics, ends, dir);
            for (int round = 1; round <= options.rounds(); round++) {
                List<Config> order = Rounds.rotated(configs, round, options.rounds());
                for (int i = 0; i < order.size(); i++) {
                    Config c = order.get(i);
                    step(
                            "round %d/%d, %d/%d: %s",
                            round,
                            options.rounds(),
                            i + 1,
                            order.size(),
                            c.row().name());
                    c.runner().run(round, i + 1);
                }
            }

            writes();
            footprint(loaded.principals(), referenceHeap, workloadReferenceHeap);
            latency(cluster);
            targets();
        } finally {
            keepBrokerLog(dir.resolve("broker").resolve("broker.log"));
            report.meta("loadAverageAtEnd", Report.loadAverage());
            report.meta("wholeRunSeconds", whole.elapsed().toSeconds());
            report.print(log);
            report.write(options.out());
            log.println("JSON: " + options.out().toAbsolutePath());
            delete(dir);
        }
    }

    private List<Config> configs(Cluster cluster, Topics topics, Map<TopicPartition, Long> ends, Path dir) {
        long events = Offsets.total(ends);
        List<Config> all = new ArrayList<>();
        all.add(new Config(
                new Report.Config(
                        Report.RAW, "raw KafkaConsumer, bytes (the limit)", "raw", "consumer JVM", "default settings"),
                (round, position) -> raw(cluster, topics, ends, false, Report.RAW, round, position)));
        all.add(new Config(
                new Report.Config("raw-avro", "raw KafkaConsumer + AvroCodec decode", "raw", "consumer JVM", ""),
                (round, position) -> raw(cluster, topics, ends, true, "raw-avro", round, position)));
        for (String[] m : new String[][] {
            {"full-eos-100ms", "exactly_once_v2", "100"},
            {"full-eos-1s", "exactly_once_v2", "1000"},
            {"full-alos-100ms", "at_least_once", "100"},
            {"equal-eos-100ms", "exactly_once_v2", "100"},
            {"equal-eos-1s", "exactly_once_v2", "1000"}
        }) {
            String id = m[0];
            boolean full = id.startsWith("full");
            Duration commit = Duration.ofMillis(Long.parseLong(m[2]));
            String name =
                    (full ? "monitor, every rule, " : "monitor, equal work, ") + m[1] + ", commit " + budget(commit);
            all.add(new Config(
                    new Report.Config(id, name, full ? "full" : "equal", "monitor JVM", monitorNote(cluster, full)),
                    (round, position) -> monitor(cluster, ends, id, m[1], commit, full, round, position)));
        }
        if (options.flink()) {
            for (String[] f : new String[][] {
                {"flink-eos-100ms", "true", "100"}, {"flink-eos-1s", "true", "1000"}, {"flink-alos-1s", "false", "1000"}
            }) {
                String id = f[0];
                boolean exactlyOnce = Boolean.parseBoolean(f[1]);
                Duration interval = Duration.ofMillis(Long.parseLong(f[2]));
                String name = "Flink peer, equal work, " + (exactlyOnce ? "exactly-once" : "at-least-once")
                        + ", checkpoints " + budget(interval);
                String note = "KafkaSink " + (exactlyOnce ? "EXACTLY_ONCE" : "AT_LEAST_ONCE")
                        + ", own JVM, MiniCluster start-up included";
                all.add(new Config(
                        new Report.Config(id, name, "equal", "Flink JVM", note),
                        (round, position) -> flink(cluster, events, dir, id, exactlyOnce, interval, round, position)));
            }
        }
        List<Config> chosen =
                all.stream().filter(c -> options.runs(c.row().id())).toList();
        chosen.forEach(c -> report.config(c.row()));
        return chosen;
    }

    private String monitorNote(Cluster cluster, boolean full) {
        MonitorConfig probe = cluster.config("bench-probe", "", "exactly_once_v2", null);
        String threads = options.threads() + " stream thread(s)";
        if (!full) {
            return threads + ", start-up included";
        }
        return threads + ", start-up included, ledger "
                + (probe.ledgerSigner() == null
                        ? "unsigned"
                        : "signed every " + probe.ledgerSigner().interval().toSeconds() + " s");
    }

    private static String budget(Duration d) {
        return d.toMillis() < 1000 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }

    private void raw(
            Cluster cluster,
            Topics topics,
            Map<TopicPartition, Long> ends,
            boolean decode,
            String id,
            int round,
            int position) {
        ThreadCpu.Sampler self = ThreadCpu.self().start();
        ThreadCpu.Sampler broker = ThreadCpu.of(cluster.brokerPid()).start();
        RawConsume.Result result = RawConsume.run(cluster.bootstrapServers(), topics, ends, decode);
        ThreadCpu.Usage cpu = self.stop();
        ThreadCpu.Usage brokerCpu = broker.stop();
        report.add(id, round, position, result.records(), result.elapsed(), null, cpu, brokerCpu, null);
    }

    private void monitor(
            Cluster cluster,
            Map<TopicPartition, Long> ends,
            String id,
            String guarantee,
            Duration commit,
            boolean full,
            int round,
            int position)
            throws Exception {
        String applicationId = "bench-" + id + "-r" + round;
        MonitorConfig config = cluster.config(applicationId, "", guarantee, commit);
        boolean defaults = id.equals(DEFAULTS);
        Outputs outputs = full
                ? null
                : new Outputs(
                                config.clientProperties(),
                                EQUAL_ALERTS,
                                config.topics().dlq())
                        .mark();
        Map<String, Long> before = null;
        if (defaults) {
            try (Admin admin = harnessAdmin(config)) {
                before = Offsets.perTopic(admin);
            }
        }
        TopologyRun.Result result = TopologyRun.run(
                config,
                full ? TopologyRun.monitor(config) : new EqualWorkApp(config, EQUAL_ALERTS),
                ends,
                cluster.brokerPid(),
                defaults,
                defaults && round == 1 ? options.jfr() : null,
                log);
        if (defaults) {
            try (Admin admin = harnessAdmin(config)) {
                writes(before, Offsets.perTopic(admin), result.records(), applicationId);
            }
            footprints.add(result.footprint());
        }
        report.add(
                id,
                round,
                position,
                result.records(),
                result.elapsed(),
                result.startUp(),
                result.cpu(),
                result.brokerCpu(),
                outputs == null ? null : outputs.count());
        cleanUp(config);
    }

    private void flink(
            Cluster cluster,
            long events,
            Path dir,
            String id,
            boolean exactlyOnce,
            Duration interval,
            int round,
            int position)
            throws Exception {
        String runId = id + "-r" + round;
        // The monitor's settings: the peer builds the same rules and topics from them.
        Map<String, String> settings =
                new LinkedHashMap<>(cluster.settings("bench-flink-" + runId, "", "exactly_once_v2", null));
        settings.remove(LEDGER_SIGNING_KEY.key());
        Path checkpoints = dir.resolve("flink-checkpoints-" + runId);
        MonitorConfig config = cluster.config("bench-flink-" + runId, "", "exactly_once_v2", null);
        Outputs outputs = new Outputs(
                        config.clientProperties(), FLINK_ALERTS, config.topics().dlq())
                .mark();
        ThreadCpu.Sampler broker = ThreadCpu.of(cluster.brokerPid()).start();
        FlinkProcess.Result result = FlinkProcess.run(
                settings,
                dir.resolve("flink-" + runId + ".properties"),
                FLINK_ALERTS,
                options.threads(),
                exactlyOnce,
                interval,
                checkpoints,
                runId,
                log);
        ThreadCpu.Usage brokerCpu = broker.stop();
        report.add(id, round, position, events, result.elapsed(), null, result.cpu(), brokerCpu, outputs.count());
        delete(checkpoints);
    }

    /** Drops a finished run's internal topics and state, so that later runs meet a broker and disk alike. */
    private void cleanUp(MonitorConfig config) throws Exception {
        try (Admin admin = harnessAdmin(config)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> internal = names.stream()
                    .filter(n -> n.startsWith(config.applicationId() + "-"))
                    .toList();
            admin.deleteTopics(internal).all().get(60, TimeUnit.SECONDS);
        }
        delete(config.stateDir());
    }

    private static Admin harnessAdmin(MonitorConfig config) {
        Map<String, Object> props = new LinkedHashMap<>(config.clientProperties());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, ThreadCpu.HARNESS + "-admin");
        return Admin.create(props);
    }

    /** What the full exactly-once run at default settings wrote per input event: its changelogs and its outputs. */
    private void writes(Map<String, Long> before, Map<String, Long> after, long events, String applicationId) {
        Map<String, Object> w = new LinkedHashMap<>();
        double all = 0;
        for (var topic : after.entrySet()) {
            long written = topic.getValue() - before.getOrDefault(topic.getKey(), 0L);
            if (written > 0) {
                String name = topic.getKey().replaceFirst("^" + applicationId + "-", "");
                w.put(name, Math.round(1000.0 * written / events) / 1000.0);
                all += written;
            }
        }
        double perEvent = Math.round(1000.0 * all / events) / 1000.0;
        w.put("all", perEvent);
        writesPerRound.add(perEvent);
        if (firstWrites == null) {
            firstWrites = w;
        }
    }

    private void writes() {
        if (firstWrites == null) {
            return;
        }
        Map<String, Object> w = new LinkedHashMap<>(firstWrites);
        w.put("allPerRound", writesPerRound);
        w.put(
                "how",
                "offsets the full exactly-once run at the default settings (commit 1 s) added to each topic per input event, by topic in its"
                        + " first round; transaction markers take an offset each, so small topics read high");
        report.section("offsetsWrittenPerEvent", w);
    }

    private void footprint(int principals, double referenceHeap, long workloadReferenceHeap) {
        if (footprints.isEmpty()) {
            return;
        }
        long heap = (long)
                Summary.of(footprints.stream().map(s -> (double) s.heapBytes()).toList())
                        .median();
        long stateDir = (long) Summary.of(
                        footprints.stream().map(s -> (double) s.stateDirBytes()).toList())
                .median();
        long rss = (long)
                Summary.of(footprints.stream().map(s -> (double) s.rssBytes()).toList())
                        .median();
        double scale = 1e6 / principals;
        long rest = Math.max(0, heap - workloadReferenceHeap);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("principals", principals);
        f.put("heapBytesAfterGc", heap);
        f.put("rssBytes", rss);
        f.put("stateDirBytes", stateDir);
        f.put("referenceIndexHeapBytesOfThisWorkload", workloadReferenceHeap);
        f.put("referenceIndexHeapBytesPerPrincipal", Math.round(referenceHeap));
        Map<String, Object> perMillion = new LinkedHashMap<>();
        statePerMillion = Math.round(stateDir * scale);
        heapPerMillion = Math.round(referenceHeap * 1e6) + rest;
        perMillion.put("stateDirBytes", statePerMillion);
        perMillion.put("referenceIndexHeapBytes", Math.round(referenceHeap * 1e6));
        perMillion.put("heapBytesEstimate", heapPerMillion);
        perMillion.put("heapBytesUpperBound", Math.round(heap * scale));
        f.put("perMillionPrincipals", perMillion);
        f.put(
                "perRound",
                footprints.stream()
                        .map(s -> Map.of(
                                "heapBytes",
                                s.heapBytes(),
                                "rssBytes",
                                s.rssBytes(),
                                "stateDirBytes",
                                s.stateDirBytes()))
                        .toList());
        f.put(
                "how",
                "medians over the rounds of the full exactly-once monitor at the default settings (commit 1 s) at the end of its run: heap"
                        + " after full GC over a baseline taken just before it started, resident memory, state directory."
                        + " State dir scaled linearly by 1,000,000 / principals (per-entity sketches, burst buckets and"
                        + " baselines; the fixed part is small). Heap: the one per-principal part is the reference index"
                        + " (every other per-principal state is in RocksDB, off the heap), measured on 200,000 synthetic"
                        + " principals with their credentials; the estimate adds the rest of the run's heap delta (the"
                        + " delta less this workload's own reference index: buffers and caches, bounded by configuration)"
                        + " unscaled; the upper bound scales the whole delta");
        report.section("footprint", f);
    }

    private void latency(Cluster cluster) throws Exception {
        List<Report.Round> eos = report.rounds(DEFAULTS);
        if (!options.runs("latency") || eos.isEmpty() || options.latencyRun().isZero()) {
            return;
        }
        double rate = report.eventsPerSecond(DEFAULTS).median() / 2;
        step(
                "latency at %,.0f events/s (half the full exactly-once rate) for %d s",
                rate, options.latencyRun().toSeconds());
        MonitorConfig latencyConfig = cluster.config("bench-latency", "latency.", "exactly_once_v2", null);
        long needed = (long) (rate * options.latencyRun().toSeconds() * 1.2 * 1.3) + 20_000;
        Workload paced = InputLoader.workload(Math.max(needed, 20_000), options.staff(), 11, Set.of());
        cluster.prepare(latencyConfig, paced.reference());
        LatencyRun.Result latency = LatencyRun.run(latencyConfig, paced, options.staff(), rate, options.latencyRun());
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("measuredFrom", "producer send (probe event) to the alert polled by a read_committed consumer");
        l.put("commitInterval", budget(latencyConfig.commitInterval()));
        l.put("targetEventsPerSecond", Math.round(latency.targetRate()));
        l.put("achievedEventsPerSecond", Math.round(latency.achievedRate()));
        l.put("probeShare", "1 in " + LatencyRun.PROBE_EVERY);
        l.put("probesSent", latency.probesSent());
        l.put("probesAlerted", latency.probesSeen());
        l.put("p50Millis", latency.latency().p50());
        l.put("p99Millis", latency.latency().p99());
        latencyP99 = latency.latency().p99();
        l.put("p999Millis", latency.latency().p999());
        l.put("maxMillis", latency.latency().max());
        report.section("latency", l);
    }

    private void targets() {
        for (Duration d : List.of(FAST, SLOW)) {
            String id = "full-eos-" + (d.equals(FAST) ? "100ms" : "1s");
            Summary ratio = report.ratioToRaw(id);
            report.target(
                    "full monitor exactly_once_v2 x raw, commit " + budget(d),
                    Double.isNaN(ratio.median()) ? "n/a" : String.format(Locale.ROOT, "%.3f", ratio.median()),
                    ">= 0.15",
                    Double.isNaN(ratio.median()) ? null : ratio.median() >= 0.15);
        }
        for (Duration d : List.of(FAST, SLOW)) {
            String suffix = d.equals(FAST) ? "100ms" : "1s";
            double monitor = report.eventsPerSecond("equal-eos-" + suffix).median();
            double flink = report.eventsPerSecond("flink-eos-" + suffix).median();
            double ratio = monitor / flink;
            report.target(
                    "equal work, exactly-once: monitor / Flink, " + budget(d) + " (commit / checkpoints)",
                    Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio),
                    "> 1",
                    Double.isNaN(ratio) ? null : ratio > 1);
        }
        Summary writes = Summary.of(writesPerRound);
        report.target(
                "records written per input event, full exactly-once, defaults (commit 1 s)",
                Double.isNaN(writes.median()) ? "n/a" : String.format(Locale.ROOT, "%.2f", writes.median()),
                "<= 0.8",
                Double.isNaN(writes.median()) ? null : writes.median() <= 0.8);
        boolean p99Known = latencyP99 != null && !latencyP99.isNaN();
        report.target(
                "p99 detection latency at half the full exactly-once rate (commit 1 s)",
                p99Known ? String.format(Locale.ROOT, "%.0f ms", latencyP99) : "n/a",
                "<= 1 s",
                p99Known ? latencyP99 <= 1000 : null);
        Long state = statePerMillion;
        Long heap = heapPerMillion;
        report.target(
                "state directory per million principals",
                state == null ? "n/a" : String.format(Locale.ROOT, "%.2f GB", state / 1e9),
                "<= 4 GB",
                state == null ? null : state <= 4e9);
        report.target(
                "heap per million principals (estimate, see footprint)",
                heap == null ? "n/a" : String.format(Locale.ROOT, "%.2f GB", heap / 1e9),
                "<= 1 GB",
                heap == null ? null : heap <= 1e9);
    }

    /** Keeps the broker's output next to the JSON (the work directory goes) and counts its errors. */
    private void keepBrokerLog(Path log) {
        if (!Files.exists(log)) {
            return;
        }
        Path kept = options.out().toAbsolutePath().resolveSibling("bench-broker.log");
        try {
            Files.createDirectories(kept.getParent());
            Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
            try (var lines = Files.lines(log)) {
                report.meta(
                        "brokerLogErrorLines",
                        lines.filter(l -> l.contains(" ERROR ")).count());
            }
            report.meta("brokerLog", kept.toString());
        } catch (IOException | UncheckedIOException e) {
            report.meta("brokerLog", "not kept: " + e.getMessage());
        }
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
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
