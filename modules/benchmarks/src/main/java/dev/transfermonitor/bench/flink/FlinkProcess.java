package dev.transfermonitor.bench.flink;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts {@link FlinkPeerMain} in a JVM of its own: flink-connector-kafka 5.0.0-2.2's
 * exactly-once sink calls kafka-clients internals that changed in 4.3 (NoSuchMethodError on
 * {@code TransactionalRequestResult.await()}), so the peer gets the kafka-clients it was built
 * against (target/flink-lib, ahead of the rest of the classpath) while our broker stays 4.3.1.
 */
public final class FlinkProcess {

    private FlinkProcess() {}

    public static Duration run(
            String bootstrapServers,
            String topicPrefix,
            String alertTopic,
            int parallelism,
            boolean exactlyOnce,
            Path checkpoints,
            String runId,
            PrintStream log)
            throws IOException, InterruptedException {
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
                bootstrapServers,
                topicPrefix,
                alertTopic,
                String.valueOf(parallelism),
                String.valueOf(exactlyOnce),
                checkpoints.toString(),
                runId);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String last = null;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("elapsed-nanos ")) {
                    last = line;
                } else if (!line.contains("WARN") && !line.isBlank() && !line.startsWith("\tat ")) {
                    log.println("    flink: " + line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || last == null) {
            throw new IllegalStateException("the Flink peer failed (exit " + exit + ")");
        }
        return Duration.ofNanos(
                Long.parseLong(last.substring("elapsed-nanos ".length()).trim()));
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
