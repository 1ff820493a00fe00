package dev.transfermonitor.bench.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transfermonitor.bench.ThreadCpu;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts {@link FlinkPeerMain} in a JVM of its own: flink-connector-kafka 5.0.0-2.2's
 * exactly-once sink calls kafka-clients internals that changed in 4.3 (NoSuchMethodError on
 * {@code TransactionalRequestResult.await()}), so the peer gets the kafka-clients it was built
 * against (target/flink-lib, ahead of the rest of the classpath) while our broker stays 4.3.1.
 */
public final class FlinkProcess {

    /** The job's wall time and the child JVM's CPU per thread group over it (sampled in the child). */
    public record Result(Duration elapsed, ThreadCpu.Usage cpu) {}

    private FlinkProcess() {}

    /** Runs the peer on {@code settings}, the monitor's (written to {@code settingsFile} for the child). */
    public static Result run(
            Map<String, String> settings,
            Path settingsFile,
            String alertTopic,
            int parallelism,
            boolean exactlyOnce,
            Duration checkpointInterval,
            Path checkpoints,
            String runId,
            PrintStream log)
            throws IOException, InterruptedException {
        Properties props = new Properties();
        props.putAll(settings);
        try (Writer out = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
            props.store(out, "the monitor's settings, for the Flink peer's rules, topics and broker");
        }
        Path jar = ownJar();
        Path target = jar.getParent();
        List<String> classpath = new ArrayList<>();
        try (Stream<Path> jars = Files.list(target.resolve("flink-lib"))) {
            jars.map(Path::toString).sorted().forEach(classpath::add);
        }
        // The jar's manifest brings target/lib, where kafka-clients 4.3.1 comes after the 4.2.0 above.
        classpath.add(jar.toString());
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(
                java,
                "-Xmx2g",
                "-cp",
                String.join(File.pathSeparator, classpath),
                FlinkPeerMain.class.getName(),
                settingsFile.toString(),
                alertTopic,
                String.valueOf(parallelism),
                String.valueOf(exactlyOnce),
                String.valueOf(checkpointInterval.toMillis()),
                checkpoints.toString(),
                runId);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String elapsed = null;
        String cpu = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("elapsed-nanos ")) {
                    elapsed = line.substring("elapsed-nanos ".length()).trim();
                } else if (line.startsWith("cpu-json ")) {
                    cpu = line.substring("cpu-json ".length());
                } else if (!line.contains("WARN")
                        && !line.isBlank()
                        && !line.startsWith("\tat ")
                        // a bounded job's last checkpoints are declined while its tasks finish
                        && !line.contains("CheckpointException")) {
                    log.println("    flink: " + line);
                }
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        int exit = process.exitValue();
        if (exit != 0 || elapsed == null) {
            throw new IllegalStateException("the Flink peer failed (exit " + exit + ")");
        }
        return new Result(
                Duration.ofNanos(Long.parseLong(elapsed)),
                cpu == null ? null : new ObjectMapper().readValue(cpu, ThreadCpu.Usage.class));
    }

    private static Path ownJar() {
        try {
            Path location = Path.of(FlinkProcess.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!location.toString().endsWith(".jar")) {
                throw new IllegalStateException("run the peer from target/benchmarks.jar (found " + location + ")");
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
