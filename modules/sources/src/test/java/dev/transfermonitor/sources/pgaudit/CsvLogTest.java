package dev.transfermonitor.sources.pgaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLogTest {

    private static final String T = "2015-08-12 16:13:44.887 UTC";

    /** Records as lists of fields, broken ones as {@code !reason}. */
    private static List<Object> read(String text, int width) {
        List<Object> out = new ArrayList<>();
        CsvLog.read(text, new CsvLog.Handler() {
            @Override
            public boolean record(List<String> fields, String raw) {
                if (fields.size() != width) {
                    out.add("!" + fields.size() + " fields");
                    return false;
                }
                out.add(fields);
                return true;
            }

            @Override
            public void broken(String reason, String raw) {
                out.add("!" + reason);
            }
        });
        return out;
    }

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndNewlines() {
        String text = T + ",\"a,b\",\"say \"\"hi\"\"\",\"line1\nline2\",\n" + T + ",x,,\"\",last\r\n";

        assertThat(read(text, 5))
                .containsExactly(List.of(T, "a,b", "say \"hi\"", "line1\nline2", ""), List.of(T, "x", "", "", "last"));
    }

    @Test
    void aBrokenRecordCostsItselfOnlyAndReadingResumesAtTheNextRecordLine() {
        String text = T + ",\"unclosed,x\n" + "not a record line\n" + T + ",a,b\n" + T + ",\"q\"x,b\n" + T + ",c,d";

        assertThat(read(text, 3))
                .containsExactly(
                        "!text after a closing quote",
                        List.of(T, "a", "b"),
                        "!text after a closing quote",
                        List.of(T, "c", "d"));
    }

    @Test
    void aRecordOfTheWrongWidthIsReportedOnceAndTheNextIsRead() {
        assertThat(read(T + ",a\n\n" + T + ",a,b\n", 3)).containsExactly("!2 fields", List.of(T, "a", "b"));
    }

    @Test
    void unclosedQuotesQuotesInUnquotedFieldsTooManyFieldsAndLongRecordsAreBroken() {
        assertThat(read(T + ",\"never closed", 2)).containsExactly("!an unclosed quote");
        assertThat(read(T + ",a\"b", 2)).containsExactly("!a quote inside an unquoted field");
        assertThat(read(T + ",".repeat(40), 41)).containsExactly("!more than " + CsvLog.MAX_FIELDS + " fields");
        assertThat(CsvLog.parse("a,\"" + "x".repeat(100) + "\"", 0, 10, 50).error())
                .isEqualTo("a record longer than 50 characters");
        assertThat(CsvLog.parse("a," + "x".repeat(100), 0, 10, 50).error())
                .isEqualTo("a record longer than 50 characters");
    }
}
