package dev.transfermonitor.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/** End offsets of topics and how far a consumer group has committed into them. */
final class Offsets {

    private Offsets() {}

    static Map<TopicPartition, Long> ends(Admin admin, List<String> topics) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        await(admin.describeTopics(topics).allTopicNames(), "cannot read end offsets")
                .forEach((topic, description) -> description
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        await(admin.listOffsets(latest).all(), "cannot read end offsets")
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    /** Records of {@code ends} the group has not committed past yet. */
    static long lag(Admin admin, String group, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, OffsetAndMetadata> committed = await(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(),
                "cannot read the offsets of " + group);
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += Math.max(0, end.getValue() - (offset == null ? 0 : offset.offset()));
        }
        return lag;
    }

    /** End offsets summed per topic, for every topic but the internal ones. */
    static Map<String, Long> perTopic(Admin admin) {
        List<String> topics = List.copyOf(await(admin.listTopics().names(), "cannot list the topics"));
        Map<String, Long> sums = new TreeMap<>();
        ends(admin, topics).forEach((tp, end) -> sums.merge(tp.topic(), end, Long::sum));
        return sums;
    }

    static long total(Map<TopicPartition, Long> ends) {
        return ends.values().stream().mapToLong(Long::longValue).sum();
    }

    private static <T> T await(KafkaFuture<T> future, String failure) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(failure, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
