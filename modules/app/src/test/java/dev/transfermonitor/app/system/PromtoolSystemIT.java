package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deployment files as their own tools read them: Prometheus' configuration and alerting
 * rules through {@code promtool}, the compose file through {@code docker-compose config}
 * (which needs no Docker engine).
 */
class PromtoolSystemIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Path root = Tools.repoRoot();

    @Test
    void prometheusConfigurationIsValid() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        Tools.repoFile("deploy/prometheus/prometheus.yml");

        Tools.Result result = Tools.run(
                root, LIMIT, List.of(promtool.toString(), "check", "config", "deploy/prometheus/prometheus.yml"));

        assertThat(result.exit())
                .as("promtool check config:\n%s", result.output())
                .isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void alertingRulesAreValid() throws Exception {
        Path promtool = Tools.require("promtool", "prometheus");
        Tools.repoFile("deploy/prometheus/alerts.yml");

        Tools.Result result =
                Tools.run(root, LIMIT, List.of(promtool.toString(), "check", "rules", "deploy/prometheus/alerts.yml"));

        assertThat(result.exit())
                .as("promtool check rules:\n%s", result.output())
                .isZero();
        assertThat(result.output()).containsPattern("SUCCESS: [1-9][0-9]* rules found");
    }

    @Test
    void composeFileIsValid() throws Exception {
        Path compose = Tools.require("docker-compose", "docker-compose");
        Tools.repoFile("docker-compose.yml");

        Tools.Result result =
                Tools.run(root, LIMIT, List.of(compose.toString(), "-f", "docker-compose.yml", "config", "-q"));

        assertThat(result.exit())
                .as("docker-compose config -q:\n%s", result.output())
                .isZero();
    }
}
