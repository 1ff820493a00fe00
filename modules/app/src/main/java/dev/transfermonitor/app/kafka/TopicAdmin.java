package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.PartitionReadiness;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the monitor's topics when they are missing: reference topics compacted, the input
 * and audit topics with long retention (they are the archive that replay and audits read),
 * the audit topic with the same partition count as the inputs so each ledger chain follows
 * one input partition.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final String YEAR_MS = Long.toString(Duration.ofDays(366).toMillis());
    private static final String DIGESTS_MS =
            Long.toString(Duration.ofDays(366 + 14).toMillis());

    private TopicAdmin() {}

    public static void ensureTopics(MonitorConfig config) {
        Topics topics = config.topics();
        try (Admin admin = KafkaClients.admin(config)) {
            short rf = replicas(admin, config);
            if (rf < config.replicationFactor()) {
                // Fewer brokers than replicas asked for: as many replicas as there are brokers.
                LOG.warn(
                        "Only {} broker(s): creating topics with replication factor {} instead of {}",
                        rf,
                        rf,
                        config.replicationFactor());
            }
            Map<String, String> minIsr = rf >= 3 ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2") : Map.of();
            Set<String> existing = KafkaFutures.await(admin.listTopics().names(), "listing topics");
            List<NewTopic> missing = new ArrayList<>();
            List<String> wanted = new ArrayList<>(topics.all());
            config.sources().forEach(source -> wanted.add(topics.source(source)));
            for (String name : wanted) {
                if (existing.contains(name)) {
                    continue;
                }
                Map<String, String> cfg = new HashMap<>(minIsr);
                int partitions = config.partitions();
                if (topics.reference().contains(name)) {
                    cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    partitions = 1;
                } else if (topics.inputs().contains(name) || name.equals(topics.audit())) {
                    cfg.put(TopicConfig.RETENTION_MS_CONFIG, YEAR_MS);
                } else if (name.equals(topics.auditDigests())) {
                    // Digests outlive the entries they sign by more than a segment's span (7 days), so
                    // retention never leaves entries whose digests are gone.
                    cfg.put(TopicConfig.RETENTION_MS_CONFIG, DIGESTS_MS);
                }
                missing.add(new NewTopic(name, partitions, rf).configs(cfg));
            }
            if (!missing.isEmpty()) {
                create(admin, missing);
                PartitionReadiness.await(
                        admin,
                        missing.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions)),
                        READY_TIMEOUT);
                LOG.info(
                        "Created {} topic(s): {}",
                        missing.size(),
                        missing.stream().map(NewTopic::name).toList());
            }
        } catch (KafkaOperationException e) {
            KafkaAccessException.from(e.getCause(), config.clientProperties()).ifPresent(access -> {
                throw access;
            });
            if (e.getCause() instanceof TimeoutException) {
                throw new KafkaOperationException(
                        "cannot reach Kafka at " + config.bootstrapServers() + " within "
                                + KafkaFutures.ADMIN_TIMEOUT.toSeconds() + " s",
                        e.getCause());
            }
            throw e;
        }
    }

    /**
     * Creates one topic of the tools (not of the monitor) when it is missing, with no more
     * replicas than there are brokers.
     */
    public static void createIfMissing(MonitorConfig config, String topic, int partitions) {
        try (Admin admin = KafkaClients.admin(config)) {
            create(admin, List.of(new NewTopic(topic, partitions, replicas(admin, config))));
        }
    }

    /** The configured replication factor, but no more than there are brokers (a sandbox has one). */
    public static short replicas(Admin admin, MonitorConfig config) {
        int brokers = KafkaFutures.await(admin.describeCluster().nodes(), "looking up the brokers")
                .size();
        return (short) Math.min(config.replicationFactor(), brokers);
    }

    /** Creates the topics; one that another client created meanwhile is no failure. */
    private static void create(Admin admin, List<NewTopic> topics) {
        try {
            KafkaFutures.await(
                    admin.createTopics(topics).all(),
                    CREATE_TIMEOUT,
                    "creating topics " + topics.stream().map(NewTopic::name).toList());
        } catch (KafkaOperationException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
