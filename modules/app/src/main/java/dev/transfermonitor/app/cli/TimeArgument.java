package dev.transfermonitor.app.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time on the command line: an ISO-8601 instant, with offset, or a date (its start, UTC). */
public final class TimeArgument implements ITypeConverter<Instant> {

    static final String FORMS = "an ISO-8601 instant (2026-11-01T09:30:00Z), with an offset (2026-11-01T18:30:00+09:00) "
            + "or a date (2026-11-01, its start in UTC)";

    @Override
    public Instant convert(String value) {
        return parse(value);
    }

    public static Instant parse(String value) {
        String text = value.strip();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a time: expected " + FORMS);
        }
    }
}
