package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walk-through as processes: {@code run --embedded-broker}, then a JSON line
 * through {@code produce}, then {@code alerts --format json}.
 */
class RunEmbeddedIT {

    @TempDir
    Path dir;

    @Test
    void aProducedLineAppearsInAlerts() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String servers = "127.0.0.1:" + port;
        try (CliProcess run = CliProcess.start(
                dir.resolve("run"),
                "run",
                "--embedded-broker",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dir.resolve("data").toString())) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> run.stdout().contains("Monitor running")
                            || !run.process().isAlive());
            assertThat(run.process().isAlive())
                    .as("run died; stderr:\n%s", run.stderr())
                    .isTrue();

            String line =
                    "{\"eventId\":\"walk-1\",\"occurredAt\":\"" + Instant.now() + "\",\"principalId\":\"emp-2040\","
                            + "\"credentialId\":\"key-emp-2040-api\",\"authMethod\":\"API_KEY\",\"action\":\"EXPORT\","
                            + "\"assetId\":\"crm-db-seoul\",\"recordCount\":500,\"byteCount\":250000,\"clientIp\":\"203.0.113.77\"}\n";
            try (CliProcess produce =
                    CliProcess.start(dir.resolve("produce"), "produce", "--topic", "access", "-b", servers)) {
                produce.process().getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
                produce.process().getOutputStream().close();
                assertThat(produce.waitFor(60)).as(produce.stderr()).isZero();
                assertThat(produce.stdout()).contains("Sent 1 record(s)");
            }
            try (CliProcess alerts =
                    CliProcess.start(dir.resolve("alerts"), "alerts", "--follow", "--format", "json", "-b", servers)) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(alerts.stdout())
                                .contains("\"type\":\"INACTIVE_IDENTITY\"", "\"eventId\":\"walk-1\""));
                assertThat(alerts.terminate(30)).isNotNegative();
            }
            assertThat(run.terminate(60))
                    .as("exit code of run after SIGTERM; stderr:\n%s", run.stderr())
                    .isIn(0, 143);
            assertThat(run.stdout()).contains("Stopping");
        }
    }
}
