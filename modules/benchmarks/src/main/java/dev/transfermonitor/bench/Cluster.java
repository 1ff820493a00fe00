package dev.transfermonitor.bench;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;
import static dev.transfermonitor.app.config.SettingsRegistry.NUM_STREAM_THREADS;
import static dev.transfermonitor.app.config.SettingsRegistry.PROCESSING_GUARANTEE;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PARTITIONS;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_REPLICATION_FACTOR;

import dev.transfermonitor.app.TopicAdmin;
import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.app.cli.ReferencePublisher;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.reference.ReferenceData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The one broker of a run (in this JVM) and the monitor configurations that point at it. */
final class Cluster implements AutoCloseable {

    private final EmbeddedBroker broker;
    private final Path dir;
    private final BenchOptions options;

    private Cluster(EmbeddedBroker broker, Path dir, BenchOptions options) {
        this.broker = broker;
        this.dir = dir;
        this.options = options;
    }

    static Cluster start(Path dir, BenchOptions options) {
        return new Cluster(EmbeddedBroker.start(dir.resolve("kafka"), 0), dir, options);
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    Path dir() {
        return dir;
    }

    /** The monitor's configuration as {@code run} builds it, with the sample company's rules. */
    MonitorConfig config(String applicationId, String topicPrefix, String guarantee) {
        Map<String, String> flags = new HashMap<>();
        flags.put(BOOTSTRAP_SERVERS.key(), bootstrapServers());
        flags.put(APPLICATION_ID.key(), applicationId);
        flags.put(STATE_DIR.key(), dir.resolve("state-" + applicationId).toString());
        flags.put(TOPIC_PREFIX.key(), topicPrefix);
        flags.put(TOPIC_PARTITIONS.key(), String.valueOf(options.partitions()));
        flags.put(TOPIC_REPLICATION_FACTOR.key(), "1");
        flags.put(PROCESSING_GUARANTEE.key(), guarantee);
        flags.put(NUM_STREAM_THREADS.key(), String.valueOf(options.threads()));
        flags.put(RULES_FILE.key(), MonitorConfig.SAMPLE_RULES);
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.set."))
                .forEach(k -> flags.put(k.substring("bench.set.".length()), System.getProperty(k)));
        return MonitorConfig.from(Settings.load(null, Map.of(), flags));
    }

    /** Creates the topics of this prefix and writes the reference data to them. */
    void prepare(MonitorConfig config, List<ReferenceData.Loaded> reference) {
        TopicAdmin.ensureTopics(config);
        ReferencePublisher.publish(config, reference);
    }

    @Override
    public void close() {
        broker.close();
    }
}
