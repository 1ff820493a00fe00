package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The text log of the shipped logback.xml: an exception message quoting input cannot forge a line. */
class TextLogEscapingTest {

    @Test
    void anExceptionMessageWithANewlineAndEscapesStaysOnItsLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        @SuppressWarnings("unchecked")
        OutputStreamAppender<ILoggingEvent> text = (OutputStreamAppender<ILoggingEvent>) root.getAppender("TEXT");
        IllegalArgumentException input = new IllegalArgumentException(
                "invalid CIDR range '10.0.0.0/8\n2026-12-02 10:00:00.000 INFO  forged line\u001b]0;owned\u0007\u202e'");
        LoggingEvent event = new LoggingEvent(
                Logger.class.getName(),
                context.getLogger("dev.transfermonitor.app.Monitor"),
                Level.ERROR,
                "The monitor stopped on an unexpected error",
                new IllegalStateException("wrapped", input),
                null);

        String logged = new String(text.getEncoder().encode(event), StandardCharsets.UTF_8);

        List<String> lines = logged.lines().toList();
        assertThat(lines.get(0)).endsWith("The monitor stopped on an unexpected error");
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: wrapped");
        assertThat(lines)
                .anySatisfy(
                        line -> assertThat(line)
                                .isEqualTo(
                                        "Caused by: java.lang.IllegalArgumentException: "
                                                + "invalid CIDR range '10.0.0.0/8\\u{A}2026-12-02 10:00:00.000 INFO  forged line\\u{1B}]0;owned\\u{7}\\u{202E}'"));
        assertThat(lines).noneMatch(line -> line.startsWith("2026-12-02"));
        assertThat(logged).doesNotContain("\u001b", "\u0007", "\u202e");
        assertThat(lines.stream().filter(line -> line.startsWith("\tat "))).isNotEmpty();
    }
}
