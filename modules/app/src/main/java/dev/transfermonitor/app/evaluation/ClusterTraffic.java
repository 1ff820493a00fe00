package dev.transfermonitor.app.evaluation;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.KafkaClients;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.simulator.Simulator;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Simulated traffic sent to a cluster of the user's: a workload as fast as it goes, or the simulator in real time. */
public final class ClusterTraffic {

    private ClusterTraffic() {}

    /** Sends the workload's events in order until the last or a stop; how many were sent. */
    public static long send(MonitorConfig config, Workload workload, BooleanSupplier stopRequested) {
        long[] sent = {0};
        try (TransferEmitter emitter = KafkaClients.emitter(config)) {
            workload.forEach(event -> {
                if (!stopRequested.getAsBoolean()) {
                    emitter.emit(event);
                    sent[0]++;
                }
            });
            emitter.flush();
        }
        return sent[0];
    }

    /** Sends the simulator's traffic, paced in real time, for {@code runFor} or until a stop. */
    public static void realTime(
            MonitorConfig config, SimulatorOptions options, Duration runFor, BooleanSupplier stopRequested) {
        try (TransferEmitter emitter = KafkaClients.emitter(config)) {
            new Simulator(options).run(emitter, Clock.systemUTC(), runFor, () -> !stopRequested.getAsBoolean());
            emitter.flush();
        }
    }
}
