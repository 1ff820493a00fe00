package dev.transfermonitor.app.system;

import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code transfer-monitor} commands for the resilience tests: the broker ({@code broker}) and
 * the monitors ({@code run}) as child JVMs from the test classpath ({@link ManagedProcess}es,
 * killed at the latest when the test JVM exits), and the one-shot tools ({@code reference load},
 * {@code replay}, {@code audit verify}) inside the test JVM.
 */
final class AppJvm {

    private AppJvm() {}

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** {@code transfer-monitor broker} on a fixed port and data directory; returns once it accepts clients. */
    static ManagedProcess broker(String name, Path dir, int port, Path dataDir) {
        ManagedProcess broker = ManagedProcess.start(
                name, dir, command("broker", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        try {
            awaitLog(broker, "Kafka broker at ", Duration.ofSeconds(60));
        } catch (RuntimeException | Error e) {
            broker.kill();
            throw e;
        }
        return broker;
    }

    /** {@code transfer-monitor run} against {@code bootstrap}, its settings in {@code config}, plus {@code extra} arguments. */
    static List<String> monitorCommand(
            String bootstrap, Path config, String applicationId, Path stateDir, int metricsPort, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "-b",
                bootstrap,
                "-c",
                config.toString(),
                "--application-id",
                applicationId,
                "--state-dir",
                stateDir.toString(),
                "--metrics-port",
                Integer.toString(metricsPort)));
        args.addAll(List.of(extra));
        return command(args.toArray(String[]::new));
    }

    /**
     * A command that runs to its end inside the test JVM (a JVM start less), its standard output
     * and error captured together. Only for commands that end on their own.
     */
    static synchronized Tools.Result inProcess(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            int exit = Main.run(args);
            capture.flush();
            return new Tools.Result(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    static void awaitLog(ManagedProcess process, String text, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            process.requireAlive();
            if (!read(process.log()).contains(text)) {
                throw new AssertionError("no '" + text + "' yet; " + process.tail());
            }
        });
    }

    static int occurrences(ManagedProcess process, String text) {
        String log = read(process.log());
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    /** /health of a monitor: 200 while alive. */
    static int health(int metricsPort) {
        try {
            return Http.get(URI.create("http://127.0.0.1:" + metricsPort + "/health"))
                    .statusCode();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    static String metrics(int metricsPort) {
        return Http.get(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                .body();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
