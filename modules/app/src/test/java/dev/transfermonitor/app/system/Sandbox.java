package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.events.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A broker process ({@code transfer-monitor broker}) on a free port with its data in the test's
 * directory, the sample company's reference data loaded, a settings file for the monitors and
 * tools (with a ledger signing key), and the monitors started on it. Closing kills whatever is still running, monitors first.
 */
final class Sandbox implements AutoCloseable {

    final Path dir;
    final int port;
    final String bootstrap;
    final Path config;
    final Path kafkaData;
    final Topics topics = Topics.withPrefix("");
    private ManagedProcess broker;
    private final List<ManagedProcess> monitors = new ArrayList<>();
    private Exactness exactness;

    private Sandbox(Path dir, int port, Path config) {
        this.dir = dir;
        this.port = port;
        this.bootstrap = "127.0.0.1:" + port;
        this.config = config;
        this.kafkaData = dir.resolve("kafka");
    }

    /**
     * @param settings extra lines of the monitors' settings file, e.g. {@code processing.guarantee=at_least_once}
     */
    static Sandbox start(Path dir, String... settings) {
        Path config = dir.resolve("monitor.properties");
        Path signingKey = dir.resolve("ledger-signing.pem");
        List<String> lines = new ArrayList<>(List.of(
                "topic.partitions=4",
                "topic.replication.factor=1",
                "metrics.host=127.0.0.1",
                // Signed as a deployment signs, often enough that the tests see the last entries signed soon.
                "ledger.signing.key=" + signingKey,
                "ledger.signing.interval=1s"));
        lines.addAll(List.of(settings));
        try {
            Files.createDirectories(dir);
            SigningKeys.create(signingKey);
            Files.write(config, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sandbox sandbox = new Sandbox(dir, Tools.freePort(), config);
        try {
            sandbox.startBroker("broker");
            Tools.Result load =
                    AppJvm.inProcess("reference", "load", "--sample", "-b", sandbox.bootstrap, "-c", config.toString());
            assertThat(load.exit()).as("reference load: " + load.output()).isZero();
            sandbox.exactness = new Exactness(sandbox.bootstrap, sandbox.topics, SigningKeys.publicKeyFile(signingKey));
            return sandbox;
        } catch (RuntimeException | Error e) {
            sandbox.close();
            throw e;
        }
    }

    ManagedProcess startBroker(String name) {
        broker = AppJvm.broker(name, dir, port, kafkaData);
        return broker;
    }

    ManagedProcess broker() {
        return broker;
    }

    Exactness exactness() {
        return exactness;
    }

    /** Starts a monitor ({@code run}) and waits until it reports running. */
    ManagedProcess monitor(String name, String applicationId, Path stateDir, int metricsPort, String... extra) {
        ManagedProcess monitor = startMonitor(name, applicationId, stateDir, metricsPort, extra);
        awaitRunning(monitor);
        return monitor;
    }

    /** Starts a monitor without waiting, e.g. to start two at once; see {@link #awaitRunning}. */
    ManagedProcess startMonitor(String name, String applicationId, Path stateDir, int metricsPort, String... extra) {
        ManagedProcess monitor = ManagedProcess.start(
                name,
                dir,
                AppJvm.monitorCommand(bootstrap, config, applicationId, stateDir, metricsPort, extra),
                // INFO for the monitor's own lines: its state changes tell what it went through.
                Map.of("TM_LOG_LEVEL", "INFO"));
        monitors.add(monitor);
        return monitor;
    }

    static void awaitRunning(ManagedProcess monitor) {
        AppJvm.awaitLog(monitor, "Monitor running as", Duration.ofSeconds(120));
    }

    @Override
    public void close() {
        for (ManagedProcess m : monitors) {
            if (m.isAlive()) {
                m.kill();
            }
        }
        if (exactness != null) {
            exactness.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
