package dev.transfermonitor.app.config;

import static dev.transfermonitor.app.config.SettingsRegistry.APPLICATION_ID;
import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;
import static dev.transfermonitor.app.config.SettingsRegistry.COMMIT_INTERVAL;
import static dev.transfermonitor.app.config.SettingsRegistry.CREATE_TOPICS;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_INTERVAL;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY;
import static dev.transfermonitor.app.config.SettingsRegistry.LEDGER_SIGNING_KEY_PASSWORD;
import static dev.transfermonitor.app.config.SettingsRegistry.METRICS_HOST;
import static dev.transfermonitor.app.config.SettingsRegistry.METRICS_PORT;
import static dev.transfermonitor.app.config.SettingsRegistry.NUM_STANDBY_REPLICAS;
import static dev.transfermonitor.app.config.SettingsRegistry.NUM_STREAM_THREADS;
import static dev.transfermonitor.app.config.SettingsRegistry.PROCESSING_GUARANTEE;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FAIL_CLOSED;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_MAX_FUTURE_SKEW;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_ORGANISATION_ACCOUNTS;
import static dev.transfermonitor.app.config.SettingsRegistry.RULES_VERSION;
import static dev.transfermonitor.app.config.SettingsRegistry.SOURCES;
import static dev.transfermonitor.app.config.SettingsRegistry.SOURCES_TRACK_KEYS;
import static dev.transfermonitor.app.config.SettingsRegistry.STATE_DIR;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PARTITIONS;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_PREFIX;
import static dev.transfermonitor.app.config.SettingsRegistry.TOPIC_REPLICATION_FACTOR;

import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.detection.rulesfile.RulesFileException;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.Sources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The monitor's configuration, validated on construction. Built from {@link Settings}
 * (file, then TM_* environment, then flags) with the defaults of {@link SettingsRegistry}.
 *
 * @param metricsHost address the /metrics, /health and /ready endpoints bind to
 * @param metricsPort their port; 0 picks a free one
 * @param sources     audit-log sources whose raw topics the monitor maps ({@code cloudtrail})
 * @param trackKeys   sources turn key lifecycle records into credential updates
 * @param ledgerSigner signs the ledger's digests; null for an unsigned ledger
 * @param kafka pass-through Kafka client properties (TLS, SASL, ...), applied to every client
 */
public record MonitorConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        Topics topics,
        int partitions,
        short replicationFactor,
        boolean createTopics,
        String processingGuarantee,
        int streamThreads,
        int standbyReplicas,
        Duration commitInterval,
        RuleSet rules,
        List<String> sources,
        boolean trackKeys,
        LedgerSigner ledgerSigner,
        String metricsHost,
        int metricsPort,
        Map<String, String> kafka) {

    /** rules.file value that selects the bundled rules of the sample company. */
    public static final String SAMPLE_RULES = "sample";

    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");

    public MonitorConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("no Kafka bootstrap servers: give --bootstrap-servers, TM_BOOTSTRAP_SERVERS, "
                    + "bootstrap.servers in the config file, or use --embedded-broker");
        }
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
            throw new ConfigException(
                    "application.id must be letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new ConfigException(
                    "processing.guarantee must be one of " + GUARANTEES + ", got '" + processingGuarantee + "'");
        }
        kafka = Map.copyOf(kafka);
        TreeSet<String> names = new TreeSet<>();
        for (String source : sources) {
            try {
                names.add(Sources.create(source, Sources.Options.defaults()).name());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("sources: " + e.getMessage(), e);
            }
        }
        sources = List.copyOf(names);
    }

    public static MonitorConfig from(Settings s) {
        RuleSet base = rulesFile(s.get(RULES_FILE));
        RuleSet rules = new RuleSet(
                s.given(RULES_VERSION).orElse(base.version()),
                base.restrictedClasses(),
                s.given(RULES_ORGANISATION_ACCOUNTS).orElse(base.organisationAccounts()),
                s.given(RULES_FAIL_CLOSED).orElse(base.failClosedOnUnknown()),
                s.given(RULES_MAX_FUTURE_SKEW).orElse(base.maxFutureSkew()),
                base.earliestEventTime(),
                base.volume(),
                base.dataClasses(),
                base.failClosedOnUnknownIdentity(),
                base.quietPeriod(),
                base.unlistedResourceClasses());
        Topics topics;
        try {
            topics = Topics.withPrefix(s.get(TOPIC_PREFIX));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(TOPIC_PREFIX.key() + ": " + e.getMessage(), e);
        }
        return new MonitorConfig(
                s.get(BOOTSTRAP_SERVERS),
                s.get(APPLICATION_ID),
                Path.of(s.get(STATE_DIR)),
                topics,
                s.get(TOPIC_PARTITIONS),
                s.get(TOPIC_REPLICATION_FACTOR).shortValue(),
                s.get(CREATE_TOPICS),
                s.get(PROCESSING_GUARANTEE),
                s.get(NUM_STREAM_THREADS),
                s.get(NUM_STANDBY_REPLICAS),
                s.get(COMMIT_INTERVAL),
                rules,
                List.copyOf(s.get(SOURCES) == null ? Set.of() : s.get(SOURCES)),
                s.get(SOURCES_TRACK_KEYS),
                s.get(LEDGER_SIGNING_KEY) == null
                        ? null
                        : SigningKeys.load(
                                Path.of(s.get(LEDGER_SIGNING_KEY)),
                                s.get(LEDGER_SIGNING_KEY_PASSWORD),
                                s.get(LEDGER_SIGNING_INTERVAL)),
                s.get(METRICS_HOST),
                s.get(METRICS_PORT),
                s.kafka());
    }

    /** The rules file: none for the built-in defaults, {@value #SAMPLE_RULES} for the sample company's, or a path. */
    public static RuleSet rulesFile(String file) {
        if (file == null || file.isBlank()) {
            return RuleSet.defaults();
        }
        try {
            return file.equals(SAMPLE_RULES) ? RulesFile.bundledSample() : RulesFile.load(Path.of(file));
        } catch (RulesFileException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    /** The same configuration with other rules. */
    public MonitorConfig withRules(RuleSet newRules) {
        return new MonitorConfig(
                bootstrapServers,
                applicationId,
                stateDir,
                topics,
                partitions,
                replicationFactor,
                createTopics,
                processingGuarantee,
                streamThreads,
                standbyReplicas,
                commitInterval,
                Objects.requireNonNull(newRules, "rules"),
                sources,
                trackKeys,
                ledgerSigner,
                metricsHost,
                metricsPort,
                kafka);
    }

    /** Kafka properties for any client: bootstrap servers plus the pass-through ones. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new TreeMap<>(kafka);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }
}
