package dev.transfermonitor.app.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Reads durations as people write them: 90s, 10m, 2h, 30d, 250ms, or ISO-8601 (PT5M). */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return nonNegative(Duration.parse(s.toUpperCase(Locale.ROOT)), text);
            }
            int split = 0;
            while (split < s.length() && Character.isDigit(s.charAt(split))) {
                split++;
            }
            if (split == 0 || split == s.length()) {
                throw new IllegalArgumentException(bad(text));
            }
            long amount = Long.parseLong(s.substring(0, split));
            return switch (s.substring(split)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m", "min" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException(bad(text));
            };
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(bad(text), e);
        }
    }

    private static Duration nonNegative(Duration d, String text) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(bad(text));
        }
        return d;
    }

    private static String bad(String text) {
        return "'" + text + "' is not a duration (use e.g. 90s, 10m, 2h, 30d or PT5M)";
    }
}
