package dev.transfermonitor.app.replay;

import dev.transfermonitor.app.Interrupted;
import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.AlertTail;
import dev.transfermonitor.app.kafka.KafkaClients;
import dev.transfermonitor.app.kafka.KafkaFutures;
import dev.transfermonitor.app.kafka.KafkaOperationException;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.app.kafka.TopicOffsets;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replay: the live detection topology, under a fresh application id, over a fixed
 * {@link ReplayPeriod} of the live input topics, writing to private output topics. The input
 * is read where it is, so the evidence (topic, partition, offset) of each alert is the live
 * one. What it creates on the cluster (output and internal topics, consumer group) is removed
 * when it ends, also on failure or when it is stopped; its state lives in a directory of the
 * caller's, which the caller removes.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Duration POLL = Duration.ofMillis(300);

    /** What a replay found. */
    public record Result(
            List<TransferAlert> alerts, long events, long deadLetters, Duration took, String rulesVersion) {

        public Map<String, Long> countsByType() {
            return alerts.stream()
                    .collect(Collectors.groupingBy(a -> a.getType().name(), TreeMap::new, Collectors.counting()));
        }
    }

    private Replay() {}

    /**
     * @param live          the live configuration: its inputs, reference topics and client settings
     * @param rules         the rules to replay with
     * @param stateDir      where Kafka Streams keeps the replay's state (under its application id); the
     *                      caller removes it
     * @param stopRequested asked between polls whether to give up
     * @param listener      told how far the run has come, and about records on the alerts topic that are not
     *                      alerts and cleanup problems
     * @throws Interrupted when stopped before the end of the period (after the cleanup)
     */
    public static Result run(
            MonitorConfig live,
            RuleSet rules,
            ReplayPeriod period,
            Path stateDir,
            BooleanSupplier stopRequested,
            ReplayListener listener) {
        long started = System.nanoTime();
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "transfer-monitor-replay-" + runId;
        Topics topics = privateOutputs(live.topics(), "replay-" + runId + ".");
        int partitions = period.partitions(live.topics().access());
        try (Admin admin = KafkaClients.admin(live)) {
            // Internal topics too get no more replicas than there are brokers (a sandbox has one).
            short replicas = TopicAdmin.replicas(admin, live);
            MonitorConfig config = new MonitorConfig(
                    live.bootstrapServers(),
                    applicationId,
                    stateDir,
                    topics,
                    partitions,
                    replicas,
                    false,
                    live.processingGuarantee(),
                    live.streamThreads(),
                    0,
                    live.commitInterval(),
                    rules,
                    List.of(),
                    false,
                    null,
                    live.metricsHost(),
                    live.metricsPort(),
                    live.kafka());
            DetectionMetrics metrics = DetectionMetrics.inMemory();
            try {
                createOutputs(admin, config);
                if (period.total() > 0) {
                    process(admin, config, metrics, period, stopRequested, listener);
                }
                List<TransferAlert> alerts = new ArrayList<>();
                AlertTail.read(config, false, () -> true, alerts::add, listener::warning);
                alerts.sort(Comparator.comparing(TransferAlert::getLastSeen)
                        .thenComparing(TransferAlert::getAlertId)
                        .thenComparing(TransferAlert::getRevision));
                long processed = count(metrics, "processed");
                long dead = count(metrics, "dlq");
                return new Result(
                        List.copyOf(alerts),
                        processed + dead,
                        dead,
                        Duration.ofNanos(System.nanoTime() - started),
                        rules.version());
            } finally {
                listener.finished();
                cleanUp(admin, applicationId, topics, live.topics(), listener);
            }
        }
    }

    /** The live inputs and reference topics; alerts, OCSF, audit and DLQ behind a private prefix. */
    public static Topics privateOutputs(Topics live, String prefix) {
        return new Topics(
                live.access(),
                live.replication(),
                live.assets(),
                live.regions(),
                live.networks(),
                live.principals(),
                live.credentials(),
                live.policies(),
                prefix + live.alerts(),
                prefix + live.alertsOcsf(),
                prefix + live.audit(),
                prefix + live.dlq());
    }

    private static void process(
            Admin admin,
            MonitorConfig config,
            DetectionMetrics metrics,
            ReplayPeriod period,
            BooleanSupplier stopRequested,
            ReplayListener listener) {
        String group = config.applicationId();
        TopicOffsets.commit(admin, group, period.start());
        try (Monitor monitor = new Monitor(config, metrics, period.bounds())) {
            monitor.start(Duration.ofSeconds(60));
            while (true) {
                Map<TopicPartition, Long> committed = TopicOffsets.committed(admin, group);
                listener.progress(period.done(committed), period.total());
                if (period.reached(committed)) {
                    return;
                }
                if (monitor.hasStopped()) {
                    throw new IllegalStateException(
                            "the replay stopped before the end of the period (" + monitor.state() + "); see the log");
                }
                if (stopRequested.getAsBoolean()) {
                    throw new Interrupted("replay interrupted");
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Interrupted("replay interrupted", e);
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
        KafkaFutures.await(admin.createTopics(topics).all(), "creating the replay's output topics");
    }

    private static void cleanUp(
            Admin admin, String applicationId, Topics replay, Topics live, ReplayListener listener) {
        try {
            Set<String> liveNames = Set.copyOf(live.all());
            List<String> doomed = new ArrayList<>();
            for (String name : List.of(replay.alerts(), replay.alertsOcsf(), replay.audit(), replay.dlq())) {
                if (!liveNames.contains(name)) {
                    doomed.add(name);
                }
            }
            KafkaFutures.await(admin.listTopics().names(), "listing topics").stream()
                    .filter(name -> name.startsWith(applicationId + "-"))
                    .forEach(doomed::add);
            KafkaFutures.await(admin.deleteTopics(doomed).all(), "deleting the replay's topics");
            deleteGroup(admin, applicationId);
            LOG.info("Replay {}: removed {} topic(s) and its consumer group", applicationId, doomed.size());
        } catch (KafkaOperationException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                listener.warning("could not remove everything the replay " + applicationId + " created: "
                        + e.getMessage() + " (topics and group start with replay- and " + applicationId + ")");
            }
        } catch (Interrupted e) {
            listener.warning("interrupted while removing what the replay " + applicationId + " created");
        } catch (RuntimeException e) {
            listener.warning("could not remove everything the replay " + applicationId + " created: " + e.getMessage());
        }
    }

    /** A replay that failed may leave a member behind until its session times out: remove it first. */
    private static void deleteGroup(Admin admin, String group) {
        try {
            KafkaFutures.await(admin.deleteConsumerGroups(List.of(group)).all(), "deleting group " + group);
        } catch (KafkaOperationException e) {
            if (!(e.getCause() instanceof GroupNotEmptyException)) {
                throw e;
            }
            var everyone = new RemoveMembersFromConsumerGroupOptions();
            KafkaFutures.await(
                    admin.removeMembersFromConsumerGroup(group, everyone).all(),
                    "removing the members of group " + group);
            KafkaFutures.await(admin.deleteConsumerGroups(List.of(group)).all(), "deleting group " + group);
        }
    }

    private static long count(DetectionMetrics metrics, String outcome) {
        return Math.round(metrics.count("transfer.events", "type", "access", "outcome", outcome)
                + metrics.count("transfer.events", "type", "replication", "outcome", outcome));
    }
}
