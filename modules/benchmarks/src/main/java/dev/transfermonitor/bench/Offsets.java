package dev.transfermonitor.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** End offsets of topics and how far a consumer group has committed into them. */
final class Offsets {

    private Offsets() {
    }

    static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) {
        try {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS)
                    .forEach((topic, description) -> description.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Records of {@code ends} the group has not committed past yet. */
    static long lag(Admin admin, String group, Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += Math.max(0, end.getValue() - (offset == null ? 0 : offset.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** End offsets summed per topic, for every topic but the internal ones. */
    static Map<String, Long> perTopic(Admin admin) {
        try {
            List<String> topics = List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            Map<String, Long> sums = new java.util.TreeMap<>();
            ends(admin, topics).forEach((tp, end) -> sums.merge(tp.topic(), end, Long::sum));
            return sums;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static long total(Map<TopicPartition, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }
}
