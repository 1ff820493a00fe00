package dev.transfermonitor.bench;

import dev.transfermonitor.app.Main;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The app's {@code broker} command (the embedded single-node broker) in a JVM of its own, so that
 * its CPU, heap and JIT are not the benchmark's and can be measured apart. Stopped with SIGTERM.
 */
final class BrokerProcess implements AutoCloseable {

    static final List<String> JVM_OPTIONS = List.of("-Xmx1g", "-Xms1g");
    private static final String READY = "Kafka broker at ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final String bootstrapServers;
    private final Thread shutdownHook;

    private BrokerProcess(Process process, String bootstrapServers, Thread shutdownHook) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = shutdownHook;
    }

    /** Starts the broker with its log in {@code dataDir}, its output in {@code logFile}; returns once it serves clients. */
    static BrokerProcess start(Path dataDir, Path logFile) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(
                "-cp",
                absoluteClassPath(),
                Main.class.getName(),
                "broker",
                "--port",
                "0",
                "--data-dir",
                dataDir.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread hook = new Thread(process::destroy, "bench-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<String> address = new CompletableFuture<>();
        Thread drain = new Thread(() -> drain(process, logFile, address), "bench-harness-broker-log");
        drain.setDaemon(true);
        drain.start();
        String bootstrap;
        try {
            bootstrap = address.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            awaitClients(bootstrap);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw new IllegalStateException("the broker did not start; its output is in " + logFile, e);
        }
        return new BrokerProcess(process, bootstrap, hook);
    }

    /** This JVM's class path, absolute: with {@code -jar}, the jar's manifest brings the app and its libraries. */
    static String absoluteClassPath() {
        return String.join(
                File.pathSeparator,
                Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                        .map(p -> Path.of(p).toAbsolutePath().toString())
                        .toList());
    }

    private static void drain(Process process, Path logFile, CompletableFuture<String> address) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.println(line);
                int at = line.indexOf(READY);
                if (at >= 0 && !address.isDone()) {
                    address.complete(line.substring(at + READY.length()).split("[ ,]")[0]);
                }
            }
        } catch (IOException e) {
            address.completeExceptionally(e);
        }
        address.completeExceptionally(new IllegalStateException("the broker's output ended"));
    }

    private static void awaitClients(String bootstrap) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                ThreadCpu.HARNESS + "-admin"))) {
            admin.describeCluster().nodes().get();
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    long pid() {
        return process.pid();
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: the broker command closes the broker cleanly
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }
}
