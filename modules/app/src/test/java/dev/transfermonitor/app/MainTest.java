package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line's contract: help for every command, exit code 2 for bad configuration. */
class MainTest {

    @Test
    void everyCommandExplainsItself() {
        for (String command : new String[] {
            "demo", "run", "produce", "alerts", "reference", "simulate", "replay", "report", "audit", "broker"
        }) {
            String out =
                    Console.out(() -> assertThat(Main.run(command, "--help")).isZero());
            assertThat(out).as(command).contains("Usage: transfer-monitor " + command);
        }
    }

    @Test
    void badConfigurationExitsWithCodeTwoAndOneLine() {
        String err = Console.err(() -> assertThat(Main.run("run", "--config", "/nonexistent/tm.properties"))
                .isEqualTo(2));
        assertThat(err.strip().lines())
                .singleElement()
                .asString()
                .contains("/nonexistent/tm.properties", "cannot read");
    }

    @Test
    void aBadRulesFileNamesItsLineAndFieldAndExitsWithTwo(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.yml"), """
                version: "test-1"
                burst:
                  windw: 10m
                """);

        String err = Console.err(() -> assertThat(Main.run("run", "-b", "127.0.0.1:1", "--rules", rules.toString()))
                .isEqualTo(2));

        assertThat(err).contains("rules.yml line 3", "burst.windw");
    }

    @Test
    void runWithoutBootstrapServersSaysHowToGiveThem() {
        String err = Console.err(() -> assertThat(Main.run("run")).isEqualTo(2));
        assertThat(err).contains("--bootstrap-servers", "--embedded-broker");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        String err = Console.err(
                () -> assertThat(Main.run("demo", "--durration", "5s")).isEqualTo(2));
        assertThat(err).contains("--durration");
    }

    @Test
    void aBadJsonLineNamesItsLineAndField(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("events.jsonl"), """
                # header

                {"eventId":"e-1","occurredAt":"2026-11-27T10:00:00Z","principalId":"emp-1","authMethod":"MFA","action":"READ","assetId":"a","recordCount":"many","byteCount":1}
                """);

        String err = Console.err(
                () -> assertThat(Main.run("produce", "--topic", "access", "-b", "127.0.0.1:1", file.toString()))
                        .isEqualTo(1));

        assertThat(err).contains("events.jsonl line 3, field 'recordCount'", "0 record(s) before it were sent");
    }

    @Test
    void produceRefusesTopicsOnlyTheMonitorWrites() {
        String err =
                Console.err(() -> assertThat(Main.run("produce", "--topic", "transfer.alerts.v1", "-b", "127.0.0.1:1"))
                        .isEqualTo(1));
        assertThat(err).contains("written by the monitor only");
    }
}
