package dev.transfermonitor.bench.flink;

import dev.transfermonitor.events.Topics;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The peer's own JVM (see {@link FlinkProcess}): runs one job and prints its wall time in
 * nanoseconds as the last line, for the parent to read.
 */
public final class FlinkPeerMain {

    private FlinkPeerMain() {}

    /** Arguments: bootstrap servers, topic prefix, alert topic, parallelism, exactly-once (true|false), checkpoint dir, run id. */
    public static void main(String[] args) throws Exception {
        Duration took = FlinkPeer.run(
                args[0],
                Topics.withPrefix(args[1]),
                args[2],
                Integer.parseInt(args[3]),
                Boolean.parseBoolean(args[4]),
                Path.of(args[5]),
                args[6]);
        System.out.println("elapsed-nanos " + took.toNanos());
        System.exit(0);
    }
}
