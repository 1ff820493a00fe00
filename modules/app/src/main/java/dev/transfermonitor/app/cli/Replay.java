package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.sandbox.WorkDir;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay: the live detection topology, under a fresh application id, over a fixed
 * {@link ReplayPeriod} of the live input topics, writing to private output topics. The input
 * is read where it is, so the evidence (topic, partition, offset) of each alert is the live
 * one. Everything it creates (output and internal topics, consumer group, state directory) is
 * removed when it ends, also on failure or Ctrl-C.
 */
final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration POLL = Duration.ofMillis(300);
    private static final long TIMEOUT_S = 30;

    /** What a replay found. */
    record Result(List<TransferAlert> alerts, long events, long deadLetters, Duration took, String rulesVersion) {

        Map<String, Long> countsByType() {
            return alerts.stream().collect(Collectors.groupingBy(a -> a.getType().name(), TreeMap::new,
                    Collectors.counting()));
        }
    }

    /** The run stopped on request (Ctrl-C) before it finished. */
    static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Interrupted() {
            super("replay interrupted");
        }
    }

    private Replay() {
    }

    /**
     * @param live     the live configuration: its inputs, reference topics and client settings
     * @param rules    the rules to replay with
     * @param progress told how far the run has come
     * @param stop     asked between polls whether to give up
     * @param warnings told about records on the alerts topic that are not alerts, and cleanup problems
     */
    static Result run(MonitorConfig live, RuleSet rules, ReplayPeriod period, ReplayProgress progress,
                      GracefulStop stop, Consumer<String> warnings) {
        long started = System.nanoTime();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "transfer-monitor-replay-" + runId;
        Topics topics = privateOutputs(live.topics(), "replay-" + runId + ".");
        int partitions = period.partitions(live.topics().access());
        try (WorkDir state = WorkDir.of(null, "transfer-monitor-replay-");
             Admin admin = Admin.create(live.clientProperties())) {
            // Internal topics too get no more replicas than there are brokers (a sandbox has one).
            short replicas = (short) Math.min(live.replicationFactor(), get(admin.describeCluster().nodes()).size());
            MonitorConfig config = new MonitorConfig(live.bootstrapServers(), applicationId, state.path(), topics,
                    partitions, replicas, false, live.processingGuarantee(), live.streamThreads(), 0,
                    live.commitInterval(), rules, live.metricsHost(), live.metricsPort(), live.kafka());
            DetectionMetrics metrics = DetectionMetrics.inMemory();
            try {
                createOutputs(admin, config);
                if (period.total() > 0) {
                    process(admin, config, metrics, period, progress, stop);
                }
                List<TransferAlert> alerts = new ArrayList<>();
                AlertTail.read(config, false, () -> true, alerts::add, warnings);
                alerts.sort(Comparator.comparing(TransferAlert::getLastSeen).thenComparing(TransferAlert::getAlertId)
                        .thenComparing(TransferAlert::getRevision));
                long processed = count(metrics, "processed");
                long dead = count(metrics, "dlq");
                return new Result(List.copyOf(alerts), processed + dead, dead,
                        Duration.ofNanos(System.nanoTime() - started), rules.version());
            } finally {
                progress.finish();
                cleanUp(admin, applicationId, topics, live.topics(), warnings);
            }
        }
    }

    /** The live inputs and reference topics; alerts, OCSF, audit and DLQ behind a private prefix. */
    static Topics privateOutputs(Topics live, String prefix) {
        return new Topics(live.access(), live.replication(), live.assets(), live.regions(), live.networks(),
                live.principals(), live.credentials(), live.policies(), prefix + live.alerts(),
                prefix + live.alertsOcsf(), prefix + live.audit(), prefix + live.dlq());
    }

    private static void process(Admin admin, MonitorConfig config, DetectionMetrics metrics, ReplayPeriod period,
                                ReplayProgress progress, GracefulStop stop) {
        String group = config.applicationId();
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        period.start().forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
        get(admin.alterConsumerGroupOffsets(group, start).all());
        try (Monitor monitor = new Monitor(config, metrics, period.bounds())) {
            monitor.start(Duration.ofSeconds(60));
            while (true) {
                Map<TopicPartition, Long> committed = new HashMap<>();
                get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                        .forEach((tp, meta) -> committed.put(tp, meta == null ? 0 : meta.offset()));
                progress.update(period.done(committed), period.total());
                if (period.reached(committed)) {
                    return;
                }
                if (monitor.hasStopped()) {
                    throw new IllegalStateException("the replay stopped before the end of the period ("
                            + monitor.state() + "); see the log");
                }
                try {
                    if (stop.await(POLL)) {
                        throw new Interrupted();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted();
                }
            }
        }
    }

    /**
     * Output topics with the inputs' partition count (the ledger chains follow the input
     * partitions) and no time retention: alerts carry the input records' timestamps, which may
     * be older than a default retention, and the topics are deleted at the end anyway.
     */
    private static void createOutputs(Admin admin, MonitorConfig config) {
        short rf = config.replicationFactor();
        Topics t = config.topics();
        List<NewTopic> topics = List.of(t.alerts(), t.alertsOcsf(), t.audit(), t.dlq()).stream()
                .map(name -> new NewTopic(name, config.partitions(), rf)
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))
                .toList();
        get(admin.createTopics(topics).all());
    }

    private static void cleanUp(Admin admin, String applicationId, Topics replay, Topics live, Consumer<String> warnings) {
        try {
            Set<String> liveNames = Set.copyOf(live.all());
            List<String> doomed = new ArrayList<>();
            for (String name : List.of(replay.alerts(), replay.alertsOcsf(), replay.audit(), replay.dlq())) {
                if (!liveNames.contains(name)) {
                    doomed.add(name);
                }
            }
            get(admin.listTopics().names()).stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .forEach(doomed::add);
            admin.deleteTopics(doomed).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            deleteGroup(admin, applicationId);
            LOG.info("Replay {}: removed {} topic(s) and its consumer group", applicationId, doomed.size());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException)) {
                warnings.accept("could not remove everything the replay " + applicationId + " created: "
                        + e.getCause().getMessage() + " (topics and group start with replay- and " + applicationId + ")");
            }
        } catch (RuntimeException | TimeoutException e) {
            warnings.accept("could not remove everything the replay " + applicationId + " created: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            warnings.accept("interrupted while removing what the replay " + applicationId + " created");
        }
    }

    /** A replay that failed may leave a member behind until its session times out: remove it first. */
    private static void deleteGroup(Admin admin, String group) throws InterruptedException, TimeoutException, ExecutionException {
        try {
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupNotEmptyException)) {
                throw e;
            }
            admin.removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions()).all()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            admin.deleteConsumerGroups(List.of(group)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    private static long count(DetectionMetrics metrics, String outcome) {
        return Math.round(metrics.count("transfer.events", "type", "access", "outcome", outcome)
                + metrics.count("transfer.events", "type", "replication", "outcome", outcome));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + TIMEOUT_S + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
