package dev.transfermonitor.bench;

import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.simulator.scenarios.PlantedScenario;
import dev.transfermonitor.simulator.scenarios.RuleModel;
import dev.transfermonitor.simulator.scenarios.Workload;
import dev.transfermonitor.simulator.scenarios.WorkloadOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Writes the workload of {@code simulate --evaluate} (benign staff reading their customers from
 * Korea and Singapore, nightly jobs and backups across borders, the planted incidents) to the
 * input topics once, Avro single-object encoded by the emitter SDK as in production.
 */
final class InputLoader {

    /** What was written and how fast. */
    record Loaded(long events, int principals, Duration elapsed) {}

    private InputLoader() {}

    static Workload workload(long benignEvents, int staff, long seed, Set<String> scenarios) {
        return Workload.generate(new WorkloadOptions(
                seed,
                benignEvents,
                staff,
                WorkloadOptions.DEFAULT_DAYS,
                Instant.now().minus(Duration.ofHours(1)),
                scenarios,
                RuleModel.defaults()));
    }

    static Workload defaultWorkload(BenchOptions options) {
        return workload(options.events(), options.staff(), WorkloadOptions.DEFAULT_SEED, PlantedScenario.labels());
    }

    static TransferEmitter emitter(String bootstrapServers, Topics topics) {
        return TransferEmitter.builder()
                .bootstrapServers(bootstrapServers)
                .topics(topics)
                .property("batch.size", 256 * 1024)
                .property("linger.ms", 20)
                .property("buffer.memory", 64L * 1024 * 1024)
                .build();
    }

    static Loaded load(Workload workload, String bootstrapServers, Topics topics) {
        long[] sent = {0};
        Stopwatch watch = Stopwatch.start();
        try (TransferEmitter emitter = emitter(bootstrapServers, topics)) {
            workload.forEach(event -> {
                emitter.emit(event);
                sent[0]++;
            });
            emitter.flush();
        }
        // Principals with reference entries: the synthetic staff, svc-reporting and the sample company's.
        int principals = (int) workload.reference().stream()
                .filter(r -> r.kind() == RecordKind.PRINCIPAL)
                .count();
        return new Loaded(sent[0], principals, watch.elapsed());
    }
}
