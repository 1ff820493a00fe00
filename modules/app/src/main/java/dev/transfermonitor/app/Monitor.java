package dev.transfermonitor.app;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.ingest.SourceStreams;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.InputBounds;
import dev.transfermonitor.detection.TransferTopology;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.sources.Sources;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The detection topology running as a Kafka Streams application. */
public final class Monitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
    private static final Duration ACCESS_CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FINAL_DIGESTS_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaStreams streams;
    private final LedgerSigner signer;
    private final DetectionMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final Map<String, Object> clientProperties;
    private final String aclHint;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RuntimeException failure;
    private volatile boolean started;
    private final LostTransactions lostTransactions = new LostTransactions(System::nanoTime);

    public Monitor(MonitorConfig config, DetectionMetrics metrics) {
        this(config, metrics, InputBounds.none());
    }

    /** A bounded run (a replay) of the same topology, with the same settings. */
    public Monitor(MonitorConfig config, DetectionMetrics metrics, InputBounds bounds) {
        this.metrics = metrics;
        this.signer = config.ledgerSigner();
        this.clientProperties = config.clientProperties();
        this.aclHint = "the monitor needs Read, Write and Describe on topics prefixed '"
                + config.topics().prefix()
                + "transfer.', All on its internal topics and Read on its group (both prefixed '"
                + config.applicationId()
                + "') and Write on transactional ids prefixed '" + config.applicationId() + "' (see the README)";
        this.streams = new KafkaStreams(
                TransferTopology.build(
                        config.topics(),
                        config.rules(),
                        metrics,
                        bounds,
                        builder -> SourceStreams.addTo(
                                builder,
                                config.topics(),
                                config.sources(),
                                new Sources.Options(config.trackKeys()),
                                metrics.registry()),
                        config.ledgerSigner()),
                bounds.bounded() ? replayProperties(config) : properties(config));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics.registry());
        Gauge.builder("transfer.monitor.up", this, m -> m.isReady() ? 1 : 0)
                .description("1 while the monitor is processing (Kafka Streams RUNNING or REBALANCING)")
                .register(metrics.registry());
        streams.setUncaughtExceptionHandler(e -> {
            // Refused credentials or permissions do not heal by replacing the thread: stop, and
            // let the command say so in one line; the stack trace only helps with real faults.
            if (lostTransactions.mayReplace(e)) {
                LOG.warn(
                        "A stream thread lost its transaction (stalled past the transaction timeout?); replacing it,"
                                + " exactly-once is kept: {}",
                        e.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            var access = explain(e);
            if (access.isPresent()) {
                failure = access.get();
                LOG.debug("The monitor stopped: {}", failure.getMessage(), e);
            } else {
                failure = new IllegalStateException("the monitor stopped on an unexpected error: " + e.getMessage(), e);
                LOG.error("The monitor stopped on an unexpected error", e);
            }
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    /**
     * How long the group waits for an instance that stopped without leaving (a crash, SIGKILL,
     * a lost node) before its tasks move: Kafka Streams' 45 s would leave those partitions
     * undetected that long. 10 s (Kafka's consumer default before 3.0) still rides out a long GC
     * pause or a short network blip, since heartbeats come from their own thread; a spurious
     * rebalance costs a task move, never correctness (exactly-once). {@code -X session.timeout.ms}
     * overrides it.
     */
    static final int SESSION_TIMEOUT_MS = 10_000;

    static final int HEARTBEAT_INTERVAL_MS = 2_500;

    /** The Kafka Streams properties of {@code config}; public for the benchmarks' equal-work topology. */
    public static Properties properties(MonitorConfig config) {
        Properties props = new Properties();
        defaultUnlessGiven(props, config, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        defaultUnlessGiven(props, config, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        props.putAll(config.kafka());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // Live, a task processes what it has rather than wait on an input partition that is empty
        // (the replication topic's often are); Kafka Streams 4.3 also formats a log message per
        // record while it waits (KAFKA-19682). Events are judged by their own time either way.
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, LIVE_MAX_TASK_IDLE_MS);
        return props;
    }

    static final long LIVE_MAX_TASK_IDLE_MS = StreamsConfig.MAX_TASK_IDLE_MS_DISABLED;

    /** A replay reads a closed stretch of both inputs: Kafka Streams' default keeps them in timestamp order. */
    static Properties replayProperties(MonitorConfig config) {
        Properties props = properties(config);
        if (!config.kafka().containsKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)) {
            props.remove(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
        }
        return props;
    }

    /** A consumer default of the monitor's own, unless given in any of the forms Kafka Streams reads. */
    private static void defaultUnlessGiven(Properties props, MonitorConfig config, String key, Object value) {
        if (!config.kafka().containsKey(key)
                && !config.kafka().containsKey(StreamsConfig.consumerPrefix(key))
                && !config.kafka().containsKey(StreamsConfig.mainConsumerPrefix(key))) {
            props.put(StreamsConfig.mainConsumerPrefix(key), value);
        }
    }

    public DetectionMetrics metrics() {
        return metrics;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Starts and waits until the topology is processing, or fails. */
    public void start(Duration timeout) {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            LOG.info("Monitor state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                started = true;
                running.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                running.countDown();
                stopped.countDown();
            }
        });
        checkAccess();
        try {
            streams.start();
        } catch (RuntimeException e) {
            // The global thread reads the reference topics during start(), so refusals can surface here.
            throw explain(e).<RuntimeException>map(a -> a).orElse(e);
        }
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the monitor did not start within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        if (streams.state() != KafkaStreams.State.RUNNING && streams.state() != KafkaStreams.State.REBALANCING) {
            if (failure instanceof KafkaAccessException) {
                throw failure;
            }
            Throwable cause = failure == null ? null : failure.getCause();
            throw new IllegalStateException(
                    "the monitor failed to start (" + streams.state() + ")"
                            + (cause == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    /**
     * Logs in once before Kafka Streams starts its clients: a refused login is then one clear
     * failure instead of one per client and a dying global thread.
     */
    private void checkAccess() {
        try (Admin admin = Admin.create(clientProperties)) {
            admin.describeCluster().clusterId().get(ACCESS_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Optional<KafkaAccessException> access = explain(e.getCause());
            if (access.isPresent()) {
                throw access.get();
            }
            LOG.debug("Access check inconclusive; Kafka Streams will retry", e);
        } catch (TimeoutException e) {
            LOG.debug("Access check timed out; Kafka Streams will retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
    }

    private Optional<KafkaAccessException> explain(Throwable e) {
        return KafkaAccessException.from(e, clientProperties)
                .map(a -> a.getCause() instanceof AuthorizationException ? a.withHint(aclHint) : a);
    }

    /** Alive: not failed and not stopped (it may be rebalancing or restoring). */
    public boolean isHealthy() {
        KafkaStreams.State state = streams.state();
        return !hasStopped()
                && state != KafkaStreams.State.ERROR
                && state != KafkaStreams.State.PENDING_ERROR
                && state != KafkaStreams.State.PENDING_SHUTDOWN;
    }

    /** Processing: RUNNING, or REBALANCING after having run (partitions move, work goes on). */
    public boolean isReady() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING && started;
    }

    public boolean hasStopped() {
        return stopped.getCount() == 0;
    }

    /** Whether it stopped on an error. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Why it stopped: a {@link KafkaAccessException} when the cluster refused it, else an
     * IllegalStateException around the unexpected error; null while running or after a clean stop.
     */
    public RuntimeException failure() {
        return failure;
    }

    @Override
    public void close() {
        signFinalDigests();
        // Leave the group at once, so the instances that stay take the partitions over without
        // waiting for this one's session to time out.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        streamsMetrics.close();
        stopped.countDown();
    }

    /** Has each running ledger chain sign its head, so that the close commits no unsigned tail. */
    private void signFinalDigests() {
        if (signer == null || !isReady()) {
            return;
        }
        signer.requestFinalDigests();
        try {
            int unsigned = signer.awaitFinalDigests(FINAL_DIGESTS_TIMEOUT);
            if (unsigned > 0) {
                LOG.warn(
                        "{} ledger partition(s) did not sign their chain head within {} s of the stop; their next"
                                + " owner signs it",
                        unsigned,
                        FINAL_DIGESTS_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
