package dev.transfermonitor.bench;

import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.app.kafka.ReferencePublisher;
import dev.transfermonitor.app.kafka.TopicAdmin;
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
        flags.put("bootstrap.servers", bootstrapServers());
        flags.put("application.id", applicationId);
        flags.put("state.dir", dir.resolve("state-" + applicationId).toString());
        flags.put("topic.prefix", topicPrefix);
        flags.put("topic.partitions", String.valueOf(options.partitions()));
        flags.put("topic.replication.factor", "1");
        flags.put("processing.guarantee", guarantee);
        flags.put("num.stream.threads", String.valueOf(options.threads()));
        flags.put("rules.file", MonitorConfig.SAMPLE_RULES);
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
