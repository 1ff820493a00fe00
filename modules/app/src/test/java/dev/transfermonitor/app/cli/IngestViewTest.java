package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.ingest.IngestInputs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IngestViewTest {

    @Test
    void aFileNameSomeoneElseChoseIsEscapedOnTheTerminal() {
        StringWriter err = new StringWriter();
        IngestView view = new IngestView(new PrintWriter(err, true), true, 1000);
        IngestInputs.Input hostile = new IngestInputs.Input("logs/\u001b]0;owned\u0007.json", Path.of("x"), 1000);

        view.reading(hostile, 0, 1);
        String line = view.render(500, 1200, 2_000_000_000L);
        view.unreadable(hostile, "bad\nline");

        assertThat(line)
                .startsWith("ingest [===============>              ]  50%  logs/\\u{1B}]0;owned\\u{7}.json")
                .contains("1,200 records", "600 records/s");
        assertThat(err.toString()).doesNotContain("\u001b", "bad\nline").contains("bad\\u{A}line");
    }
}
