package dev.transfermonitor.bench;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.COMMIT_INTERVAL;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;
import static dev.transfermonitor.app.config.SettingsRegistry.NUM_STREAM_THREADS;
import static dev.transfermonitor.app.config.SettingsRegistry.PROCESSING_GUARANTEE;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.reference.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one broker of a run (the app's {@code broker} command in a JVM of its own) and the monitor
 * configurations that point at it: a sandbox on that broker, so with the sandbox's defaults (one
 * replica, the sample company's rules, the ledger signed with a key of its own).
 */
final class Cluster implements AutoCloseable {

    private final BrokerProcess broker;
    private final Sandbox sandbox;
    private final BenchOptions options;

    private Cluster(BrokerProcess broker, Sandbox sandbox, BenchOptions options) {
        this.broker = broker;
        this.sandbox = sandbox;
        this.options = options;
    }

    static Cluster start(Path dir, BenchOptions options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        BrokerProcess broker = BrokerProcess.start(dir.resolve("kafka"), dir.resolve("broker.log"));
        try {
            Sandbox sandbox = Sandbox.builder()
                    .dataDir(dir)
                    .broker(broker.bootstrapServers())
                    .partitions(options.partitions())
                    .withoutTopics()
                    .start();
            return new Cluster(broker, sandbox, options);
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    long brokerPid() {
        return broker.pid();
    }

    /** The broker's log directory. */
    Path logDir() {
        return sandbox.dir().resolve("kafka");
    }

    /**
     * What one configuration sets over the sandbox's settings: {@code -Dbench.set.KEY=VALUE}, then
     * its own application id, state directory, topic prefix, guarantee, threads and commit
     * interval (null: the default).
     */
    private Map<String, String> overrides(String applicationId, String topicPrefix, String guarantee, Duration commit) {
        Map<String, String> flags = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("bench.set."))
                .forEach(k -> flags.put(k.substring("bench.set.".length()), System.getProperty(k)));
        flags.put(APPLICATION_ID.key(), applicationId);
        flags.put(
                STATE_DIR.key(), sandbox.dir().resolve("state-" + applicationId).toString());
        flags.put(TOPIC_PREFIX.key(), topicPrefix);
        flags.put(PROCESSING_GUARANTEE.key(), guarantee);
        flags.put(NUM_STREAM_THREADS.key(), String.valueOf(options.threads()));
        if (commit != null) {
            flags.put(COMMIT_INTERVAL.key(), commit.toMillis() + "ms");
        }
        if (options.unsigned()) {
            flags.put(LEDGER_SIGNING_KEY.key(), null);
        }
        return flags;
    }

    /** The monitor's configuration as {@code run} builds it, with the sample company's rules. */
    MonitorConfig config(String applicationId, String topicPrefix, String guarantee, Duration commit) {
        return sandbox.config(overrides(applicationId, topicPrefix, guarantee, commit));
    }

    /** The settings {@link #config} builds its configuration from, for the Flink peer to build the same rules. */
    Map<String, String> settings(String applicationId, String topicPrefix, String guarantee, Duration commit) {
        Map<String, String> merged = new LinkedHashMap<>(sandbox.settings());
        merged.putAll(overrides(applicationId, topicPrefix, guarantee, commit));
        merged.values().removeIf(Objects::isNull);
        return merged;
    }

    /** Creates the topics of this prefix and writes the reference data to them. */
    void prepare(MonitorConfig config, List<ReferenceData.Loaded> reference) {
        sandbox.prepare(config, reference);
    }

    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            broker.close();
        }
    }
}
