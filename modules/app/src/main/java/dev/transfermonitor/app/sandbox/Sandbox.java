package dev.transfermonitor.app.sandbox;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PARTITIONS;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_REPLICATION_FACTOR;

import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.app.kafka.ReferencePublisher;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The monitor's world on one machine: a work directory (the given one, kept, or a temporary one,
 * removed on close), a single-node broker inside this process with its log under it (or a broker
 * that runs elsewhere, {@link Builder#broker(String)}), the topics,
 * the reference data (the sample company's unless told otherwise) and the monitor settings with
 * the sandbox defaults: the broker's address, one replica, {@value #DEFAULT_PARTITIONS}
 * partitions, state under the work directory and the sample company's rules. Open it first
 * thing, close it last: closing stops the broker, then removes a temporary directory.
 */
public final class Sandbox implements AutoCloseable {

    public static final int DEFAULT_PARTITIONS = 4;
    /** The sandbox's ledger signing key in its directory; its public key is next to it ({@code .pub.pem}). */
    public static final String SIGNING_KEY_FILE = "ledger-signing.pem";

    private final WorkDir work;
    /** Null when the sandbox uses a broker that runs elsewhere ({@link Builder#broker(String)}). */
    private final EmbeddedBroker broker;

    private final Map<String, String> settings;
    private final Function<Map<String, String>, MonitorConfig> configFrom;
    private final RuleSet rules;
    private MonitorConfig config;
    private Map<RecordKind, Integer> referenceLoaded = Map.of();

    private Sandbox(
            WorkDir work,
            EmbeddedBroker broker,
            Map<String, String> settings,
            Function<Map<String, String>, MonitorConfig> configFrom,
            RuleSet rules) {
        this.work = work;
        this.broker = broker;
        this.settings = Collections.unmodifiableMap(settings);
        this.configFrom = configFrom;
        this.rules = rules;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The work directory; the broker's log is {@code kafka} in it, the monitor's state {@code state}. */
    public Path dir() {
        return work.path();
    }

    /** The broker in this process; null when the sandbox uses one that runs elsewhere. */
    public EmbeddedBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return settings.get(BOOTSTRAP_SERVERS.key());
    }

    /** The sandbox settings (keys as in a configuration file) the monitor's configuration is built from. */
    public Map<String, String> settings() {
        return settings;
    }

    /** The monitor's configuration: the sandbox settings, with the given rules when there were any. */
    public MonitorConfig config() {
        return config;
    }

    /** How many reference records of each kind were published at the start; empty when none were. */
    public Map<RecordKind, Integer> referenceLoaded() {
        return referenceLoaded;
    }

    /**
     * Another configuration on this broker, e.g. a second application id or topic prefix: the
     * sandbox settings with {@code overrides} on top (a null value removes the setting), built
     * the way {@link #config()} was.
     */
    public MonitorConfig config(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(settings);
        merged.putAll(overrides);
        merged.values().removeIf(Objects::isNull);
        MonitorConfig built = configFrom.apply(merged);
        return rules == null ? built : built.withRules(rules);
    }

    /** Creates the topics of {@code config} when missing and publishes {@code reference} to them. */
    public Map<RecordKind, Integer> prepare(MonitorConfig config, List<ReferenceData.Loaded> reference) {
        TopicAdmin.ensureTopics(config);
        return reference.isEmpty() ? Map.of() : ReferencePublisher.publish(config, reference);
    }

    /** Stops the broker (its own), then removes the work directory when it is a temporary one. */
    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            work.close();
        }
    }

    /** What goes into a sandbox; every choice has the sandbox default. */
    /** The sandbox's own ledger signing key, made on its first start and kept with its data. */
    static Path signingKey(Path dir) {
        Path key = dir.resolve(SIGNING_KEY_FILE);
        if (!Files.exists(key)) {
            try {
                SigningKeys.create(key);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the sandbox's signing key " + key, e);
            }
        }
        return key;
    }

    public static final class Builder {
        private Path dataDir;
        private String tempPrefix = "transfer-monitor-";
        private int port;
        private String externalBroker;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private RuleSet rules;
        private List<ReferenceData.Loaded> reference;
        private boolean createTopics = true;
        private Function<Map<String, String>, MonitorConfig> configFrom =
                flags -> MonitorConfig.from(Settings.load(null, Map.of(), flags));
        private Consumer<Path> onDirectory = dir -> {};

        private Builder() {
            settings.put(TOPIC_REPLICATION_FACTOR.key(), "1");
            settings.put(TOPIC_PARTITIONS.key(), Integer.toString(DEFAULT_PARTITIONS));
            settings.put(RULES_FILE.key(), MonitorConfig.SAMPLE_RULES);
        }

        /** Where to keep the broker's data and the monitor's state; null: a new temporary directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The name prefix of the temporary directory. */
        public Builder tempPrefix(String prefix) {
            this.tempPrefix = prefix;
            return this;
        }

        /** The broker's port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Uses the broker at {@code bootstrapServers}, running elsewhere (a {@code broker} command
         * in a process of its own, say), instead of starting one in this process.
         */
        public Builder broker(String bootstrapServers) {
            this.externalBroker = bootstrapServers;
            return this;
        }

        public Builder partitions(int partitions) {
            return setting(TOPIC_PARTITIONS.key(), Integer.toString(partitions));
        }

        public Builder applicationId(String applicationId) {
            return setting(APPLICATION_ID.key(), applicationId);
        }

        /** The rules file ({@value MonitorConfig#SAMPLE_RULES}, the default, or a path); null: the built-in rules. */
        public Builder rulesFile(String file) {
            return setting(RULES_FILE.key(), file);
        }

        /** Rules to run with, instead of any rules file. */
        public Builder rules(RuleSet rules) {
            this.rules = rules;
            return this;
        }

        /** Any other setting; null removes a default (the state directory's too). */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** The reference data to publish at the start, instead of the sample company's; empty for none. */
        public Builder reference(List<ReferenceData.Loaded> reference) {
            this.reference = List.copyOf(reference);
            return this;
        }

        /** No topics and no reference data at the start; see {@link Sandbox#prepare}. */
        public Builder withoutTopics() {
            this.createTopics = false;
            return this;
        }

        /**
         * How the settings become a configuration, e.g. layered under a command's configuration
         * file, environment and flags; by default the settings alone.
         */
        public Builder configuredBy(Function<Map<String, String>, MonitorConfig> configFrom) {
            this.configFrom = configFrom;
            return this;
        }

        /** Told the work directory before the broker starts (to say where the data goes). */
        public Builder onDirectory(Consumer<Path> onDirectory) {
            this.onDirectory = onDirectory;
            return this;
        }

        /**
         * Starts the broker, creates the topics and publishes the reference data (unless the
         * configuration says {@code create.topics=false}).
         */
        public Sandbox start() {
            WorkDir work = WorkDir.of(dataDir, tempPrefix);
            EmbeddedBroker broker = null;
            try {
                onDirectory.accept(work.path());
                if (externalBroker == null) {
                    broker = EmbeddedBroker.start(work.path().resolve("kafka"), port);
                }
                Map<String, String> all = new LinkedHashMap<>();
                all.put(STATE_DIR.key(), work.path().resolve("state").toString());
                all.put(LEDGER_SIGNING_KEY.key(), signingKey(work.path()).toString());
                all.putAll(settings);
                all.values().removeIf(Objects::isNull);
                all.put(BOOTSTRAP_SERVERS.key(), broker == null ? externalBroker : broker.bootstrapServers());
                Sandbox sandbox = new Sandbox(work, broker, all, configFrom, rules);
                sandbox.config = sandbox.config(Map.of());
                if (createTopics && sandbox.config.createTopics()) {
                    sandbox.referenceLoaded =
                            sandbox.prepare(sandbox.config, reference == null ? ReferenceData.bundled() : reference);
                }
                return sandbox;
            } catch (RuntimeException e) {
                try {
                    if (broker != null) {
                        broker.close();
                    }
                } finally {
                    work.close();
                }
                throw e;
            }
        }
    }
}
