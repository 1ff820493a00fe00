package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.broker.EmbeddedBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transfer-monitor broker}: the embedded single-node broker as a process of its own, a
 * sandbox for {@code run}, {@code produce} and {@code alerts} that outlives the monitor (and
 * that the system tests stop and restart under a running monitor).
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs a single-node Kafka broker (KRaft, broker and controller in one) on 127.0.0.1 until stopped "
                    + "(Ctrl-C or SIGTERM), for trying the monitor on one machine: plaintext, no authentication, "
                    + "one replica. Not for production.",
            "--data-dir is formatted when empty or missing and reused as it is on later starts, so a restart "
                    + "on the same directory keeps topics, records, committed offsets and transactions. It loads "
                    + "no reference data: use reference load --sample, or run --embedded-broker for a sandbox in "
                    + "one process."
        },
        footer = {
            "",
            "Example:",
            "  transfer-monitor broker --port 9092 --data-dir ./kafka-data &",
            "  transfer-monitor reference load --sample",
            "  TM_TOPIC_REPLICATION_FACTOR=1 transfer-monitor run -b 127.0.0.1:9092"
        })
public final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "9092",
            description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one, printed).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            required = true,
            description = "The broker's log directory (created and formatted when empty).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (GracefulStop stop = new GracefulStop();
                EmbeddedBroker broker = EmbeddedBroker.start(dataDir, port)) {
            out.printf(
                    Locale.ROOT,
                    "Kafka broker at %s, data in %s. Ctrl-C to stop.%n",
                    broker.bootstrapServers(),
                    broker.logDir());
            out.flush();
            // The broker runs on its own threads; this one only waits for the stop.
            boolean stopped = false;
            while (!stopped) {
                stopped = stop.await(Duration.ofHours(1));
            }
            out.println("Stopping the broker...");
            out.flush();
            return ExitCodes.INTERRUPTED;
        }
    }
}
