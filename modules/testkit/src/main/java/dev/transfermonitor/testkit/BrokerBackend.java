package dev.transfermonitor.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/** A started single-node Kafka cluster behind {@link KafkaBroker}: a container or an in-JVM KRaft node. */
interface BrokerBackend extends AutoCloseable {

    String IMAGE = "apache/kafka:4.3.1";

    /**
     * Settings a one-node cluster needs (internal topics cannot have three replicas) plus a
     * few that keep tests fast; no auto-creation, so a test that forgets a topic fails.
     */
    Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("share.coordinator.state.topic.replication.factor", "1"),
            Map.entry("share.coordinator.state.topic.min.isr", "1"),
            Map.entry("min.insync.replicas", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("auto.create.topics.enable", "false"),
            Map.entry("log.cleaner.dedupe.buffer.size", "2097152"));

    String bootstrapServers();

    String description();

    @Override
    void close();

    /** Starts the broker the mode asks for: {@code auto}, {@code container} or {@code in-jvm}. */
    static BrokerBackend choose(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "container" -> Container.start();
            case "in-jvm" -> InJvm.start();
            case "auto" -> DockerClientFactory.instance().isDockerAvailable() ? Container.start() : InJvm.start();
            default ->
                throw new IllegalArgumentException(
                        KafkaBroker.MODE_PROPERTY + " must be auto, container or in-jvm, not '" + mode + "'");
        };
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** The {@code apache/kafka} image in a Testcontainers container. */
    final class Container implements BrokerBackend {
        private static final Logger LOG = LoggerFactory.getLogger(Container.class);
        private final KafkaContainer container;
        private final String description;

        private Container(KafkaContainer container, String description) {
            this.container = container;
            this.description = description;
        }

        static Container start() {
            long started = System.nanoTime();
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(IMAGE));
            // The image maps KAFKA_A_B to a.b.
            SETTINGS.forEach((key, value) ->
                    container.withEnv("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
            container.start();
            String description = "container " + IMAGE + ", started in " + seconds(started);
            LOG.info("Kafka for tests: {} at {}", description, container.getBootstrapServers());
            return new Container(container, description);
        }

        @Override
        public String bootstrapServers() {
            return container.getBootstrapServers();
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    /** A combined broker and controller KRaft node in this JVM (Kafka's own test kit). */
    final class InJvm implements BrokerBackend {
        private static final Logger LOG = LoggerFactory.getLogger(InJvm.class);
        private final KafkaClusterTestKit cluster;
        private final String description;

        private InJvm(KafkaClusterTestKit cluster, String description) {
            this.cluster = cluster;
            this.description = description;
        }

        static InJvm start() {
            long started = System.nanoTime();
            KafkaClusterTestKit cluster;
            try {
                KafkaClusterTestKit.Builder builder =
                        new KafkaClusterTestKit.Builder(new TestKitNodes.Builder(releasedFeatures())
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .build());
                SETTINGS.forEach(builder::setConfigProp);
                // Like a released broker: no unreleased features or APIs.
                builder.setConfigProp("unstable.feature.versions.enable", "false");
                builder.setConfigProp("unstable.api.versions.enable", "false");
                cluster = builder.build();
            } catch (Exception e) {
                throw new IllegalStateException("could not build the in-JVM Kafka cluster", e);
            }
            try {
                cluster.format();
                cluster.startup();
                cluster.waitForReadyBrokers();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeAfterFailure(cluster, e);
                throw new IllegalStateException("interrupted while starting the in-JVM Kafka cluster", e);
            } catch (Exception e) {
                closeAfterFailure(cluster, e);
                throw new IllegalStateException("could not start the in-JVM Kafka cluster", e);
            }
            String description = "in-JVM KRaft node, started in " + seconds(started);
            LOG.info("Kafka for tests: {} at {}", description, cluster.bootstrapServers());
            return new InJvm(cluster, description);
        }

        /**
         * The metadata version and feature levels a released broker formats with; the test
         * kit's own default is the unreleased next version.
         */
        private static BootstrapMetadata releasedFeatures() {
            MetadataVersion version = MetadataVersion.latestProduction();
            Map<String, Short> levels = new TreeMap<>();
            for (Feature feature : Feature.PRODUCTION_FEATURES) {
                levels.put(feature.featureName(), feature.defaultLevel(version));
            }
            return BootstrapMetadata.fromVersions(version, levels, "testkit");
        }

        private static void closeAfterFailure(KafkaClusterTestKit cluster, Exception cause) {
            try {
                cluster.close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }

        @Override
        public String bootstrapServers() {
            return cluster.bootstrapServers();
        }

        @Override
        public String description() {
            return description;
        }

        @Override
        public void close() {
            long started = System.nanoTime();
            try {
                cluster.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while closing the in-JVM Kafka cluster", e);
            } catch (Exception e) {
                throw new IllegalStateException("could not close the in-JVM Kafka cluster", e);
            }
            LOG.info("Kafka for tests closed in {}", seconds(started));
        }
    }
}
