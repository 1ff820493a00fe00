package dev.transfermonitor.sources.pgaudit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real csvlog records under test resources (see NOTICE there), and variants of them. */
public final class PgFixtures {

    /** Session 55cb70b8.585a, lines 1 to 10: connection, SELECTs (table and view), an INSERT. */
    public static final String SESSION = "pgaudit-analyze-csvlog-read-write-session.csv";
    /** pgaudit's regression output with log_rows on: OBJECT and SESSION lines of one SELECT, 3 rows. */
    public static final String SELECT_LOG_ROWS = "pgaudit-expected-select-log-rows.log";
    /** The same for COPY account TO stdout, logged without its relation. */
    public static final String COPY_TO_STDOUT = "pgaudit-expected-copy-to-stdout.log";

    private PgFixtures() {}

    public static String text(String path) {
        try (InputStream in = PgFixtures.class.getResourceAsStream("/pgaudit/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's records, each as its fields, in order. */
    public static List<List<String>> records(String path) {
        String text = text(path);
        List<List<String>> records = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            CsvLog.Parsed p = CsvLog.parse(text, i, CsvLog.MAX_FIELDS, CsvLog.MAX_RECORD);
            if (p.error() != null) {
                throw new IllegalStateException("fixture " + path + " does not parse at " + i + ": " + p.error());
            }
            records.add(new ArrayList<>(p.fields()));
            i = p.end();
        }
        return records;
    }

    /** A record of the session fixture by its session_line_num (1 to 10), to change. */
    public static List<String> line(int sessionLine) {
        return new ArrayList<>(records(SESSION).get(sessionLine - 1));
    }

    /** One record as csvlog writes it: quoted where it must be, with its newline. */
    public static String csv(List<String> fields) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            String f = fields.get(i);
            boolean quote = f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0;
            out.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
        }
        return out.append('\n').toString();
    }

    /** A record with one field set. */
    public static List<String> with(List<String> fields, int index, String value) {
        List<String> changed = new ArrayList<>(fields);
        changed.set(index, value);
        return changed;
    }
}
