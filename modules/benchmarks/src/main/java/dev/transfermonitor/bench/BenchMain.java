package dev.transfermonitor.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.Main;

/**
 * {@code java -jar modules/benchmarks/target/benchmarks.jar e2e|jmh|jfr-hot}.
 * The one place of this module that prints: it is a command-line tool.
 */
public final class BenchMain {

    /** Short JMH defaults, so the suite ends in a few minutes; any JMH option given replaces them. */
    private static final List<String> JMH_DEFAULTS = List.of(
            "-f",
            "1",
            "-wi",
            "2",
            "-w",
            "2s",
            "-i",
            "3",
            "-r",
            "2s",
            "-rf",
            "json",
            "-rff",
            "modules/benchmarks/target/jmh-results.json");

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "e2e" -> {
                BenchOptions options;
                try {
                    options = BenchOptions.parse(rest);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    System.exit(2);
                    return;
                }
                int exit = 0;
                try {
                    new EndToEnd(options, System.out).run();
                } catch (Exception e) {
                    e.printStackTrace();
                    exit = 1;
                }
                // Flink's and Kafka's leftover non-daemon threads must not keep the JVM up.
                System.exit(exit);
            }
            case "jmh" -> {
                List<String> jmh = new ArrayList<>(rest.length == 0 ? JMH_DEFAULTS : List.of());
                jmh.addAll(List.of(rest));
                Main.main(jmh.toArray(String[]::new));
            }
            case "jfr-hot" -> {
                if (rest.length < 1) {
                    System.err.println(BenchOptions.usage());
                    System.exit(2);
                }
                JfrHot.print(
                        Path.of(rest[0]),
                        rest.length > 1 ? rest[1] : "StreamThread",
                        rest.length > 2 ? Integer.parseInt(rest[2]) : 25,
                        System.out);
            }
            default -> {
                System.err.println(BenchOptions.usage());
                System.exit(2);
            }
        }
    }
}
