package dev.transfermonitor.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Settings of one end-to-end run.
 *
 * @param events          benign events of the workload (the planted incidents come on top)
 * @param staff           synthetic staff principals (the workload allows at most 10,000)
 * @param partitions      partitions of each input topic
 * @param threads         stream threads of the monitor, and the Flink job's parallelism
 * @param latencyRun      how long the paced latency run measures (after a warm-up of a fifth of it)
 * @param rounds          how many times each configuration runs (interleaved, one of each per round)
 * @param only            runs only the configurations whose id this finds (the raw bytes row always runs); null: all
 * @param flink           whether to run the Flink peer
 * @param unsigned        run the monitor without a ledger signing key (the sandbox signs by default)
 * @param jfr             when not null, a JFR recording of the first full exactly-once run at the default settings (commit 1 s) goes here
 * @param out             where the JSON results go
 */
record BenchOptions(
        long events,
        int staff,
        int partitions,
        int threads,
        Duration latencyRun,
        int rounds,
        Pattern only,
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
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be at least 1");
        }
    }

    /** Whether the configuration {@code id} runs. */
    boolean runs(String id) {
        return id.equals(Report.RAW) || only == null || only.matcher(id).find();
    }

    static BenchOptions parse(String[] args) {
        long events = DEFAULT_EVENTS;
        int staff = 10_000;
        int partitions = 4;
        int threads = 1;
        Duration latency = Duration.ofSeconds(30);
        int rounds = 3;
        Pattern only = null;
        boolean flink = true;
        boolean unsigned = false;
        Path jfr = null;
        Path out = Path.of("modules/benchmarks/target/bench-results.json");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (i + 1 >= args.length && !arg.equals("--no-flink") && !arg.equals("--unsigned")) {
                throw new IllegalArgumentException("option " + arg + " needs a value, or is unknown\n" + usage());
            }
            switch (arg) {
                case "--events" -> events = Long.parseLong(args[++i].replace("_", ""));
                case "--staff" -> staff = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--latency-seconds" -> latency = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--only" -> {
                    try {
                        only = Pattern.compile(args[++i]);
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("--only: " + e.getMessage());
                    }
                }
                case "--no-flink" -> flink = false;
                case "--unsigned" -> unsigned = true;
                case "--jfr" -> jfr = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
            }
        }
        return new BenchOptions(events, staff, partitions, threads, latency, rounds, only, flink, unsigned, jfr, out);
    }

    static String usage() {
        return """
                usage: benchmarks.jar e2e [--events N (2000000)] [--staff N (10000)] [--partitions N (4)]
                                          [--threads N (1)] [--rounds N (3)] [--only REGEX] [--latency-seconds S (30)]
                                          [--no-flink] [--unsigned] [--jfr FILE]
                                          [--out FILE (modules/benchmarks/target/bench-results.json)]
                         Each round runs every configuration once, in an order rotated per round; the
                         table gives the median, min and max over the rounds. Configuration ids for --only
                         (found anywhere in the id; raw-bytes always runs, x raw needs it):
                           raw-bytes raw-avro full-eos-100ms full-eos-1s full-alos-100ms
                           equal-eos-100ms equal-eos-1s flink-eos-100ms flink-eos-1s flink-alos-1s latency
                         -Dbench.set.KEY=VALUE passes a monitor setting to every configuration (their own
                         application id, guarantee and commit interval win).
                       benchmarks.jar jmh [JMH options; default: -f 1 -wi 2 -w 2s -i 3 -r 2s,
                                          JSON to modules/benchmarks/target/jmh-results.json]
                       benchmarks.jar jfr-hot FILE [THREAD-NAME-PART (StreamThread)] [TOP (25)]""";
    }
}
