package dev.transfermonitor.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings of one end-to-end run.
 *
 * @param events          benign events of the workload (the planted incidents come on top)
 * @param staff           synthetic staff principals (the workload allows at most 10,000)
 * @param partitions      partitions of each input topic
 * @param threads         stream threads of the monitor, and the Flink job's parallelism
 * @param latencyRun      how long the paced latency run measures (after a warm-up of a fifth of it)
 * @param flink           whether to run the Flink peer
 * @param unsigned        run the monitor without a ledger signing key (the sandbox signs by default)
 * @param jfr             when not null, a JFR recording of the exactly-once topology run is written here
 * @param out             where the JSON results go
 */
record BenchOptions(
        long events,
        int staff,
        int partitions,
        int threads,
        Duration latencyRun,
        boolean flink,
        boolean unsigned,
        Path jfr,
        Path out) {

    static final long DEFAULT_EVENTS = 2_000_000;

    BenchOptions {
        if (events < 20_000) {
            throw new IllegalArgumentException(
                    "--events must be at least 20000 (the workload's nightly jobs alone make 10,440)");
        }
        if (staff < 1 || staff > 10_000) {
            throw new IllegalArgumentException("--staff must be 1 to 10000");
        }
        if (partitions < 1 || threads < 1) {
            throw new IllegalArgumentException("--partitions and --threads must be positive");
        }
    }

    static BenchOptions parse(String[] args) {
        long events = DEFAULT_EVENTS;
        int staff = 10_000;
        int partitions = 4;
        int threads = 1;
        Duration latency = Duration.ofSeconds(30);
        boolean flink = true;
        boolean unsigned = false;
        Path jfr = null;
        Path out = Path.of("modules/benchmarks/target/bench-results.json");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--staff" -> staff = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--latency-seconds" -> latency = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--no-flink" -> flink = false;
                case "--unsigned" -> unsigned = true;
                case "--jfr" -> jfr = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        return new BenchOptions(events, staff, partitions, threads, latency, flink, unsigned, jfr, out);
    }

    static String usage() {
        return """
                usage: benchmarks.jar e2e [--events N (2000000)] [--staff N (10000)] [--partitions N (4)]
                                          [--threads N (1)] [--latency-seconds S (30)] [--no-flink]
                                          [--unsigned] [--jfr FILE] [--out FILE (modules/benchmarks/target/bench-results.json)]
                       benchmarks.jar jmh [JMH options; default: -f 1 -wi 2 -w 2s -i 3 -r 2s,
                                          JSON to modules/benchmarks/target/jmh-results.json]
                       benchmarks.jar jfr-hot FILE [THREAD-NAME-PART (StreamThread)] [TOP (25)]""";
    }
}
