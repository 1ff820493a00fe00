package dev.transfermonitor.bench;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Detection latency under steady load: a paced producer sends the workload's benign traffic at a
 * fixed rate, and every {@value #PROBE_EVERY}th event is a probe, a staff member reading the CRM
 * (PERSONAL, Korea) from a country no policy allows, which must raise CROSS_BORDER_VIOLATION.
 * Latency is from just before the probe's send to the moment a read_committed consumer of the
 * alert topic polls the alert that names the probe in its evidence (same JVM, same clock).
 * Runs on topics of its own, with a fresh monitor (exactly-once), so no backlog is in the way.
 */
final class LatencyRun {

    static final int PROBE_EVERY = 100;
    /** Countries outside every sample-company policy: each (principal, route, day) is a new alert key. */
    private static final List<String> FOREIGN = List.of("US", "BR", "JP", "AU", "CA", "IN", "MX", "ZA", "TR", "AE");

    record Result(double targetRate, double achievedRate, long probesSent, long probesSeen, Percentiles latency) {}

    private LatencyRun() {}

    static Result run(MonitorConfig config, Workload workload, int staff, double rate, Duration measure)
            throws Exception {
        Duration warmUp = measure.dividedBy(5);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> latencies = new ConcurrentHashMap<>();
        Set<String> measured = ConcurrentHashMap.newKeySet();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (Monitor monitor = new Monitor(config, DetectionMetrics.inMemory());
                TransferEmitter emitter = TransferEmitter.builder()
                        .bootstrapServers(config.bootstrapServers())
                        .topics(config.topics())
                        .property("linger.ms", 1)
                        .build()) {
            monitor.start(Duration.ofSeconds(60));
            Thread reader = new Thread(() -> readAlerts(config, sentAt, latencies, reading), "latency-alert-reader");
            reader.setDaemon(true);
            reader.start();

            long intervalNanos = (long) (1e9 / rate);
            long start = System.nanoTime();
            long measureFrom = start + warmUp.toNanos();
            long stopAt = measureFrom + measure.toNanos();
            long[] sent = {0};
            long[] probes = {0};
            long[] measuredSent = {0};
            Instant[] lastOccurred = {null};
            class Stop extends RuntimeException {
                private static final long serialVersionUID = 1L;

                Stop() {
                    super(null, null, false, false);
                }
            }
            try {
                workload.forEach(event -> {
                    long due = start + sent[0] * intervalNanos;
                    long now = System.nanoTime();
                    if (now >= stopAt) {
                        throw new Stop();
                    }
                    if (due > now) {
                        LockSupport.parkNanos(due - now);
                    }
                    if (sent[0] % PROBE_EVERY == PROBE_EVERY - 1 && lastOccurred[0] != null) {
                        DataAccessEvent probe = probe(probes[0]++, staff, lastOccurred[0]);
                        long at = System.nanoTime();
                        sentAt.put(probe.getEventId(), at);
                        if (at >= measureFrom) {
                            measured.add(probe.getEventId());
                            measuredSent[0]++;
                        }
                        emitter.emit(probe);
                    } else {
                        emitter.emit(event);
                        lastOccurred[0] = occurredAt(event);
                    }
                    sent[0]++;
                });
            } catch (Stop done) {
                // the measuring window is over
            }
            emitter.flush();
            double achieved = Stopwatch.perSecond(sent[0], Duration.ofNanos(System.nanoTime() - start));
            awaitAlerts(measured, latencies, Duration.ofSeconds(15));
            reading.set(false);
            reader.join(5_000);
            long[] samples = measured.stream()
                    .filter(latencies::containsKey)
                    .mapToLong(latencies::get)
                    .toArray();
            return new Result(rate, achieved, measuredSent[0], samples.length, Percentiles.of(samples));
        }
    }

    private static void awaitAlerts(Set<String> measured, Map<String, Long> latencies, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline && !latencies.keySet().containsAll(measured)) {
            Thread.sleep(100);
        }
    }

    private static void readAlerts(
            MonitorConfig config, Map<String, Long> sentAt, Map<String, Long> latencies, AtomicBoolean reading) {
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put("isolation.level", "read_committed");
        props.put("enable.auto.commit", false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(config.topics().alerts())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    for (Evidence e : codec.decode(r.value()).getEvidence()) {
                        Long at = sentAt.get(e.getEventId());
                        if (at != null) {
                            latencies.putIfAbsent(e.getEventId(), (now - at) / 1_000_000);
                        }
                    }
                }
            }
        }
    }

    private static DataAccessEvent probe(long n, int staff, Instant occurredAt) {
        String principal = String.format("emp-5%04d", n % staff);
        String country = FOREIGN.get((int) ((n / staff) % FOREIGN.size()));
        return DataAccessEvent.newBuilder()
                .setEventId("latency-probe-" + n)
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId("sso-" + principal)
                .setAuthMethod(AuthMethod.MFA)
                .setAction(AccessAction.READ)
                .setAssetId("crm-db-seoul")
                .setDataClasses(null)
                .setRecordCount(5)
                .setByteCount(5_000)
                .setSubjectKeys(List.of())
                .setClientIp(null)
                .setClientCountry(country)
                .setApplication("bench")
                .setAttributes(Map.of())
                .build();
    }

    private static Instant occurredAt(SpecificRecord event) {
        return event instanceof DataAccessEvent a ? a.getOccurredAt() : ((ReplicationEvent) event).getOccurredAt();
    }
}
