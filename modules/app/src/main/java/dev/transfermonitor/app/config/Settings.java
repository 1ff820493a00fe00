package dev.transfermonitor.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raw settings from the three sources, later ones winning: a properties file, then
 * {@code TM_*} environment variables ({@code TM_BOOTSTRAP_SERVERS} is bootstrap.servers,
 * {@code TM_KAFKA_SASL_JAAS_CONFIG} is kafka.sasl.jaas.config), then flags. A value of the
 * form {@code ${env:NAME}} or {@code ${file:/path}} is read from there, so secrets need not
 * sit in the file. Keys under {@code kafka.} pass through to every Kafka client.
 */
public final class Settings {

    public static final String KAFKA_PREFIX = "kafka.";
    static final Set<String> KNOWN = Set.of(
            "bootstrap.servers", "application.id", "state.dir", "topic.prefix", "topic.partitions",
            "topic.replication.factor", "processing.guarantee", "num.stream.threads", "num.standby.replicas",
            "commit.interval", "rules.file", "rules.version", "rules.organisation.accounts", "rules.fail.closed",
            "rules.max.future.skew", "create.topics", "metrics.host", "metrics.port");

    /** TM_* variables that belong to the launcher and logging, not to the monitor's settings. */
    static final Set<String> NOT_SETTINGS = Set.of("TM_LOG_LEVEL", "TM_KAFKA_LOG_LEVEL", "TM_LOG_FORMAT", "TM_JAVA_OPTS");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new TreeMap<>();
    private final Set<String> secrets = new TreeSet<>();

    public static Settings load(Path file, Map<String, String> environment, Map<String, String> flags) {
        Settings settings = new Settings();
        if (file != null) {
            settings.readFile(file);
        }
        environment.forEach((name, value) -> {
            if (name.startsWith("TM_") && name.length() > 3 && !NOT_SETTINGS.contains(name)) {
                String key = name.substring(3).toLowerCase(Locale.ROOT).replace('_', '.');
                settings.put(key, value, "environment variable " + name);
            }
        });
        flags.forEach((key, value) -> settings.put(key, value, "flag for " + key));
        return settings;
    }

    private void readFile(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ConfigException(file + ": cannot read the configuration file (missing or not readable)");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": cannot parse as a properties file: " + e.getMessage(), e);
        }
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            put(key, properties.getProperty(key), file + " key '" + key + "'");
        }
    }

    private void put(String key, String value, String origin) {
        if (!KNOWN.contains(key) && !key.startsWith(KAFKA_PREFIX)) {
            throw new ConfigException(origin + ": unknown setting '" + key + "' (known: "
                    + String.join(", ", new TreeSet<>(KNOWN)) + ", or kafka.<client property>)");
        }
        values.put(key, resolve(value, origin, key));
        origins.put(key, origin);
    }

    private String resolve(String value, String origin, String key) {
        String v = value.strip();
        if (v.startsWith("${env:") && v.endsWith("}")) {
            String name = v.substring(6, v.length() - 1);
            String resolved = System.getenv(name);
            if (resolved == null) {
                throw new ConfigException(origin + ": environment variable " + name + " is not set");
            }
            secrets.add(key);
            return resolved;
        }
        if (v.startsWith("${file:") && v.endsWith("}")) {
            Path path = Path.of(v.substring(7, v.length() - 1));
            try {
                secrets.add(key);
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ConfigException(origin + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return v;
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public String get(String key) {
        return values.get(key);
    }

    public int getInt(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new ConfigException(origins.get(key) + ": " + key + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(origins.get(key) + ": " + key + " must be a whole number, got '" + v + "'", e);
        }
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(origins.get(key) + ": " + key + " must be true or false, got '" + v + "'");
        };
    }

    public java.time.Duration getDuration(String key, java.time.Duration fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(origins.get(key) + ": " + e.getMessage(), e);
        }
    }

    /** The pass-through Kafka client properties, without their prefix. */
    public Map<String, String> kafka() {
        Map<String, String> kafka = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KAFKA_PREFIX)) {
                kafka.put(k.substring(KAFKA_PREFIX.length()), v);
            }
        });
        return kafka;
    }

    /** Keys whose values must never be printed: read from a secret source or named like a secret. */
    public boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return secrets.contains(key) || k.contains("password") || k.contains("secret") || k.contains("jaas")
                || k.contains("token") || k.endsWith(".key");
    }
}
