package dev.transfermonitor.bench.flink;

import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.reference.ReferenceValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The monitor's reference data as its global stores read it: the six reference topics from the
 * beginning to their end, the last value of each key (a tombstone deletes), records that fail
 * decoding, their key or {@link ReferenceValidator} skipped. So the peer enriches with exactly
 * what the monitor was given, not with the bundled sample company.
 */
final class ReferenceTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ReferenceTopics() {}

    static ReferenceIndex read(Map<String, Object> clientProperties, Topics topics) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<RecordKind, Map<String, SpecificRecord>> byKind = new LinkedHashMap<>();
        ReferenceData.KINDS.forEach(kind -> byKind.put(kind, new LinkedHashMap<>()));
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.reference()) {
                for (PartitionInfo p : consumer.partitionsFor(topic, TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the reference topics were not read within " + TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    RecordKind kind = topics.kindOf(r.topic());
                    if (r.key() == null || r.key().isBlank()) {
                        continue;
                    }
                    if (r.value() == null) {
                        byKind.get(kind).remove(r.key());
                        continue;
                    }
                    try {
                        SpecificRecord value = kind.codec().decode(r.value());
                        if (r.key().equals(kind.keyOf(value)) && ReferenceValidator.check(value) == null) {
                            byKind.get(kind).put(r.key(), value);
                        }
                    } catch (BadRecordException e) {
                        // skipped, as the monitor's ReferenceUpdater skips it
                    }
                }
            }
        }
        List<ReferenceData.Loaded> records = new ArrayList<>();
        byKind.forEach((kind, values) ->
                values.forEach((key, value) -> records.add(new ReferenceData.Loaded(kind, key, value, "topic"))));
        return ReferenceIndex.of(records);
    }
}
