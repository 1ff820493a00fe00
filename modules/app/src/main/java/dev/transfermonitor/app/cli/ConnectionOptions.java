package dev.transfermonitor.app.cli;

import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command that talks to Kafka shares: where the cluster is and how to reach it. */
public final class ConnectionOptions {

    static final String LOCAL_BROKER = "127.0.0.1:9092";

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Configuration file (Java properties). Environment variables TM_* override it, flags override both.")
    Path configFile;

    @Option(
            names = {"-b", "--bootstrap-servers"},
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (also TM_BOOTSTRAP_SERVERS or bootstrap.servers in the file). "
                    + "produce, alerts and reference default to " + LOCAL_BROKER + ".")
    String bootstrapServers;

    @Option(
            names = {"-X", "--kafka"},
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property passed through to every client, e.g. -X security.protocol=SSL. "
                    + "Values may be $${env:NAME} or $${file:/path} to keep secrets out of the command line.")
    Map<String, String> kafka = new LinkedHashMap<>();

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            description = "Prefix of every topic name (default: none).")
    String topicPrefix;

    /** The settings from file, environment and these flags, plus any flags the command adds. */
    public Settings settings(Map<String, String> commandFlags) {
        Map<String, String> flags = new LinkedHashMap<>(commandFlags);
        if (bootstrapServers != null) {
            flags.put(BOOTSTRAP_SERVERS.key(), bootstrapServers);
        }
        if (topicPrefix != null) {
            flags.put(TOPIC_PREFIX.key(), topicPrefix);
        }
        kafka.forEach((k, v) -> flags.put(Settings.KAFKA_PREFIX + k, v));
        return Settings.load(configFile, System.getenv(), flags);
    }

    public MonitorConfig config(Map<String, String> commandFlags) {
        return MonitorConfig.from(settings(commandFlags));
    }

    /** For the client tools, which default to a broker on this machine (as run --embedded-broker starts). */
    public MonitorConfig clientConfig() {
        Settings settings = settings(Map.of());
        if (settings.get(BOOTSTRAP_SERVERS.key()) == null) {
            return config(Map.of(BOOTSTRAP_SERVERS.key(), LOCAL_BROKER));
        }
        return MonitorConfig.from(settings);
    }
}
