package dev.transfermonitor.detection;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.RecordKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A reference key is the writer's choice; what the monitor logs about it must stay one line, with no escape sequence. */
class LogInjectionTest {

    private static final String FORGED =
            "10.0.0.0/8\n2026-12-02 10:00:00.000 INFO  forged line\u001b]0;owned\u0007\u202e";

    private final Harness tm = Harness.sampleCompany();
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger logger = context.getLogger("dev.transfermonitor.detection.enrich.ReferenceUpdater");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final PatternLayoutEncoder layout = new PatternLayoutEncoder();

    @BeforeEach
    void capture() {
        captured.setContext(context);
        captured.start();
        logger.addAppender(captured);
        layout.setContext(context);
        layout.setPattern("%msg%n");
        layout.start();
    }

    @AfterEach
    void close() {
        logger.detachAppender(captured);
        tm.close();
    }

    @Test
    void aTombstoneKeyWithANewlineAndEscapesLogsOneEscapedLine() {
        tm.deleteReference(RecordKind.NETWORK, FORGED);

        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line)
                    .contains("invalid CIDR range '10.0.0.0/8\\u{A}2026-12-02 10:00:00.000 INFO  forged line"
                            + "\\u{1B}]0;owned\\u{7}\\u{202E}'");
            assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u0007", "\u202e");
        });
    }

    @Test
    void aRecordWithSuchAKeyLogsOneEscapedLineToo() {
        tm.referenceBytes(
                RecordKind.NETWORK,
                FORGED,
                AvroCodec.of(NetworkRange.class)
                        .encode(new NetworkRange(FORGED, "US", null, NetworkScope.UNSPECIFIED)));

        assertThat(lines())
                .singleElement()
                .satisfies(line -> assertThat(line).doesNotContain("\n", "\r", "\u001b", "\u202e"));
    }

    /** Each log event as the text appender writes it (its message and the final line break). */
    private List<String> lines() {
        return captured.list.stream()
                .map(e -> new String(layout.encode(e), StandardCharsets.UTF_8))
                .map(text -> {
                    assertThat(text).endsWith("\n");
                    return text.substring(0, text.length() - 1);
                })
                .toList();
    }
}
