package dev.transfermonitor.app.config;

import dev.transfermonitor.detection.rulesfile.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One setting of the monitor, declared once: its key, how its text is read, its default and what
 * it means, as the README's configuration table shows them. {@link SettingsRegistry} lists them all.
 *
 * @param <T> the type its text is read as
 */
public final class Setting<T> {

    /** Reads a setting's text; IllegalArgumentException with a message to put behind the value's origin. */
    @FunctionalInterface
    interface Reader<T> {
        T read(String key, Given value);
    }

    /**
     * A given value and how an error message may show it: itself, or, when it was read from
     * {@code ${env:..}} or {@code ${file:..}}, only where it came from.
     *
     * @param hiddenAs null, or where the value came from, shown instead of it
     */
    record Given(String text, String hiddenAs) {

        /** For messages: 'value', or where it came from. */
        String quoted() {
            return hiddenAs == null ? "'" + text + "'" : hiddenAs;
        }

        /** For messages, unquoted. */
        String plain() {
            return hiddenAs == null ? text : hiddenAs;
        }
    }

    private final String key;
    private final Reader<T> reader;
    private final T defaultValue;
    private final String shownDefault;
    private final String doc;

    private Setting(String key, Reader<T> reader, T defaultValue, String shownDefault, String doc) {
        this.key = Objects.requireNonNull(key, "key");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.defaultValue = defaultValue;
        this.shownDefault = Objects.requireNonNull(shownDefault, "shownDefault");
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    static Setting<String> text(String key, String defaultValue, String doc) {
        return new Setting<>(
                key,
                (k, value) -> value.text(),
                defaultValue,
                defaultValue == null ? "(none)" : code(defaultValue),
                doc);
    }

    static Setting<Integer> wholeNumber(String key, int defaultValue, int min, int max, String doc) {
        return new Setting<>(
                key,
                (k, value) -> {
                    int n;
                    try {
                        n = Integer.parseInt(value.text());
                    } catch (NumberFormatException notANumber) {
                        // Not chained: the parser's message would show a value that may be hidden.
                        throw new IllegalArgumentException(k + " must be a whole number, got " + value.quoted());
                    }
                    if (n < min || n > max) {
                        throw new IllegalArgumentException(
                                k + " must be between " + min + " and " + max + ", got " + value.plain());
                    }
                    return n;
                },
                defaultValue,
                code(Integer.toString(defaultValue)),
                doc);
    }

    static Setting<Boolean> trueOrFalse(String key, boolean defaultValue, String doc) {
        return new Setting<>(
                key,
                (k, value) -> switch (value.text().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on" -> true;
                    case "false", "no", "off" -> false;
                    default -> throw new IllegalArgumentException(k + " must be true or false, got " + value.quoted());
                },
                defaultValue,
                code(Boolean.toString(defaultValue)),
                doc);
    }

    /** A duration in the syntax of {@link Durations}; the default is given as text in that syntax. */
    static Setting<Duration> duration(String key, String defaultText, String doc) {
        return new Setting<>(
                key,
                (k, value) -> {
                    try {
                        return Durations.parse(value.text());
                    } catch (IllegalArgumentException notADuration) {
                        throw new IllegalArgumentException(
                                value.quoted() + " is not a duration (use e.g. " + Durations.FORMS + ")");
                    }
                },
                defaultText == null ? null : Durations.parse(defaultText),
                defaultText == null ? "(none)" : code(defaultText),
                doc);
    }

    /** A comma-separated list; blanks between commas are left out. */
    static Setting<Set<String>> list(String key, String doc) {
        return new Setting<>(
                key,
                (k, value) -> Arrays.stream(value.text().split(","))
                        .map(String::strip)
                        .filter(item -> !item.isEmpty())
                        .collect(Collectors.toSet()),
                null,
                "(none)",
                doc);
    }

    /** The same setting with its default described in words: one decided elsewhere, such as by the rules file. */
    Setting<T> shownDefault(String text) {
        return new Setting<>(key, reader, defaultValue, text, doc);
    }

    public String key() {
        return key;
    }

    /** The default; null when there is none or it is decided elsewhere (see {@link #shownDefault()}). */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default as the README's configuration table shows it (Markdown). */
    public String shownDefault() {
        return shownDefault;
    }

    /** What it means, as the README's configuration table says it (Markdown). */
    public String doc() {
        return doc;
    }

    T read(Given value) {
        return reader.read(key, value);
    }

    @Override
    public String toString() {
        return key;
    }

    private static String code(String text) {
        return "`" + text + "`";
    }
}
