package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded run (replay) processes nothing at or beyond its end offsets and judges future stamps
 * as the live monitor did; the live topology is unchanged.
 */
class InputBoundsTest {

    private final Topics topics = Topics.defaults();

    @TempDir
    Path stateDir;

    @Test
    void recordsAtOrBeyondTheEndAreNeitherProcessedNorDeadLetters() throws IOException {
        // Garbage is the cheapest input that leaves a trace per record: each one is a dead letter.
        InputBounds bounds = new InputBounds(Map.of(
                new TopicPartition(topics.access(), 0), 3L,
                new TopicPartition(topics.replication(), 0), 1L));
        DetectionMetrics metrics = DetectionMetrics.inMemory();
        try (TopologyTestDriver driver = driver(TransferTopology.build(topics, RuleSet.defaults(), metrics, bounds))) {
            TestInputTopic<String, byte[]> access =
                    driver.createInputTopic(topics.access(), new StringSerializer(), new ByteArraySerializer());
            TestInputTopic<String, byte[]> replication =
                    driver.createInputTopic(topics.replication(), new StringSerializer(), new ByteArraySerializer());
            for (int i = 0; i < 5; i++) {
                access.pipeInput("k", garbage());
                replication.pipeInput("k", garbage());
            }
            List<String> dead = driver
                    .createOutputTopic(topics.dlq(), new StringDeserializer(), new ByteArrayDeserializer())
                    .readRecordsToList()
                    .stream()
                    .map(r -> header(r.headers().lastHeader(DeadLetters.TOPIC).value()) + "@"
                            + header(r.headers().lastHeader(DeadLetters.OFFSET).value()))
                    .toList();

            assertThat(dead)
                    .containsExactlyInAnyOrder(
                            topics.access() + "@0",
                            topics.access() + "@1",
                            topics.access() + "@2",
                            topics.replication() + "@0");
            assertThat(metrics.count("transfer.events", "type", "access", "outcome", "dlq"))
                    .isEqualTo(3);
        }
    }

    @Test
    void aPartitionWithoutABoundIsEntirelyBeyondTheRun() throws IOException {
        InputBounds bounds = new InputBounds(Map.of(new TopicPartition(topics.access(), 0), 10L));
        try (TopologyTestDriver driver =
                driver(TransferTopology.build(topics, RuleSet.defaults(), DetectionMetrics.inMemory(), bounds))) {
            driver.createInputTopic(topics.replication(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput("k", garbage());

            assertThat(driver.createOutputTopic(topics.dlq(), new StringDeserializer(), new ByteArrayDeserializer())
                            .readRecordsToList())
                    .isEmpty();
        }
    }

    @Test
    void aBoundedRunJudgesFutureStampsByWhenTheRecordWasWritten() {
        // A replay a week later: the wall clock is far ahead of when these records were written.
        Instant written = Instant.parse("2026-11-20T10:00:00Z");
        AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
        InputBounds bounds = new InputBounds(Map.of(new TopicPartition(topics.access(), 0), 10L));
        DetectionMetrics metrics = DetectionMetrics.inMemory();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TransferTopology.build(topics, RuleSet.defaults(), metrics, bounds),
                props(),
                written.plus(Duration.ofDays(7)))) {
            TestInputTopic<String, byte[]> access =
                    driver.createInputTopic(topics.access(), new StringSerializer(), new ByteArraySerializer());
            access.pipeInput(
                    "emp-1001",
                    codec.encode(
                            anAccess().at(written.plus(Duration.ofHours(1))).build()),
                    written);
            access.pipeInput(
                    "emp-1001",
                    codec.encode(
                            anAccess().at(written.plus(Duration.ofMinutes(1))).build()),
                    written);

            assertThat(driver.createOutputTopic(topics.dlq(), new StringDeserializer(), new ByteArrayDeserializer())
                            .readRecordsToList())
                    .singleElement()
                    .satisfies(r -> assertThat(header(
                                    r.headers().lastHeader(DeadLetters.REASON).value()))
                            .isEqualTo(BadRecordException.Reason.FUTURE_TIMESTAMP.name()));
            assertThat(metrics.count("transfer.events", "type", "access", "outcome", "processed"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theLiveTopologyHasNoBoundNode() {
        TopologyDescription live = TransferTopology.build(topics, RuleSet.defaults(), DetectionMetrics.inMemory())
                .describe();
        TopologyDescription bounded = TransferTopology.build(
                        topics, RuleSet.defaults(), DetectionMetrics.inMemory(), new InputBounds(Map.of()))
                .describe();

        assertThat(live.toString()).doesNotContain("input-bound");
        assertThat(successorsOfSource(live)).containsExactly("validate");
        assertThat(successorsOfSource(bounded)).containsExactly("input-bound");
        assertThat(nodeCount(bounded)).isEqualTo(nodeCount(live) + 1);
    }

    private static List<String> successorsOfSource(TopologyDescription description) {
        return description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n.name().equals("events"))
                .flatMap(n -> n.successors().stream())
                .map(TopologyDescription.Node::name)
                .toList();
    }

    private static long nodeCount(TopologyDescription description) {
        return description.subtopologies().stream()
                .mapToLong(s -> s.nodes().size())
                .sum();
    }

    private TopologyTestDriver driver(Topology topology) {
        return new TopologyTestDriver(topology, props());
    }

    private Properties props() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounds");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static byte[] garbage() {
        return "not an event".getBytes(StandardCharsets.UTF_8);
    }

    private static String header(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }
}
