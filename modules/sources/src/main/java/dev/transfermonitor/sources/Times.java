package dev.transfermonitor.sources;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Event times as audit logs and their exports write them, read without exceptions on the hot
 * path: {@code 2026-12-02T10:00:00Z} (CloudTrail, Cloud Logging's RFC 3339 {@code timestamp}),
 * {@code 2026-12-02 10:00:00} (Lake rows, Panther), each with 0 to 9 fraction digits and an
 * optional {@code Z}. Anything else goes to
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

    /** {@code uuuu-MM-dd[T ]HH:mm:ss[.f{1,9}][Z]}, or null. */
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
        if (i < n && s.charAt(i) == 'Z') {
            i++;
        }
        if (i != n) {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
        } catch (DateTimeException impossibleDate) {
            return null;
        }
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
