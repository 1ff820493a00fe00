package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.TopicAdmin;
import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.app.sandbox.WorkDir;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.reference.ReferenceData;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code transfer-monitor replay}: the detection topology over a past period of the retained input. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the monitor's detection over a past period of the input topics and prints the alerts it raises. "
                    + "For the same input and rules they are the live monitor's alerts: same ids, revisions and "
                    + "contents, with the same evidence (topic, partition, offset), because the input is read where "
                    + "it is. The live monitor, its alerts topic and its consumer group are not touched. Without "
                    + "--bootstrap-servers it uses a broker on " + ConnectionOptions.LOCAL_BROKER + ", as alerts does.",
            "The period [--from, --to) is taken by the time each event was written to Kafka (its record timestamp), "
                    + "so it is one offset range per partition, fixed when the replay starts: events written later, "
                    + "or while it runs, are not part of it. Without --from it starts at the oldest retained event; "
                    + "without --to it ends at the events written before it started.",
            "The replay starts with empty state at --from: a finding the live monitor opened before --from comes out "
                    + "as revision 1, and windowed rules (bursts, slow exfiltration, baselines) see only the period. "
                    + "Replay from the start of the retained input for the live revisions.",
            "Reference data (assets, principals, credentials, policies, ...) is read from the reference topics as it "
                    + "is now, not as it was during the period.",
            "It runs under a fresh application id (transfer-monitor-replay-<run>) with the live processing guarantee "
                    + "(exactly-once by default), writes to private topics (replay-<run>.*) and removes them, its "
                    + "internal topics, its consumer group and its state when it ends, also on failure or Ctrl-C.",
            "--compare replays the period twice, with the current rules (rules.file, or the defaults) and with "
                    + "--rules FILE, and lists the findings the new rules would add, drop or change.",
            "--events FILE... replays JSON-lines files instead (a backtest, no cluster needed): it starts its own "
                    + "broker, loads the reference data (the sample company, or --reference), sends the events and "
                    + "replays them; there --from and --to select events by occurredAt."},
        footer = {"", "Exit codes: 0 done (also when --compare finds differences), 1 failure, 2 bad options or input, "
                + "130 interrupted.",
            "", "Examples:",
            "  transfer-monitor replay -b kafka:9092 --from 2026-11-01 --to 2026-11-08 \\",
            "      --output week44.jsonl",
            "  transfer-monitor replay -b kafka:9092 --from 7d --rules new.yaml --compare",
            "  transfer-monitor replay --events incident.jsonl --reference my-ref-dir/"})
public final class ReplayCommand implements Callable<Integer> {

    static final int INTERRUPTED = 130;

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Start of the period, included: 2026-11-27T10:00:00Z, 2026-11-27 (midnight UTC), now, "
                    + "or a time ago such as 24h or 7d (default: the oldest retained event).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "End of the period, excluded; same forms (default: now).")
    String to;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Rules file (YAML) to replay with, instead of the configured rules.file; with --compare, "
                    + "the proposed rules.")
    String rulesFile;

    @Option(names = "--compare", description = "Replay with the current rules and with --rules FILE, and list the differences.")
    boolean compare;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the alerts to FILE, one JSON object per line (as alerts --format json).")
    Path output;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Send the alerts to TOPIC (Avro, keyed by alert id; created when missing). "
                    + "Never one of the monitor's own topics.")
    String topic;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Alerts on standard output or in --output: ${COMPLETION-CANDIDATES} "
                    + "(default: text on standard output, json in a file).")
    AlertFormat format;

    @Option(names = "--events", arity = "1..*", paramLabel = "FILE",
            description = "Offline: replay these JSON-lines files of access and replication events on an embedded broker.")
    List<Path> events;

    @Option(names = "--events-kind", paramLabel = "KIND", defaultValue = "auto",
            description = "With --events: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, a line with jobId or "
                    + "sourceAssetId is a replication, any other an access).")
    EventFiles.Kind eventsKind;

    @Option(names = "--reference", paramLabel = "DIR|FILE",
            description = "With --events: reference data to load, as reference load takes it (default: the sample "
                    + "company, whose rules are then the default too).")
    Path reference;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "4",
            description = "With --events: partitions of the input topics (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant start = from == null ? null : time("--from", from, now);
        Instant end = to == null ? null : time("--to", to, now);
        check(start, end);
        try (GracefulStop stop = new GracefulStop()) {
            return events != null ? offline(start, end, stop) : online(start, end, stop);
        } catch (Replay.Interrupted e) {
            spec.commandLine().getErr().println("Replay interrupted; what it created was removed.");
            return INTERRUPTED;
        }
    }

    private void check(Instant start, Instant end) {
        if (start != null && end != null && !start.isBefore(end)) {
            throw new ConfigException("--from (" + start + ") must be before --to (" + end + ")");
        }
        if (output != null && topic != null) {
            throw new ConfigException("give --output or --topic, not both");
        }
        if (compare && rulesFile == null) {
            throw new ConfigException("--compare needs --rules FILE: the rules to compare with the current ones");
        }
        if (compare && (output != null || topic != null)) {
            throw new ConfigException("--compare prints its findings; leave out --output and --topic");
        }
        if (output != null && output.toAbsolutePath().getParent() != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
            throw new ConfigException("--output " + output + ": the directory does not exist");
        }
        if (events == null && (reference != null || spec.commandLine().getParseResult().hasMatchedOption("--events-kind")
                || spec.commandLine().getParseResult().hasMatchedOption("--partitions"))) {
            throw new ConfigException("--reference, --events-kind and --partitions go with --events");
        }
        if (events != null && topic != null) {
            throw new ConfigException("--topic goes to a cluster; with --events the broker is gone when the replay ends "
                    + "(use --output)");
        }
        if (events != null && connection.bootstrapServers != null) {
            throw new ConfigException("--events replays on a broker of its own; leave out --bootstrap-servers");
        }
        if (partitions < 1 || partitions > 1000) {
            throw new ConfigException("--partitions must be between 1 and 1000, got " + partitions);
        }
    }

    static Instant time(String option, String text, Instant now) {
        try {
            return TimeArgument.parse(text, now);
        } catch (TypeConversionException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    /** Against the cluster of the configuration (default: a broker on this machine). */
    private int online(Instant start, Instant end, GracefulStop stop) throws Exception {
        Settings settings = connection.settings(Map.of());
        Map<String, String> flags = new LinkedHashMap<>();
        if (settings.get("bootstrap.servers") == null) {
            flags.put("bootstrap.servers", ConnectionOptions.LOCAL_BROKER);
        }
        MonitorConfig live = connection.config(flags);
        if (topic != null && live.topics().all().contains(topic)) {
            throw new ConfigException("--topic " + topic + " is one of the monitor's own topics; choose another");
        }
        RuleSet proposed = proposedRules(flags);
        ReplayPeriod period;
        try (Admin admin = Admin.create(live.clientProperties())) {
            period = ReplayPeriod.resolve(admin, live.topics().inputs(), start, end);
        }
        String when = describe(start, end, "written");
        return replayAndReport(live, proposed, period, when, stop);
    }

    /** The rules of --rules FILE with the same overrides (rules.*) as the configured ones; null without --rules. */
    private RuleSet proposedRules(Map<String, String> flags) {
        if (rulesFile == null) {
            return null;
        }
        Map<String, String> withRules = new LinkedHashMap<>(flags);
        withRules.put("rules.file", rulesFile);
        return connection.config(withRules).rules();
    }

    /** On a broker of its own, from JSON-lines files. */
    private int offline(Instant start, Instant end, GracefulStop stop) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EventFiles files = new EventFiles(events, eventsKind);
        long[] inPeriod = {0, 0};
        files.forEach(e -> inPeriod[within(e.occurredAt(), start, end) ? 0 : 1]++);
        List<ReferenceData.Loaded> referenceData = reference == null ? ReferenceData.bundled() : ReferenceData.load(reference);
        try (WorkDir work = WorkDir.of(null, "transfer-monitor-replay-");
             EmbeddedBroker broker = EmbeddedBroker.start(work.path().resolve("kafka"), 0)) {
            Map<String, String> flags = new LinkedHashMap<>();
            flags.put("bootstrap.servers", broker.bootstrapServers());
            flags.put("topic.replication.factor", "1");
            flags.put("topic.partitions", Integer.toString(partitions));
            if (reference == null && connection.settings(Map.of()).get("rules.file") == null) {
                flags.put("rules.file", MonitorConfig.SAMPLE_RULES);
            }
            MonitorConfig live = connection.config(flags);
            TopicAdmin.ensureTopics(live);
            ReferencePublisher.publish(live, referenceData);
            send(live, files, start, end);
            out.printf(Locale.ROOT, "Sent %,d event(s) to an embedded broker%s; replaying...%n", inPeriod[0],
                    inPeriod[1] == 0 ? "" : String.format(Locale.ROOT, " (%,d outside the period left out)", inPeriod[1]));
            out.flush();
            ReplayPeriod period;
            try (Admin admin = Admin.create(live.clientProperties())) {
                period = ReplayPeriod.resolve(admin, live.topics().inputs(), null, null);
            }
            return replayAndReport(live, proposedRules(flags), period, describe(start, end, "occurred"), stop);
        }
    }

    private static boolean within(Instant t, Instant start, Instant end) {
        return (start == null || !t.isBefore(start)) && (end == null || t.isBefore(end));
    }

    private static void send(MonitorConfig config, EventFiles files, Instant start, Instant end) {
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = Producers.create(config)) {
            files.forEach(e -> {
                if (within(e.occurredAt(), start, end)) {
                    byte[] value = e.kind().codec().encode(e.record());
                    pending.add(producer.send(new ProducerRecord<>(config.topics().of(e.kind()), e.kind().keyOf(e.record()), value)));
                    if (pending.size() >= 10_000) {
                        Producers.awaitAll(pending);
                    }
                }
            });
            producer.flush();
            Producers.awaitAll(pending);
        }
    }

    private int replayAndReport(MonitorConfig live, RuleSet proposed, ReplayPeriod period, String when, GracefulStop stop)
            throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean terminal = System.console() != null;
        if (compare) {
            Replay.Result current = Replay.run(live, live.rules(), period,
                    new ReplayProgress(err, terminal, "current rules "), stop, warning(err));
            Replay.Result candidate = Replay.run(live, proposed, period,
                    new ReplayProgress(err, terminal, "proposed rules"), stop, warning(err));
            summary(out, current, when);
            summary(out, candidate, when);
            printDiff(out, AlertDiff.of(current.alerts(), candidate.alerts()), current, candidate);
            return 0;
        }
        RuleSet rules = proposed != null ? proposed : live.rules();
        Replay.Result result = Replay.run(live, rules, period, new ReplayProgress(err, terminal, "replay"), stop, warning(err));
        if (output != null) {
            AlertFormat f = format == null ? AlertFormat.json : format;
            try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (TransferAlert alert : result.alerts()) {
                    w.write(f.format(alert));
                    w.newLine();
                }
            }
        } else if (topic != null) {
            produce(live, period.partitions(live.topics().access()), result.alerts());
        } else {
            AlertFormat f = format == null ? AlertFormat.text : format;
            result.alerts().forEach(a -> out.println(f.format(a)));
        }
        summary(out, result, when);
        if (output != null || topic != null) {
            out.printf("Alerts written to %s.%n", output != null ? output : "topic " + topic);
        }
        out.flush();
        return 0;
    }

    private static java.util.function.Consumer<String> warning(PrintWriter err) {
        return problem -> {
            err.println("warning: " + problem);
            err.flush();
        };
    }

    private static String describe(Instant start, Instant end, String verb) {
        if (start == null && end == null) {
            return "all retained events";
        }
        return "events " + verb + (start == null ? "" : " from " + start) + (end == null ? " until now" : " before " + end);
    }

    private static void summary(PrintWriter out, Replay.Result r, String when) {
        double seconds = Math.max(r.took().toMillis(), 1) / 1000.0;
        out.printf(Locale.ROOT, "Replayed %,d event(s) (%,d to the DLQ), %s, with rules %s in %.1f s (%,.0f events/s): "
                        + "%,d alert(s) %s%n",
                r.events(), r.deadLetters(), when, r.rulesVersion(), seconds, r.events() / seconds,
                r.alerts().size(), r.countsByType());
    }

    private static void printDiff(PrintWriter out, AlertDiff diff, Replay.Result current, Replay.Result candidate) {
        out.printf("Rules %s instead of %s: %d finding(s) added %s, %d dropped %s, %d changed.%n",
                candidate.rulesVersion(), current.rulesVersion(), diff.added().size(), AlertDiff.byType(diff.added()),
                diff.dropped().size(), AlertDiff.byType(diff.dropped()), diff.changed().size());
        diff.added().forEach(a -> out.println("ADDED    " + AlertFormat.line(a)));
        diff.dropped().forEach(a -> out.println("DROPPED  " + AlertFormat.line(a)));
        diff.changed().forEach(c -> out.printf("CHANGED  %s -> %s, r%d -> r%d  %s%n", c.before().getSeverity(),
                c.after().getSeverity(), c.before().getRevision(), c.after().getRevision(), AlertFormat.line(c.after())));
        out.flush();
    }

    private void produce(MonitorConfig live, int partitionCount, List<TransferAlert> alerts) throws Exception {
        try (Admin admin = Admin.create(live.clientProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            admin.createTopics(List.of(new NewTopic(topic, partitionCount,
                    (short) Math.min(live.replicationFactor(), brokers)))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        List<Future<RecordMetadata>> pending = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = Producers.create(live)) {
            for (TransferAlert alert : alerts) {
                pending.add(producer.send(new ProducerRecord<>(topic, alert.getAlertId(), codec.encode(alert))));
            }
            producer.flush();
            Producers.awaitAll(pending);
        }
    }
}
