package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.detection.rulesfile.Durations;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time on the command line: an ISO-8601 instant, with offset, a date (its start,
 * UTC), {@code now}, or a time ago such as {@code 24h} or {@code 7d}.
 */
public final class TimeArgument implements ITypeConverter<Instant> {

    static final String FORMS =
            "an ISO-8601 instant (2026-11-01T09:30:00Z), with an offset (2026-11-01T18:30:00+09:00), "
                    + "a date (2026-11-01, its start in UTC), now, or a time ago (24h, 7d)";

    @Override
    public Instant convert(String value) {
        return parse(value, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * For a command that reads several times with one clock reading: a bad one is a usage error
     * that names the option.
     */
    static Instant parseOption(String option, String text, Instant now) {
        try {
            return parse(text, now);
        } catch (TypeConversionException e) {
            throw new ConfigException(option + ": " + e.getMessage());
        }
    }

    /** {@code now} is the moment relative times count back from, so that one command uses one clock reading. */
    public static Instant parse(String value, Instant now) {
        String text = value.strip();
        try {
            if (text.equalsIgnoreCase("now")) {
                return now;
            }
            if (text.length() == 10 && text.charAt(4) == '-') {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.contains("T")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            return now.minus(Durations.parse(text));
        } catch (DateTimeException | IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a time: expected " + FORMS);
        }
    }
}
