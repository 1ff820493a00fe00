package dev.transfermonitor.detection.rulesfile;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of the project, shared by the rules file, the configuration and the
 * command line: a whole number with optional '_' between digits and a unit (250ms, 90s, 10m or
 * 10min, 2h, 30d), or ISO-8601 (PT5M). Errors are IllegalArgumentException with a message saying
 * what was expected, for the caller to put behind the file, line, field or option.
 */
public final class Durations {

    /** The forms, for callers that word their own message. */
    public static final String FORMS = "90s, 10m, 2h, 30d or PT5M";

    static final String EXAMPLES = "a duration such as " + FORMS;

    private static final Pattern SIMPLE = Pattern.compile("([0-9](?:_?[0-9])*)\\s*(ms|s|m|min|h|d)");

    private Durations() {}

    /** A duration of zero or more. */
    public static Duration parse(String text) {
        Duration d = signed(text);
        if (d.isNegative()) {
            throw new IllegalArgumentException(bad(text));
        }
        return d;
    }

    /**
     * As {@link #parse} but a negative ISO-8601 value passes, so that the rules file's records
     * can say why it is wrong for their field.
     */
    static Duration signed(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p") || s.startsWith("-p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            Matcher m = SIMPLE.matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException(bad(text));
            }
            long amount = Long.parseLong(m.group(1).replace("_", ""));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException(bad(text));
            };
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(bad(text), e);
        }
    }

    private static String bad(String text) {
        return "expected " + EXAMPLES + ", got " + Units.quote(text);
    }
}
