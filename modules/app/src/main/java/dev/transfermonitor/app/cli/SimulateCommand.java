package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.Durations;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.producers.Simulator;
import dev.transfermonitor.producers.SimulatorOptions;
import dev.transfermonitor.producers.TransferEmitter;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor simulate}: the demo's traffic, sent to a cluster of your own. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Sends the sample company's simulated traffic, with its planted incidents, to the input topics of a "
                    + "Kafka cluster, paced in real time, until --duration passes or Ctrl-C.",
            "Load the sample company's reference data first (reference load --sample) so the monitor can "
                    + "resolve its assets and people."})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-d", "--duration"}, defaultValue = "365d", paramLabel = "DURATION",
            description = "How long to send (default: until stopped).")
    String duration;

    @Option(names = "--rate", defaultValue = "20", paramLabel = "EVENTS/S", description = "Benign events per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seed", defaultValue = "42", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        MonitorConfig config = connection.clientConfig();
        Duration runFor = Durations.parse(duration);
        SimulatorOptions options = SimulatorOptions.defaults().withEventsPerSecond(rate).withSeed(seed);
        PrintWriter out = spec.commandLine().getOut();
        try (GracefulStop stop = new GracefulStop();
             TransferEmitter emitter = TransferEmitter.builder()
                     .bootstrapServers(config.bootstrapServers())
                     .properties(config.kafka())
                     .topics(config.topics())
                     .build()) {
            out.printf("Sending simulated traffic at %.0f events/s to %s (Ctrl-C to stop)%n", rate, config.bootstrapServers());
            out.flush();
            new Simulator(options).run(emitter, Clock.systemUTC(), runFor, () -> !stop.isRequested());
            emitter.flush();
            out.println("Simulation finished.");
        }
        return 0;
    }
}
