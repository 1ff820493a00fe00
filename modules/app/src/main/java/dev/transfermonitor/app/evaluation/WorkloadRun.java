package dev.transfermonitor.app.evaluation;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.AlertTail;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.simulator.scenarios.Workload;
import io.micrometer.core.instrument.Counter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs a {@link Workload} through the real monitor in a {@link Sandbox}: publishes the workload's
 * reference data, starts the monitor with the given rules, sends every event as fast as the
 * producer goes (event time is the workload's, so weeks pass in seconds), waits until the monitor
 * has taken in and committed every event, and reads back all alerts. Shared by the evaluation and
 * {@code demo --scenario}.
 */
public final class WorkloadRun {

    /** How long the monitor may make no progress before the run gives up. */
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);

    /** What a run produced. */
    public record Outcome(List<TransferAlert> alerts, long sent, long processed, long deadLetters, Duration elapsed) {

        public double eventsPerSecond() {
            return elapsed.isZero() ? 0 : sent * 1e9 / elapsed.toNanos();
        }
    }

    /** What a run reports while it goes; alerts and progress come from other threads. */
    public interface Listener {

        default void brokerUp(String bootstrapServers, Map<RecordKind, Integer> referenceLoaded) {}

        default void sending(long events, boolean followingAlerts) {}

        default void progress(long sent, long total, long processed, double eventsPerSecond) {}

        /** Sending ended early on a stop; what was sent so far is judged. */
        default void stopping() {}

        /** Each alert revision as it is committed, when following alerts. */
        default void alert(TransferAlert alert) {}

        default void warning(String problem) {}
    }

    private WorkloadRun() {}

    /** Leaves the workload's event loop early: forEach has no other way out. */
    private static final class StopSending extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopSending() {
            super(null, null, false, false);
        }
    }

    /**
     * @param sandbox       where to run; the workload's reference data and the rules are added to it
     * @param followAlerts  report each alert revision as it is committed
     * @param progressEvery when not null, report progress this often
     * @param keepGoing     checked between events; false stops sending early (Ctrl-C)
     */
    public static Outcome run(
            Sandbox.Builder sandbox,
            Workload workload,
            RuleSet rules,
            Listener listener,
            boolean followAlerts,
            Duration progressEvery,
            BooleanSupplier keepGoing)
            throws InterruptedException {
        try (Sandbox box = sandbox.rules(rules).reference(workload.reference()).start()) {
            MonitorConfig config = box.config();
            listener.brokerUp(box.bootstrapServers(), box.referenceLoaded());

            DetectionMetrics metrics = DetectionMetrics.inMemory();
            AtomicLong sent = new AtomicLong();
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "progress");
                t.setDaemon(true);
                return t;
            });
            List<TransferAlert> live = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean following = new AtomicBoolean(true);
            Thread follower = null;
            try (Monitor monitor = new Monitor(config, metrics);
                    TransferEmitter emitter = TransferEmitter.builder()
                            .bootstrapServers(box.bootstrapServers())
                            .topics(config.topics())
                            .property("batch.size", 256 * 1024)
                            .property("linger.ms", 20)
                            .build()) {
                monitor.start(Duration.ofSeconds(60));
                listener.sending(workload.totalEvents(), followAlerts);
                if (followAlerts) {
                    follower = new Thread(
                            () -> AlertTail.read(
                                    config,
                                    true,
                                    following::get,
                                    alert -> {
                                        live.add(alert);
                                        listener.alert(alert);
                                    },
                                    listener::warning),
                            "alert-follower");
                    follower.setDaemon(true);
                    follower.start();
                }
                long started = System.nanoTime();
                if (progressEvery != null) {
                    long[] last = {0, started};
                    progress.scheduleAtFixedRate(
                            () -> {
                                long done = (long) done(metrics);
                                long now = System.nanoTime();
                                double rate = (done - last[0]) * 1e9 / Math.max(1, now - last[1]);
                                last[0] = done;
                                last[1] = now;
                                listener.progress(sent.get(), workload.totalEvents(), done, rate);
                            },
                            progressEvery.toMillis(),
                            progressEvery.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                try {
                    workload.forEach(event -> {
                        if (!keepGoing.getAsBoolean()) {
                            throw new StopSending();
                        }
                        emitter.emit(event);
                        sent.incrementAndGet();
                    });
                } catch (StopSending e) {
                    listener.stopping();
                }
                emitter.flush();
                awaitCaughtUp(config, metrics, monitor, sent.get());
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                progress.shutdownNow();

                List<TransferAlert> alerts = new ArrayList<>();
                AlertTail.read(config, false, () -> true, alerts::add, listener::warning);
                if (follower != null) {
                    awaitFollower(live, alerts.size());
                    following.set(false);
                    follower.join(Duration.ofSeconds(5).toMillis());
                }
                return new Outcome(
                        alerts, sent.get(), (long) count(metrics, "processed"), (long) count(metrics, "dlq"), elapsed);
            } finally {
                progress.shutdownNow();
                following.set(false);
            }
        }
    }

    /** Lets the live printer show every alert the final read found, briefly. */
    private static void awaitFollower(List<TransferAlert> live, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (live.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /**
     * Waits until the monitor has taken in every event sent and committed its offsets past them:
     * with exactly-once processing, the alerts of those events are then committed too, and a
     * read-committed reader sees them all.
     */
    static void awaitCaughtUp(MonitorConfig config, DetectionMetrics metrics, Monitor monitor, long sent)
            throws InterruptedException {
        double lastDone = -1;
        long lastChange = System.nanoTime();
        try (Admin admin = Admin.create(config.clientProperties())) {
            while (true) {
                if (monitor.hasStopped()) {
                    if (monitor.failure() instanceof KafkaAccessException refused) {
                        throw refused;
                    }
                    throw new IllegalStateException(
                            "the monitor stopped" + (monitor.failed() ? " on an error (see the log)" : ""));
                }
                double done = done(metrics);
                if (done >= sent && committedToEnd(admin, config)) {
                    return;
                }
                if (done > lastDone) {
                    lastDone = done;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "the monitor made no progress for %d s: %,.0f of %,d events taken in",
                            STALL_TIMEOUT.toSeconds(),
                            done,
                            sent));
                }
                Thread.sleep(200);
            }
        }
    }

    private static boolean committedToEnd(Admin admin, MonitorConfig config) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(config.applicationId())
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(config.topics().inputs())
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                long position = offset == null ? 0 : offset.offset();
                if (position < end.getValue().offset()) {
                    return false;
                }
            }
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the monitor's offsets: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer within 30 s", e);
        }
    }

    private static double done(DetectionMetrics metrics) {
        return count(metrics, "processed") + count(metrics, "dlq");
    }

    private static double count(DetectionMetrics metrics, String outcome) {
        return metrics.registry().find("transfer.events").tag("outcome", outcome).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
