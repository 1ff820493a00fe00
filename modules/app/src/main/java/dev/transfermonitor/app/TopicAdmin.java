package dev.transfermonitor.app;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.PartitionReadiness;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
    private static final String YEAR_MS = Long.toString(Duration.ofDays(366).toMillis());

    private TopicAdmin() {
    }

    public static void ensureTopics(MonitorConfig config) {
        Topics topics = config.topics();
        try (Admin admin = Admin.create(config.clientProperties())) {
            int brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
            short rf = (short) Math.min(config.replicationFactor(), brokers);
            if (rf < config.replicationFactor()) {
                LOG.warn("Only {} broker(s): creating topics with replication factor {} instead of {}",
                        brokers, rf, config.replicationFactor());
            }
            Map<String, String> minIsr = rf >= 3 ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2") : Map.of();
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : topics.all()) {
                if (existing.contains(name)) {
                    continue;
                }
                Map<String, String> cfg = new java.util.HashMap<>(minIsr);
                int partitions = config.partitions();
                if (topics.reference().contains(name)) {
                    cfg.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
                    partitions = 1;
                } else if (topics.inputs().contains(name) || name.equals(topics.audit())) {
                    cfg.put(TopicConfig.RETENTION_MS_CONFIG, YEAR_MS);
                }
                missing.add(new NewTopic(name, partitions, rf).configs(cfg));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
                PartitionReadiness.await(admin,
                        missing.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions)), READY_TIMEOUT);
                LOG.info("Created {} topic(s): {}", missing.size(), missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            KafkaAccessException.from(e.getCause(), config.clientProperties()).ifPresent(access -> {
                throw access;
            });
            throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + config.bootstrapServers() + " within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
