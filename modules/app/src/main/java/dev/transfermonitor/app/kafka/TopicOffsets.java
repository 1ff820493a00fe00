package dev.transfermonitor.app.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Offsets through the admin client: the partitions of topics, offsets of committed data by
 * position or by record timestamp, and a consumer group's committed offsets. Requests wait
 * {@link KafkaFutures#ADMIN_TIMEOUT} at most.
 */
public final class TopicOffsets {

    private TopicOffsets() {}

    /**
     * Every partition of these topics.
     *
     * @throws KafkaOperationException with an {@code UnknownTopicOrPartitionException} cause when one is missing
     */
    public static Set<TopicPartition> partitions(Admin admin, Collection<String> topics) {
        Map<String, TopicDescription> found =
                KafkaFutures.await(admin.describeTopics(topics).allTopicNames(), "describing the topics " + topics);
        Set<TopicPartition> partitions = new HashSet<>();
        found.values()
                .forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(), p.partition()))));
        return partitions;
    }

    /** The first offset of each partition's retained data. */
    public static Map<TopicPartition, Long> earliest(Admin admin, Set<TopicPartition> partitions) {
        return offsets(admin, partitions, OffsetSpec.earliest(), Map.of());
    }

    /** The end of each partition's committed data. */
    public static Map<TopicPartition, Long> latest(Admin admin, Set<TopicPartition> partitions) {
        return offsets(admin, partitions, OffsetSpec.latest(), Map.of());
    }

    /**
     * Per partition, the first offset of committed data whose record timestamp is at or after
     * {@code time}; {@code orElse}'s offset where there is none (a time after the last record).
     */
    public static Map<TopicPartition, Long> at(
            Admin admin, Set<TopicPartition> partitions, Instant time, Map<TopicPartition, Long> orElse) {
        return offsets(admin, partitions, OffsetSpec.forTimestamp(time.toEpochMilli()), orElse);
    }

    /** The group's committed offsets; a partition it has not committed yet is missing. */
    public static Map<TopicPartition, Long> committed(Admin admin, String group) {
        Map<TopicPartition, Long> committed = new HashMap<>();
        KafkaFutures.await(
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                        "reading the offsets of group " + group)
                .forEach((tp, meta) -> committed.put(tp, meta == null ? 0 : meta.offset()));
        return committed;
    }

    /** Sets the group's committed offsets, e.g. where a new application is to start. */
    public static void commit(Admin admin, String group, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        offsets.forEach((tp, offset) -> start.put(tp, new OffsetAndMetadata(offset)));
        KafkaFutures.await(
                admin.alterConsumerGroupOffsets(group, start).all(), "setting the offsets of group " + group);
    }

    private static Map<TopicPartition, Long> offsets(
            Admin admin, Set<TopicPartition> partitions, OffsetSpec spec, Map<TopicPartition, Long> orElse) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
        Map<TopicPartition, ListOffsetsResultInfo> found =
                KafkaFutures.await(admin.listOffsets(specs, committedOnly).all(), "listing offsets");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> offsets.put(tp, info.offset() < 0 ? orElse.get(tp) : info.offset()));
        return offsets;
    }
}
