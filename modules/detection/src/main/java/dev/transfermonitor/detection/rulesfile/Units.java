package dev.transfermonitor.detection.rulesfile;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the quantities of the rules file as people write them: whole numbers with optional
 * '_' between digits, byte sizes (1048576, 500MB, 1GiB) and instants (2027-01-01T00:00:00Z,
 * 2027-01-01); durations are {@link Durations}, shared with the configuration. Each method
 * throws IllegalArgumentException whose message says what was expected, for the caller to put
 * behind the file, line and field.
 */
final class Units {

    static final String BYTES_EXAMPLES = "a byte size such as 1048576, 500MB or 1GiB";
    static final String INSTANT_EXAMPLES =
            "a time with its offset such as 2027-01-01T00:00:00Z, or a date such as 2027-01-01 (midnight UTC)";

    private static final Pattern WHOLE = Pattern.compile("-?[0-9](_?[0-9])*");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9](_?[0-9])*(\\.[0-9]+)?");
    private static final Pattern BYTE_SIZE =
            Pattern.compile("(-?[0-9](?:_?[0-9])*(?:\\.[0-9]+)?)\\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?");

    // Decimal units are powers of 1000 and binary ones powers of 1024, as IEC 80000-13 has it.
    private static final Map<String, Long> BYTE_UNITS = Map.of(
            "b",
            1L,
            "kb",
            1_000L,
            "mb",
            1_000_000L,
            "gb",
            1_000_000_000L,
            "tb",
            1_000_000_000_000L,
            "kib",
            1L << 10,
            "mib",
            1L << 20,
            "gib",
            1L << 30,
            "tib",
            1L << 40);

    private Units() {}

    static long wholeNumber(String text) {
        String s = text.strip();
        if (!WHOLE.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a whole number, got " + quote(text));
        }
        try {
            return Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the number " + quote(text) + " is too large", e);
        }
    }

    static double decimal(String text) {
        String s = text.strip();
        if (!DECIMAL.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a number such as 6 or 4.5, got " + quote(text));
        }
        return Double.parseDouble(s.replace("_", ""));
    }

    /**
     * Bytes: a plain number, or a number and a unit, any case: B; KB, MB, GB, TB (powers of
     * 1000); KiB, MiB, GiB, TiB (powers of 1024). Fractions are allowed when the result is a
     * whole number of bytes (1.5GB).
     */
    static long bytes(String text) {
        Matcher m = BYTE_SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected " + BYTES_EXAMPLES
                    + " (KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB powers of 1024), got " + quote(text));
        }
        long unit = m.group(2) == null ? 1L : BYTE_UNITS.get(m.group(2));
        BigDecimal value = new BigDecimal(m.group(1).replace("_", "")).multiply(BigDecimal.valueOf(unit));
        try {
            return value.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            String why = value.stripTrailingZeros().scale() > 0 ? " is not a whole number of bytes" : " is too large";
            throw new IllegalArgumentException(quote(text) + why, e);
        }
    }

    /**
     * A point in time: ISO-8601 with an offset ({@code Z} or {@code +09:00}), or a bare date,
     * read as midnight UTC. A date and time without an offset is refused: its meaning would
     * depend on the machine's time zone.
     */
    static Instant instant(String text) {
        String s = text.strip();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                notADate.addSuppressed(notWithOffset);
                throw new IllegalArgumentException("expected " + INSTANT_EXAMPLES + ", got " + quote(text), notADate);
            }
        }
    }

    /** The value as it may appear in a message: quoted, one line, shortened. */
    static String quote(String text) {
        String oneLine = text.replace('\r', ' ').replace('\n', ' ');
        return '"' + (oneLine.length() > 40 ? oneLine.substring(0, 40) + "..." : oneLine) + '"';
    }
}
