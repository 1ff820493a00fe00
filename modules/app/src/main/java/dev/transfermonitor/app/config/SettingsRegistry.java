package dev.transfermonitor.app.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every setting of the monitor in one place (as Kafka's ConfigDef or Strimzi's ConfigParameter
 * declare theirs): commands and tests name settings through these constants, {@link Settings}
 * refuses keys that are not here, and the README's configuration table is checked against them.
 * Keys under {@value Settings#KAFKA_PREFIX} are not declared: they pass through to Kafka.
 */
public final class SettingsRegistry {

    public static final Setting<String> BOOTSTRAP_SERVERS = Setting.text("bootstrap.servers", null, "Kafka cluster")
            .shownDefault("(required for `run`; tools use 127.0.0.1:9092)");
    public static final Setting<String> APPLICATION_ID = Setting.text(
            "application.id",
            "transfer-monitor",
            "Kafka Streams application id; instances with the same id share the work");
    public static final Setting<String> STATE_DIR = Setting.text(
                    "state.dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "transfer-monitor-state")
                            .toString(),
                    "local state stores")
            .shownDefault("`$TMPDIR/transfer-monitor-state`");
    public static final Setting<String> TOPIC_PREFIX =
            Setting.text("topic.prefix", "", "prefix of every topic name").shownDefault("(none)");
    public static final Setting<Integer> TOPIC_PARTITIONS = Setting.wholeNumber(
            "topic.partitions", 6, 1, 10_000, "partitions of the topics the monitor creates (`create.topics=true`)");
    public static final Setting<Integer> TOPIC_REPLICATION_FACTOR = Setting.wholeNumber(
            "topic.replication.factor",
            3,
            1,
            32,
            "replication factor of the topics the monitor creates; capped at the number of brokers");
    public static final Setting<Boolean> CREATE_TOPICS = Setting.trueOrFalse(
            "create.topics",
            true,
            "create missing topics at start (needs the Create permission); `false` when a platform team creates them");
    public static final Setting<String> PROCESSING_GUARANTEE =
            Setting.text("processing.guarantee", "exactly_once_v2", "or `at_least_once`");
    public static final Setting<Integer> NUM_STREAM_THREADS =
            Setting.wholeNumber("num.stream.threads", 1, 1, 64, "Kafka Streams threads per instance");
    public static final Setting<Integer> NUM_STANDBY_REPLICAS =
            Setting.wholeNumber("num.standby.replicas", 0, 0, 8, "Kafka Streams standby replicas of each state store");
    public static final Setting<Duration> COMMIT_INTERVAL = Setting.duration(
            "commit.interval",
            "1s",
            "how long state writes, ledger entries and dead letters wait to be committed (and coalesce); an alert requests a commit, at most every 250 ms");
    public static final Setting<String> RULES_FILE = Setting.text(
                    "rules.file",
                    null,
                    "the rules file (YAML), or `" + MonitorConfig.SAMPLE_RULES
                            + "` for the sample company's; `--rules FILE`")
            .shownDefault("(built-in rules)");
    public static final Setting<String> RULES_VERSION = Setting.text("rules.version", null, "stamped on every alert")
            .shownDefault("from the rules file, else `builtin-1`");
    public static final Setting<Set<String>> RULES_ORGANISATION_ACCOUNTS = Setting.list(
                    "rules.organisation.accounts",
                    "cloud accounts that count as the organisation's besides those of the assets, comma-separated; "
                            + "replaces the rules file's list")
            .shownDefault("from the rules file, else (none)");
    public static final Setting<Boolean> RULES_FAIL_CLOSED = Setting.trueOrFalse(
                    "rules.fail.closed", true, "alert when a location cannot be resolved")
            .shownDefault("from the rules file, else `true`");
    public static final Setting<Duration> RULES_MAX_FUTURE_SKEW = Setting.duration(
                    "rules.max.future.skew", "5m", "events stamped further ahead go to the DLQ")
            .shownDefault("from the rules file, else `5m`");
    public static final Setting<Set<String>> SOURCES = Setting.list(
            "sources",
            "audit-log sources whose raw topics (`transfer.source.<name>.v1`) the monitor maps into its inputs, "
                    + "comma-separated: `cloudtrail`, `gcp-audit`, `pgaudit`, `azure-storage`, `azure-activity`, `snowflake`; "
                    + "`run --sources`");
    public static final Setting<Boolean> SOURCES_TRACK_KEYS = Setting.trueOrFalse(
            "sources.track.keys", false, "turn IAM key lifecycle records into credential updates; `run --track-keys`");
    public static final Setting<String> LEDGER_SIGNING_KEY = Setting.text(
                    "ledger.signing.key",
                    null,
                    "Ed25519 key that signs the ledger's digests: a PEM file from `audit keygen` or a PKCS#12 keystore "
                            + "(`.p12`); unset, the ledger is hash-chained but unsigned")
            .shownDefault("(none; the sandbox makes one)");
    public static final Setting<String> LEDGER_SIGNING_KEY_PASSWORD = Setting.text(
                    "ledger.signing.key.password",
                    null,
                    "password of a PKCS#12 signing key; give it as `${env:NAME}` or `${file:/path}`")
            .shownDefault("(none)");
    public static final Setting<Duration> LEDGER_SIGNING_INTERVAL = Setting.duration(
            "ledger.signing.interval",
            "60s",
            "how often each ledger partition with new entries gets a signed digest (the longest unsigned tail)");
    public static final Setting<String> METRICS_HOST =
            Setting.text("metrics.host", "0.0.0.0", "address the `/metrics`, `/health` and `/ready` endpoints bind to");
    public static final Setting<Integer> METRICS_PORT =
            Setting.wholeNumber("metrics.port", 9464, 0, 65_535, "their port; 0 picks a free one; `--metrics-port`");

    /** In the order of the README's table. */
    public static final List<Setting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            APPLICATION_ID,
            STATE_DIR,
            TOPIC_PREFIX,
            TOPIC_PARTITIONS,
            TOPIC_REPLICATION_FACTOR,
            CREATE_TOPICS,
            PROCESSING_GUARANTEE,
            NUM_STREAM_THREADS,
            NUM_STANDBY_REPLICAS,
            COMMIT_INTERVAL,
            RULES_FILE,
            RULES_VERSION,
            RULES_ORGANISATION_ACCOUNTS,
            RULES_FAIL_CLOSED,
            RULES_MAX_FUTURE_SKEW,
            SOURCES,
            SOURCES_TRACK_KEYS,
            LEDGER_SIGNING_KEY,
            LEDGER_SIGNING_KEY_PASSWORD,
            LEDGER_SIGNING_INTERVAL,
            METRICS_HOST,
            METRICS_PORT);

    private static final Map<String, Setting<?>> BY_KEY = byKey(ALL);

    private SettingsRegistry() {}

    public static Optional<Setting<?>> find(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The declared keys, in the order of {@link #ALL}. */
    public static Collection<String> keys() {
        return BY_KEY.keySet();
    }

    private static Map<String, Setting<?>> byKey(List<Setting<?>> settings) {
        Map<String, Setting<?>> map = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            if (map.put(setting.key(), setting) != null) {
                throw new IllegalStateException("setting " + setting.key() + " declared twice");
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
