package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void printsAtMostOneLinePerIntervalWithTheRate() {
        StringWriter text = new StringWriter();
        AtomicLong nanos = new AtomicLong();
        Progress progress = new Progress(new PrintWriter(text), "audit verify", Duration.ofSeconds(5), nanos::get);
        progress.at("partition 2");

        progress.add(10_000);
        nanos.set(Duration.ofSeconds(4).toNanos());
        progress.maybePrint();
        assertThat(text.toString()).isEmpty();

        nanos.set(Duration.ofSeconds(5).toNanos());
        progress.maybePrint();
        progress.maybePrint();
        assertThat(text.toString())
                .isEqualTo("audit verify: partition 2, 10,000 entries (2,000 entries/s)" + System.lineSeparator());
    }
}
