package dev.transfermonitor.sources;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Event times as audit logs and their exports write them, read without exceptions on the hot
 * path: {@code 2026-12-02T10:00:00Z} (CloudTrail, Cloud Logging's RFC 3339 {@code timestamp}),
 * {@code 2026-12-02 10:00:00} (Lake rows, Panther), each with 0 to 9 fraction digits and an
 * optional {@code Z}; and PostgreSQL's {@code 2026-12-02 10:00:00.123 UTC} (csvlog's
 * {@code log_time}), whose zone is {@code UTC}, {@code GMT} or a numeric offset
 * ({@code +03}, {@code -0530}, {@code +05:30}) after a space. Other zone abbreviations
 * ({@code CET}, {@code EST}) are ambiguous and give null. Anything else goes to
 * {@link Instant#parse} (ISO with an offset, say) or is null.
 */
public final class Times {

    private Times() {}

    public static Instant parse(String text) {
        Instant fast = fast(text);
        if (fast != null || text.length() > 40) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    /** {@code uuuu-MM-dd[T ]HH:mm:ss[.f{1,9}][Z| UTC| GMT| ±HH[[:]MM]]}, or null. */
    static Instant fast(String s) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != ' ') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offset = 0;
        if (i < n && s.charAt(i) == 'Z') {
            i++;
        } else if (i < n && s.charAt(i) == ' ') {
            offset = zone(s, i + 1);
            if (offset == NO_ZONE) {
                return null;
            }
            i = n;
        }
        if (i != n) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offset, nanos);
        } catch (DateTimeException impossibleDate) {
            return null;
        }
    }

    private static final int NO_ZONE = Integer.MIN_VALUE;

    /** The zone at {@code from} to the end, as seconds east of UTC: UTC, GMT, ±HH, ±HHMM, ±HH:MM. */
    private static int zone(String s, int from) {
        String zone = s.substring(from);
        if (zone.equals("UTC") || zone.equals("GMT")) {
            return 0;
        }
        int n = zone.length();
        if ((n != 3 && n != 5 && n != 6) || (zone.charAt(0) != '+' && zone.charAt(0) != '-')) {
            return NO_ZONE;
        }
        int hours = digits(zone, 1, 2);
        int minutes = n == 3 ? 0 : n == 5 ? digits(zone, 3, 2) : zone.charAt(3) == ':' ? digits(zone, 4, 2) : -1;
        if (hours < 0 || minutes < 0 || hours > 18 || minutes > 59) {
            return NO_ZONE;
        }
        int seconds = hours * 3_600 + minutes * 60;
        return zone.charAt(0) == '-' ? -seconds : seconds;
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
