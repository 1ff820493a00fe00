package dev.transfermonitor.app.config;

import dev.transfermonitor.events.Suggestions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raw settings from the three sources, later ones winning: a properties file, then
 * {@code TM_*} environment variables ({@code TM_BOOTSTRAP_SERVERS} is bootstrap.servers,
 * {@code TM_KAFKA_SASL_JAAS_CONFIG} is kafka.sasl.jaas.config), then flags; read as the types
 * {@link SettingsRegistry} declares. A value of the form {@code ${env:NAME}} or
 * {@code ${file:/path}} is read from there, so secrets need not sit in the file, and the error
 * about a bad one names its source instead of showing it. Keys under {@code kafka.} pass through to
 * every Kafka client.
 */
public final class Settings {

    public static final String KAFKA_PREFIX = "kafka.";

    /** TM_* variables that belong to the launcher and logging, not to the monitor's settings. */
    static final Set<String> NOT_SETTINGS =
            Set.of("TM_LOG_LEVEL", "TM_KAFKA_LOG_LEVEL", "TM_LOG_FORMAT", "TM_JAVA_OPTS");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new TreeMap<>();
    /** Keys read through ${env:..} or ${file:..}, and what messages show instead of their values. */
    private final Map<String, String> hidden = new HashMap<>();

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
        if (SettingsRegistry.find(key).isEmpty() && !key.startsWith(KAFKA_PREFIX)) {
            String hint = Suggestions.closest(key, SettingsRegistry.keys());
            throw new ConfigException(origin + ": unknown setting '" + key + "' ("
                    + (hint == null ? "" : "did you mean '" + hint + "'? ") + "known: "
                    + String.join(", ", new TreeSet<>(SettingsRegistry.keys())) + ", or kafka.<client property>)");
        }
        hidden.remove(key);
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
            hidden.put(key, "the value of ${env:" + name + "}");
            return resolved;
        }
        if (v.startsWith("${file:") && v.endsWith("}")) {
            Path path = Path.of(v.substring(7, v.length() - 1));
            try {
                hidden.put(key, "the contents of ${file:" + path + "}");
                return Files.readString(path, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new ConfigException(
                        origin + ": cannot read " + path + " (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        return v;
    }

    /** The raw text given for a key, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** The value given for the setting, else its default (null when it has none). */
    public <T> T get(Setting<T> setting) {
        return given(setting).orElse(setting.defaultValue());
    }

    /** The value given for the setting, if any; for defaults decided elsewhere, such as by the rules file. */
    public <T> Optional<T> given(Setting<T> setting) {
        String key = setting.key();
        String text = values.get(key);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(setting.read(new Setting.Given(text, hidden.get(key))));
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
}
