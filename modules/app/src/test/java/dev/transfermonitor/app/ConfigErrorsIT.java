package dev.transfermonitor.app;

import dev.transfermonitor.app.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code transfer-monitor run} with a broken configuration, as a real process: exit code 2 and
 * exactly one line on standard error that names the problem (and its file, line and field where
 * there is one), no stack trace and no log noise. Nothing here reaches Kafka: port 1 refuses.
 */
class ConfigErrorsIT {

    @TempDir
    Path dir;

    /** @param mustName what the line must name, or each line in turn when there are several problems */
    private record Case(List<String> args, List<String> mustName, int problems) {
        Case(List<String> args, List<String> mustName) {
            this(args, mustName, 1);
        }
    }

    @Test
    void eachConfigurationErrorIsOneLineOnStandardErrorAndExitCodeTwo() throws Exception {
        Path rulesUnknownKey = write("unknown-key.yml", "version: \"t-1\"\nburst:\n  window: 10m\n  windw: 10m\n");
        Path rulesUnknownSection = write("unknown-section.yml", "version: \"t-1\"\nalerting: {}\n");
        Path rulesBadDuration = write("bad-duration.yml", "version: \"t-1\"\nslowExfiltration:\n  horizon: 30 days\n");
        Path configBadDuration =
                write("bad-duration.properties", "bootstrap.servers=127.0.0.1:1\ncommit.interval=10 minutes\n");
        Path configUnknownKey = write("unknown-key.properties", "bootstrap.servers=127.0.0.1:1\ncommit.intervall=1s\n");
        Path notUtf8 = dir.resolve("latin1.yml");
        Files.write(notUtf8, new byte[] {'v', 'e', 'r', 's', 'i', 'o', 'n', ':', ' ', (byte) 0xE9, '\n'});
        Path rulesTwoProblems = write("two.yml", "version: \"t-1\"\nburst:\n  windw: 10m\n  grace: xx\n");
        Path noBootstrap = write("no-bootstrap.properties", "application.id=tm\n");

        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put(
                "unknown key in the rules file",
                new Case(
                        run("--rules", rulesUnknownKey.toString()),
                        List.of("unknown-key.yml line 4", "burst.windw", "window")));
        cases.put(
                "unknown section in the rules file",
                new Case(
                        run("--rules", rulesUnknownSection.toString()),
                        List.of("unknown-section.yml line 2", "alerting")));
        cases.put(
                "bad duration in the rules file",
                new Case(
                        run("--rules", rulesBadDuration.toString()),
                        List.of("bad-duration.yml line 3", "slowExfiltration.horizon", "30 days")));
        cases.put(
                "bad duration in the config file",
                new Case(
                        run("--config", configBadDuration.toString()),
                        List.of("bad-duration.properties", "commit.interval", "10 minutes", "not a duration")));
        cases.put(
                "unknown key in the config file",
                new Case(
                        run("--config", configUnknownKey.toString()),
                        List.of("unknown-key.properties", "commit.intervall", "unknown setting")));
        cases.put(
                "two problems in the rules file: one line each",
                new Case(
                        run("--rules", rulesTwoProblems.toString()),
                        List.of("two.yml line 3, field 'burst.windw'", "two.yml line 4, field 'burst.grace'"),
                        2));
        cases.put(
                "no bootstrap servers",
                new Case(
                        List.of("run", "--config", noBootstrap.toString()),
                        List.of("bootstrap servers", "--bootstrap-servers", "--embedded-broker")));
        cases.put(
                "missing config file",
                new Case(
                        run("--config", dir.resolve("absent.properties").toString()),
                        List.of("absent.properties", "cannot read")));
        cases.put(
                "config file is a directory",
                new Case(run("--config", dir.toString()), List.of(dir.toString(), "cannot read")));
        cases.put(
                "missing rules file",
                new Case(run("--rules", dir.resolve("absent.yml").toString()), List.of("absent.yml")));
        cases.put("rules file is a directory", new Case(run("--rules", dir.toString()), List.of(dir.toString())));
        cases.put("rules file not UTF-8", new Case(run("--rules", notUtf8.toString()), List.of("latin1.yml")));

        Map<String, CliProcess> running = new LinkedHashMap<>();
        cases.forEach((name, c) -> running.put(
                name,
                CliProcess.start(dir.resolve("p-" + running.size()), c.args().toArray(String[]::new))));
        SoftAssertions soft = new SoftAssertions();
        for (Map.Entry<String, CliProcess> p : running.entrySet()) {
            try (CliProcess process = p.getValue()) {
                int exit = process.waitFor(60);
                List<String> lines = process.stderr().lines().toList();
                soft.assertThat(exit)
                        .as("%s: exit code; stderr %s", p.getKey(), lines)
                        .isEqualTo(ExitCodes.USAGE);
                Case c = cases.get(p.getKey());
                soft.assertThat(lines)
                        .as("%s: one line per problem on stderr", p.getKey())
                        .hasSize(c.problems());
                for (int i = 0; i < Math.min(lines.size(), c.problems()); i++) {
                    soft.assertThat(lines.get(i))
                            .as(p.getKey())
                            .startsWith("transfer-monitor: ")
                            .doesNotContain("Exception", "\tat ");
                    if (c.problems() == 1) {
                        soft.assertThat(lines.get(i)).as(p.getKey()).contains(c.mustName());
                    } else {
                        soft.assertThat(lines.get(i))
                                .as(p.getKey())
                                .contains(c.mustName().get(i));
                    }
                }
            }
        }
        soft.assertAll();
    }

    private static List<String> run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-b", "127.0.0.1:1"));
        all.addAll(List.of(args));
        return all;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
