package dev.transfermonitor.app;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_REPLICATION_FACTOR;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** What integration tests share: the monitor's configuration for a private topic set, and the sample company's reference data. */
public final class TestSetup {

    private TestSetup() {}

    /** The monitor on the shared broker over {@code topics}, with its own application id and state directory. */
    public static MonitorConfig monitorConfig(KafkaBroker kafka, Topics topics, String applicationId, Path stateDir) {
        return monitorConfig(kafka, topics, applicationId, stateDir, Map.of());
    }

    /** The same, plus settings of the test's own (rules.file, kafka.*, ...). */
    public static MonitorConfig monitorConfig(
            KafkaBroker kafka, Topics topics, String applicationId, Path stateDir, Map<String, String> extra) {
        Map<String, String> settings = new LinkedHashMap<>(Map.of(
                BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers(),
                APPLICATION_ID.key(), applicationId,
                STATE_DIR.key(), stateDir.toString(),
                TOPIC_PREFIX.key(), topics.prefix(),
                TOPIC_REPLICATION_FACTOR.key(), "1"));
        settings.putAll(extra);
        return MonitorConfig.from(Settings.load(null, Map.of(), settings));
    }

    /** A command line against the shared broker and the test's topic set: {@code args} plus connection flags. */
    public static String[] cli(KafkaBroker kafka, Topics topics, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", topics.prefix()));
        return all.toArray(String[]::new);
    }

    /** An application id that no other test uses: the topic set's prefix without dots. */
    public static String applicationId(String kind, Topics topics) {
        return kind + "-" + topics.prefix().replace(".", "");
    }

    /** Writes the sample company's reference data to the set's reference topics. */
    public static void loadSampleCompany(KafkaBroker kafka, Topics topics) {
        for (ReferenceData.Loaded r : ReferenceData.bundled()) {
            kafka.send(
                    topics.of(r.kind()),
                    r.key(),
                    r.kind().<SpecificRecord>codec().encode(r.value()));
        }
    }
}
