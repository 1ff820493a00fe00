package dev.transfermonitor.sources.pgaudit;

import dev.transfermonitor.sources.JsonPayloads;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 records as PostgreSQL's csvlog writes them: fields separated by commas, quoted with
 * doubled quotes inside, newlines allowed in quoted fields, a record ending at a newline
 * ({@code \n} or {@code \r\n}) outside quotes. A record that does not parse, or has a column
 * count csvlog never writes, is reported and reading resumes at the next line that starts with
 * a {@code log_time} ({@code 2015-08-12 16:13:44}), so a broken line costs itself only, as
 * {@link JsonPayloads} resyncs. Blank lines are no records.
 */
final class CsvLog {

    /** Far above a logged statement of any sense; a longer record is not held. */
    static final int MAX_RECORD = 4 * 1024 * 1024;
    /** csvlog writes 26 at most; a record with more is no csvlog record. */
    static final int MAX_FIELDS = 32;

    /** What the reader found. */
    interface Handler {
        /**
         * One record's fields, and its text for a dead letter.
         *
         * @return false when the record is not of the expected shape: it is then reported as
         *     broken by the handler itself and reading resyncs from its first line
         */
        boolean record(List<String> fields, String raw);

        void broken(String reason, String raw);
    }

    /** One parsed record, or why not, and where the next one starts. */
    record Parsed(List<String> fields, String error, int end) {}

    private CsvLog() {}

    static void read(String text, Handler handler) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                i++;
                continue;
            }
            if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                i += 2;
                continue;
            }
            Parsed p = parse(text, i, MAX_FIELDS, MAX_RECORD);
            if (p.error() == null && handler.record(p.fields(), raw(text, i, p.end()))) {
                i = p.end();
                continue;
            }
            int next = nextStart(text, i + 1);
            if (p.error() != null) {
                handler.broken(p.error(), raw(text, i, next));
            }
            i = next;
        }
    }

    /**
     * The record at {@code from}, up to its newline or the end of the text.
     *
     * @param maxFields more fields than this are an error
     * @param maxLength more characters than this are an error
     */
    static Parsed parse(String text, int from, int maxFields, int maxLength) {
        int n = text.length();
        int limit = (int) Math.min(n, (long) from + maxLength);
        List<String> fields = new ArrayList<>(26);
        StringBuilder quoted = new StringBuilder();
        int i = from;
        while (true) {
            if (fields.size() >= maxFields) {
                return new Parsed(null, "more than " + maxFields + " fields", i);
            }
            if (i < n && text.charAt(i) == '"') {
                quoted.setLength(0);
                i++;
                while (true) {
                    int q = text.indexOf('"', i);
                    if (q < 0 || q >= limit) {
                        return new Parsed(
                                null,
                                limit < n ? "a record longer than " + maxLength + " characters" : "an unclosed quote",
                                limit);
                    }
                    quoted.append(text, i, q);
                    if (q + 1 < n && text.charAt(q + 1) == '"') {
                        quoted.append('"');
                        i = q + 2;
                    } else {
                        i = q + 1;
                        break;
                    }
                }
                fields.add(quoted.toString());
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && !crlf(text, i)) {
                    return new Parsed(null, "text after a closing quote", i);
                }
            } else {
                int start = i;
                while (i < n && i < limit) {
                    char c = text.charAt(i);
                    if (c == ',' || c == '\n' || crlf(text, i)) {
                        break;
                    }
                    if (c == '"') {
                        return new Parsed(null, "a quote inside an unquoted field", i);
                    }
                    i++;
                }
                if (i >= limit && limit < n) {
                    return new Parsed(null, "a record longer than " + maxLength + " characters", limit);
                }
                fields.add(text.substring(start, i));
            }
            if (i >= n) {
                return new Parsed(fields, null, n);
            }
            char c = text.charAt(i);
            if (c == ',') {
                i++;
                continue;
            }
            return new Parsed(fields, null, i + (c == '\n' ? 1 : 2));
        }
    }

    private static boolean crlf(String text, int i) {
        return text.charAt(i) == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
    }

    /** The start of the next line that opens a csvlog record ({@code dddd-dd-dd dd:dd:dd}), or the end. */
    static int nextStart(String text, int from) {
        int i = Math.max(from, 1);
        while (true) {
            int newline = text.indexOf('\n', i - 1);
            if (newline < 0 || newline + 1 >= text.length()) {
                return text.length();
            }
            if (newline + 1 >= i && startsRecord(text, newline + 1)) {
                return newline + 1;
            }
            i = newline + 2;
        }
    }

    private static boolean startsRecord(String s, int i) {
        if (i + 19 > s.length()) {
            return false;
        }
        for (int k = 0; k < 19; k++) {
            char c = s.charAt(i + k);
            boolean ok = switch (k) {
                case 4, 7 -> c == '-';
                case 10 -> c == ' ';
                case 13, 16 -> c == ':';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String raw(String text, int start, int end) {
        return text.substring(start, Math.min(end, start + JsonPayloads.MAX_RAW));
    }
}
