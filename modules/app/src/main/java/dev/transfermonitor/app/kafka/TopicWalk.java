package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic partition by partition, in offset order, committed records only, without a
 * consumer group. The end of each partition is fixed before the first record is read, so a
 * walk of a topic that keeps growing ends. Bounds in time select by the records' Kafka
 * timestamps ({@code offsetsForTimes}).
 */
public final class TopicWalk {

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /** What the walk reports to; a lambda when only the records matter. */
    @FunctionalInterface
    public interface Visitor {
        /** A partition's walk starts at {@code start} and ends before {@code end}. */
        default void begin(int partition, long start, long end) {}

        /** A record, with its Kafka timestamp (epoch millis). */
        void record(int partition, long offset, long timestamp, byte[] value);

        /** Called between polls, also when nothing arrived: time for progress. */
        default void polled() {}
    }

    private TopicWalk() {}

    /**
     * @param from null for each partition's beginning
     * @param to   null for the end offsets seen now
     * @return the number of partitions walked
     * @throws ConfigException when the topic does not exist
     */
    public static int walk(
            MonitorConfig config, String topic, Instant from, Instant to, BooleanSupplier keepGoing, Visitor visitor) {
        Map<String, Object> overrides = Map.of(
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.reader(config, overrides)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new ConfigException(
                        "topic " + topic + " does not exist (check the topic name and --topic-prefix)");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition))
                    .toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            if (from != null) {
                bound(consumer, partitions, from, start, end, true);
            }
            if (to != null) {
                bound(consumer, partitions, to, start, end, false);
            }
            for (TopicPartition tp : partitions) {
                long first = start.get(tp);
                long last = end.get(tp);
                visitor.begin(tp.partition(), first, last);
                consumer.assign(List.of(tp));
                consumer.seek(tp, first);
                while (consumer.position(tp) < last && keepGoing.getAsBoolean()) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        if (record.offset() < last) {
                            visitor.record(tp.partition(), record.offset(), record.timestamp(), record.value());
                        }
                    }
                    visitor.polled();
                }
            }
            return partitions.size();
        }
    }

    /** Moves each partition's start (or end) to the first offset stamped at or after {@code time}. */
    private static void bound(
            KafkaConsumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Instant time,
            Map<TopicPartition, Long> start,
            Map<TopicPartition, Long> end,
            boolean isStart) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            long offset = at == null ? end.get(tp) : Math.min(at.offset(), end.get(tp));
            if (isStart) {
                start.put(tp, Math.max(offset, start.get(tp)));
            } else {
                end.put(tp, Math.max(offset, start.get(tp)));
            }
        }
    }
}
