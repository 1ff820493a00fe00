package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's contract: help for every command, exit code 2 for bad configuration. */
class MainTest {

    @Test
    void everyCommandExplainsItself() {
        for (String command : new String[] {"demo", "run", "produce", "alerts", "reference"}) {
            String out = capture(() -> assertThat(Main.run(command, "--help")).isZero());
            assertThat(out).as(command).contains("Usage: transfer-monitor " + command);
        }
    }

    @Test
    void badConfigurationExitsWithCodeTwoAndOneLine() {
        String err = captureErr(() -> assertThat(Main.run("run", "--config", "/nonexistent/tm.properties")).isEqualTo(2));
        assertThat(err.strip().lines()).singleElement().asString().contains("/nonexistent/tm.properties", "cannot read");
    }

    @Test
    void runWithoutBootstrapServersSaysHowToGiveThem() {
        String err = captureErr(() -> assertThat(Main.run("run")).isEqualTo(2));
        assertThat(err).contains("--bootstrap-servers", "--embedded-broker");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        String err = captureErr(() -> assertThat(Main.run("demo", "--durration", "5s")).isEqualTo(2));
        assertThat(err).contains("--durration");
    }

    private static String capture(Runnable action) {
        return redirect(action, false);
    }

    private static String captureErr(Runnable action) {
        return redirect(action, true);
    }

    private static synchronized String redirect(Runnable action, boolean err) {
        PrintStream original = err ? System.err : System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        if (err) {
            System.setErr(capture);
        } else {
            System.setOut(capture);
        }
        try {
            action.run();
        } finally {
            if (err) {
                System.setErr(original);
            } else {
                System.setOut(original);
            }
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
