package dev.transfermonitor.bench;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;
import static dev.transfermonitor.app.config.SettingsRegistry.NUM_STREAM_THREADS;
import static dev.transfermonitor.app.config.SettingsRegistry.PROCESSING_GUARANTEE;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.reference.ReferenceData;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The one broker of a run (in this JVM, a sandbox) and the monitor configurations that point at it. */
final class Cluster implements AutoCloseable {

    private final Sandbox sandbox;
    private final BenchOptions options;

    private Cluster(Sandbox sandbox, BenchOptions options) {
        this.sandbox = sandbox;
        this.options = options;
    }

    static Cluster start(Path dir, BenchOptions options) {
        return new Cluster(
                Sandbox.builder()
                        .dataDir(dir)
                        .partitions(options.partitions())
                        .withoutTopics()
                        .start(),
                options);
    }

    String bootstrapServers() {
        return sandbox.bootstrapServers();
    }

    Path dir() {
        return sandbox.dir();
    }

    /** The monitor's configuration as {@code run} builds it, with the sample company's rules. */
    MonitorConfig config(String applicationId, String topicPrefix, String guarantee) {
        Map<String, String> flags = new HashMap<>();
        flags.put(APPLICATION_ID.key(), applicationId);
        flags.put(STATE_DIR.key(), dir().resolve("state-" + applicationId).toString());
        flags.put(TOPIC_PREFIX.key(), topicPrefix);
        flags.put(PROCESSING_GUARANTEE.key(), guarantee);
        flags.put(NUM_STREAM_THREADS.key(), String.valueOf(options.threads()));
        if (options.unsigned()) {
            flags.put(LEDGER_SIGNING_KEY.key(), null);
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench.set."))
                .forEach(k -> flags.put(k.substring("bench.set.".length()), System.getProperty(k)));
        return sandbox.config(flags);
    }

    /** Creates the topics of this prefix and writes the reference data to them. */
    void prepare(MonitorConfig config, List<ReferenceData.Loaded> reference) {
        sandbox.prepare(config, reference);
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
