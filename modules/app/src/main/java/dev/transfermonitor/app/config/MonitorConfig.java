package dev.transfermonitor.app.config;

import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.detection.rulesfile.RulesFileException;
import dev.transfermonitor.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The monitor's configuration, validated on construction. Built from {@link Settings}
 * (file, then TM_* environment, then flags) with the defaults documented in the README.
 *
 * @param metricsHost address the /metrics, /health and /ready endpoints bind to
 * @param metricsPort their port; 0 picks a free one
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
        String metricsHost,
        int metricsPort,
        Map<String, String> kafka) {

    public static final String DEFAULT_APPLICATION_ID = "transfer-monitor";
    public static final int DEFAULT_METRICS_PORT = 9464;
    /** rules.file value that selects the bundled rules of the sample company. */
    public static final String SAMPLE_RULES = "sample";
    private static final Set<String> GUARANTEES = Set.of("exactly_once_v2", "at_least_once");

    public MonitorConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ConfigException("no Kafka bootstrap servers: give --bootstrap-servers, TM_BOOTSTRAP_SERVERS, "
                    + "bootstrap.servers in the config file, or use --embedded-broker");
        }
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
            throw new ConfigException("application.id must be letters, digits, '.', '_' or '-', got '" + applicationId + "'");
        }
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(topics, "topics");
        if (!GUARANTEES.contains(processingGuarantee)) {
            throw new ConfigException("processing.guarantee must be one of " + GUARANTEES + ", got '" + processingGuarantee + "'");
        }
        kafka = Map.copyOf(kafka);
    }

    public static MonitorConfig from(Settings s) {
        RuleSet base = rulesFile(s.get("rules.file"));
        String accounts = s.get("rules.organisation.accounts");
        RuleSet rules = new RuleSet(
                s.get("rules.version", base.version()),
                base.restrictedClasses(),
                accounts == null ? base.organisationAccounts()
                        : Arrays.stream(accounts.split(",")).map(String::strip).filter(a -> !a.isEmpty()).collect(Collectors.toSet()),
                s.getBoolean("rules.fail.closed", base.failClosedOnUnknown()),
                s.getDuration("rules.max.future.skew", base.maxFutureSkew()),
                base.earliestEventTime(),
                base.volume(),
                base.dataClasses(),
                base.failClosedOnUnknownIdentity(),
                base.quietPeriod());
        Topics topics;
        try {
            topics = Topics.withPrefix(s.get("topic.prefix", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("topic.prefix: " + e.getMessage(), e);
        }
        return new MonitorConfig(
                s.get("bootstrap.servers"),
                s.get("application.id", DEFAULT_APPLICATION_ID),
                Path.of(s.get("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "transfer-monitor-state").toString())),
                topics,
                s.getInt("topic.partitions", 6, 1, 10_000),
                (short) s.getInt("topic.replication.factor", 3, 1, 32),
                s.getBoolean("create.topics", true),
                s.get("processing.guarantee", "exactly_once_v2"),
                s.getInt("num.stream.threads", 1, 1, 64),
                s.getInt("num.standby.replicas", 0, 0, 8),
                s.getDuration("commit.interval", Duration.ofMillis(100)),
                rules,
                s.get("metrics.host", "0.0.0.0"),
                s.getInt("metrics.port", DEFAULT_METRICS_PORT, 0, 65_535),
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
        return new MonitorConfig(bootstrapServers, applicationId, stateDir, topics, partitions, replicationFactor, createTopics,
                processingGuarantee, streamThreads, standbyReplicas, commitInterval, Objects.requireNonNull(newRules, "rules"),
                metricsHost, metricsPort, kafka);
    }

    /** Kafka properties for any client: bootstrap servers plus the pass-through ones. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new TreeMap<>(kafka);
        props.put("bootstrap.servers", bootstrapServers);
        return props;
    }
}
