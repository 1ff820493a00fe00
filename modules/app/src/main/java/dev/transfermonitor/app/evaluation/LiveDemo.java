package dev.transfermonitor.app.evaluation;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.SettingsRegistry;
import dev.transfermonitor.app.http.MetricsServer;
import dev.transfermonitor.app.http.Observability;
import dev.transfermonitor.app.kafka.AlertTail;
import dev.transfermonitor.app.kafka.KafkaClients;
import dev.transfermonitor.app.kafka.RecordSender;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.emitter.EventSink;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.simulator.Scenario;
import dev.transfermonitor.simulator.Simulator;
import dev.transfermonitor.simulator.SimulatorOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The live demo: in a {@link Sandbox} with the sample company's reference data, the monitor (with
 * its metrics endpoint), a real-time traffic simulator with planted incidents and a follower of
 * the alerts topic, until the duration passes or a stop is requested; then a bounded wait for the
 * monitor to catch up.
 */
public final class LiveDemo {

    static final String APPLICATION_ID = "transfer-monitor-demo";
    public static final String CLOUDTRAIL = "cloudtrail";

    /** What the demo reports while it goes; planted incidents and alerts come from other threads. */
    public interface Listener {

        /** Before the broker starts: where its data goes. */
        default void starting(Path dir) {}

        default void brokerUp(String bootstrapServers, Map<RecordKind, Integer> referenceLoaded) {}

        /** The monitor runs, its metrics on 127.0.0.1:{@code metricsPort}; traffic starts. */
        default void running(int metricsPort) {}

        /** An event of a planted incident is being sent. */
        default void planted(Scenario scenario) {}

        default void alert(TransferAlert alert) {}

        default void warning(String problem) {}

        /** The traffic ended, by time or by a stop; the monitor gets a little time to catch up. */
        default void catchingUp(boolean stopped) {}
    }

    /**
     * What a demo run did; processed and dead-lettered counts are the monitor's own.
     *
     * @param sourceRecords raw records the monitor read from the source's topic, by outcome (mapped,
     *                      ignored, ...); empty when the demo sent the monitor's own events
     */
    public record Summary(
            long sent,
            long planted,
            double processed,
            double deadLetters,
            Map<String, Long> alertsByType,
            Map<String, Long> sourceRecords) {}

    private final SimulatorOptions options;
    private final Duration runFor;
    private final Path dataDir;
    private final String rulesFile;
    private final int metricsPort;
    private final String source;

    /**
     * @param dataDir     where the broker and the monitor keep their data; null for a temporary directory
     * @param metricsPort port of the metrics endpoint on 127.0.0.1; 0 picks a free one
     * @param source      null to send the monitor's own events; {@code cloudtrail} to tell the
     *                    traffic as CloudTrail records on the raw topic, which the monitor maps
     */
    public LiveDemo(
            SimulatorOptions options, Duration runFor, Path dataDir, String rulesFile, int metricsPort, String source) {
        if (source != null && !source.equals(CLOUDTRAIL)) {
            throw new IllegalArgumentException(
                    "the demo tells its story through " + CLOUDTRAIL + " only, not " + source);
        }
        this.options = options;
        this.runFor = runFor;
        this.dataDir = dataDir;
        this.rulesFile = rulesFile;
        this.metricsPort = metricsPort;
        this.source = source;
    }

    /** The demo's sandbox, live or replaying scenarios: its application id and temporary directory's name. */
    public static Sandbox.Builder sandbox(Path dataDir) {
        return Sandbox.builder()
                .dataDir(dataDir)
                .tempPrefix("transfer-monitor-demo-")
                .applicationId(APPLICATION_ID);
    }

    /** Runs the demo until the duration passes or {@code stopRequested} turns true. */
    public Summary run(Listener listener, BooleanSupplier stopRequested) throws InterruptedException {
        Map<String, LongAdder> alertsByType = new ConcurrentHashMap<>();
        Sandbox.Builder builder = sandbox(dataDir).rulesFile(rulesFile).onDirectory(listener::starting);
        if (source != null) {
            builder.setting(SettingsRegistry.SOURCES.key(), source);
        }
        try (Sandbox sandbox = builder.start()) {
            MonitorConfig config = sandbox.config();
            listener.brokerUp(sandbox.bootstrapServers(), sandbox.referenceLoaded());
            PrometheusMeterRegistry registry = Observability.prometheusRegistry();
            DetectionMetrics metrics = new DetectionMetrics(registry);
            try (Monitor monitor = new Monitor(config, metrics);
                    MetricsServer http = MetricsServer.start(
                            "127.0.0.1", metricsPort, registry, monitor::isHealthy, monitor::isReady);
                    TransferEmitter emitter = source == null ? KafkaClients.emitter(config) : null;
                    CloudTrailSink cloudTrail = source == null
                            ? null
                            : new CloudTrailSink(new RecordSender(config, "sending CloudTrail records"), config)) {
                EventSink out = emitter != null ? emitter : cloudTrail;
                monitor.start(Duration.ofSeconds(60));
                listener.running(http.port());

                AtomicBoolean following = new AtomicBoolean(true);
                Thread follower = new Thread(
                        () -> AlertTail.read(
                                config,
                                true,
                                following::get,
                                alert -> {
                                    alertsByType
                                            .computeIfAbsent(alert.getType().name(), t -> new LongAdder())
                                            .increment();
                                    listener.alert(alert);
                                },
                                listener::warning),
                        "alert-printer");
                follower.setDaemon(true);
                follower.start();

                CountingSink sink = new CountingSink(out, listener);
                Thread simulator = new Thread(
                        () -> new Simulator(options)
                                .run(sink, Clock.systemUTC(), runFor, () -> !stopRequested.getAsBoolean()),
                        "simulator");
                simulator.start();
                simulator.join();
                out.flush();
                boolean stopped = stopRequested.getAsBoolean();
                listener.catchingUp(stopped);
                awaitProcessed(metrics, sink.sent.get(), stopped ? Duration.ofSeconds(2) : Duration.ofSeconds(20));
                following.set(false);
                follower.join(Duration.ofSeconds(5).toMillis());
                Map<String, Long> byType = new TreeMap<>();
                alertsByType.forEach((type, count) -> byType.put(type, count.sum()));
                return new Summary(
                        sink.sent.get(),
                        sink.planted.get(),
                        total(metrics, "processed"),
                        total(metrics, "dlq"),
                        byType,
                        sourceRecords(metrics));
            }
        }
    }

    /** Waits (bounded) until the monitor has taken in every event sent. */
    private static void awaitProcessed(DetectionMetrics metrics, long sent, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total(metrics, "processed") + total(metrics, "dlq") < sent && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // One more commit interval so the last alerts are committed and visible to read_committed readers.
        Thread.sleep(500);
    }

    private Map<String, Long> sourceRecords(DetectionMetrics metrics) {
        Map<String, Long> byOutcome = new TreeMap<>();
        if (source != null) {
            metrics.registry()
                    .find("transfer.source.records")
                    .tag("source", source)
                    .counters()
                    .forEach(c -> byOutcome.merge(c.getId().getTag("outcome"), (long) c.count(), Long::sum));
        }
        return byOutcome;
    }

    private static double total(DetectionMetrics metrics, String outcome) {
        return metrics.registry().find("transfer.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** Tells each event as a CloudTrail record on the raw topic, keyed by the acting principal. */
    private static final class CloudTrailSink implements EventSink, AutoCloseable {
        private final RecordSender sender;
        private final String topic;

        CloudTrailSink(RecordSender sender, MonitorConfig config) {
            this.sender = sender;
            this.topic = config.topics().source(CLOUDTRAIL);
        }

        @Override
        public void access(DataAccessEvent e) {
            sender.send(topic, e.getPrincipalId(), CloudTrailRecords.of(e));
        }

        @Override
        public void replication(ReplicationEvent e) {
            sender.send(topic, e.getPrincipalId(), CloudTrailRecords.of(e));
        }

        @Override
        public void flush() {
            sender.flush();
        }

        @Override
        public void close() {
            sender.close();
        }
    }

    /** Passes events on, counting them and reporting each planted one as it is sent. */
    private static final class CountingSink implements EventSink {
        private final EventSink delegate;
        private final Listener listener;
        final AtomicLong sent = new AtomicLong();
        final AtomicLong planted = new AtomicLong();

        CountingSink(EventSink delegate, Listener listener) {
            this.delegate = delegate;
            this.listener = listener;
        }

        @Override
        public void access(DataAccessEvent e) {
            announce(e);
            delegate.access(e);
        }

        @Override
        public void replication(ReplicationEvent e) {
            announce(e);
            delegate.replication(e);
        }

        private void announce(SpecificRecord e) {
            sent.incrementAndGet();
            Scenario scenario = Scenario.of(e).orElse(Scenario.BENIGN);
            if (scenario != Scenario.BENIGN) {
                planted.incrementAndGet();
                listener.planted(scenario);
            }
        }

        @Override
        public void flush() {
            delegate.flush();
        }
    }
}
