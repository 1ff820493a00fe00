package dev.transfermonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Simulated traffic through the emitter against a real broker: delivered once, keyed by principal and
 * in order per principal. It lives here, not in the emitter module, because the emitter must not
 * depend on the simulator.
 */
class SimulatedTrafficIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");
    private static final byte[] SECRET = "integration-test-subject-secret".getBytes(StandardCharsets.US_ASCII);

    @Test
    void simulatedTrafficArrivesOnceKeyedByPrincipalAndInOrderPerPrincipal() {
        Topics topics = KAFKA.newTopics(3);
        List<SpecificRecord> traffic =
                new Simulator(11, SimulatorOptions.defaults()).eventsBetween(START, START.plusSeconds(20));
        List<DataAccessEvent> accesses = traffic.stream()
                .filter(DataAccessEvent.class::isInstance)
                .map(DataAccessEvent.class::cast)
                .toList();
        List<ReplicationEvent> replications = traffic.stream()
                .filter(ReplicationEvent.class::isInstance)
                .map(ReplicationEvent.class::cast)
                .toList();

        try (TransferEmitter emitter = emitter(topics)) {
            traffic.forEach(emitter::emit);
            emitter.flush();
        }

        List<ConsumerRecord<String, byte[]>> accessRecords = KAFKA.readAll(topics.access(), accesses.size(), TIMEOUT);
        List<ConsumerRecord<String, byte[]>> replicationRecords =
                KAFKA.readAll(topics.replication(), replications.size(), TIMEOUT);
        List<DataAccessEvent> readAccesses = decode(accessRecords, DataAccessEvent.class);
        List<ReplicationEvent> readReplications = decode(replicationRecords, ReplicationEvent.class);

        assertThat(readAccesses).containsExactlyInAnyOrderElementsOf(accesses);
        assertThat(readReplications).containsExactlyInAnyOrderElementsOf(replications);
        assertThat(accessRecords)
                .allSatisfy(r -> assertThat(r.key())
                        .isEqualTo(AvroCodec.of(DataAccessEvent.class)
                                .decode(r.value())
                                .getPrincipalId()));
        assertThat(replicationRecords)
                .allSatisfy(r -> assertThat(r.key())
                        .isEqualTo(AvroCodec.of(ReplicationEvent.class)
                                .decode(r.value())
                                .getPrincipalId()));
        assertThat(idsByPrincipal(readAccesses, DataAccessEvent::getPrincipalId, DataAccessEvent::getEventId))
                .isEqualTo(idsByPrincipal(accesses, DataAccessEvent::getPrincipalId, DataAccessEvent::getEventId));
        assertThat(readReplications.stream().filter(e -> Scenario.of(e).orElseThrow() != Scenario.BENIGN))
                .hasSize(6);
    }

    private static TransferEmitter emitter(Topics topics) {
        return TransferEmitter.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .topics(topics)
                .subjectKeySecret(SECRET)
                .property("client.id", "simulated-traffic-it")
                .build();
    }

    private static <T extends SpecificRecord> List<T> decode(
            List<ConsumerRecord<String, byte[]>> records, Class<T> type) {
        AvroCodec<T> codec = AvroCodec.of(type);
        return records.stream().map(r -> codec.decode(r.value())).toList();
    }

    private static <T> Map<String, List<String>> idsByPrincipal(
            List<T> events, Function<T, String> principal, Function<T, String> eventId) {
        return events.stream()
                .collect(Collectors.groupingBy(principal, Collectors.mapping(eventId, Collectors.toList())));
    }
}
