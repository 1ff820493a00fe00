package dev.transfermonitor.bench.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The peer's own JVM (see {@link FlinkProcess}): runs one job, prints its CPU per thread group as
 * JSON and its wall time in nanoseconds as the last lines, for the parent to read.
 */
public final class FlinkPeerMain {

    private FlinkPeerMain() {}

    /**
     * Arguments: the monitor's settings (a properties file), alert topic, parallelism, exactly-once
     * (true|false), checkpoint interval in milliseconds, checkpoint dir, run id.
     */
    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            file.load(in);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(k -> settings.put(k, file.getProperty(k)));
        FlinkPeer.Result result = FlinkPeer.run(
                settings,
                args[1],
                Integer.parseInt(args[2]),
                Boolean.parseBoolean(args[3]),
                Duration.ofMillis(Long.parseLong(args[4])),
                Path.of(args[5]),
                args[6]);
        System.out.println("cpu-json " + new ObjectMapper().writeValueAsString(result.cpu()));
        System.out.println("elapsed-nanos " + result.elapsed().toNanos());
        System.exit(0);
    }
}
