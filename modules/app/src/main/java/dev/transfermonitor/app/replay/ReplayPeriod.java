package dev.transfermonitor.app.replay;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.KafkaClients;
import dev.transfermonitor.app.kafka.KafkaOperationException;
import dev.transfermonitor.app.kafka.TopicOffsets;
import dev.transfermonitor.detection.InputBounds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The stretch of the input topics a replay reads, fixed once before it starts: per input
 * partition, from the first offset written at or after {@code from} to the first written at
 * or after {@code to} (the end of the committed data when there is none, or no {@code to}).
 * Times are Kafka record timestamps, the moment each event was written, which is what makes
 * the period one contiguous offset range per partition.
 */
public record ReplayPeriod(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    public ReplayPeriod {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
        if (!start.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("start and end offsets cover different partitions");
        }
    }

    /**
     * @param from first record time in the period, or null for the beginning of the retained data
     * @param to   first record time after the period, or null for the end of the data now
     * @throws ConfigException when an input topic does not exist
     */
    public static ReplayPeriod resolve(Admin admin, List<String> inputs, Instant from, Instant to) {
        Set<TopicPartition> partitions;
        try {
            partitions = TopicOffsets.partitions(admin, inputs);
        } catch (KafkaOperationException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException(
                        "the input topics " + inputs + " do not all exist (is --topic-prefix right?)");
            }
            throw e;
        }
        Map<TopicPartition, Long> latest = TopicOffsets.latest(admin, partitions);
        Map<TopicPartition, Long> start = from == null
                ? TopicOffsets.earliest(admin, partitions)
                : TopicOffsets.at(admin, partitions, from, latest);
        Map<TopicPartition, Long> end = to == null ? latest : TopicOffsets.at(admin, partitions, to, latest);
        end.replaceAll((tp, offset) -> Math.max(offset, start.get(tp)));
        return new ReplayPeriod(start, end);
    }

    /** {@link #resolve(Admin, List, Instant, Instant)} of the configuration's input topics. */
    public static ReplayPeriod resolve(MonitorConfig config, Instant from, Instant to) {
        try (Admin admin = KafkaClients.admin(config)) {
            return resolve(admin, config.topics().inputs(), from, to);
        }
    }

    /** Records in the period (counting any transaction markers among them). */
    public long total() {
        return start.keySet().stream()
                .mapToLong(tp -> end.get(tp) - start.get(tp))
                .sum();
    }

    /** How much of the period lies behind these committed offsets. */
    public long done(Map<TopicPartition, Long> committed) {
        long done = 0;
        for (TopicPartition tp : start.keySet()) {
            long position = committed.getOrDefault(tp, start.get(tp));
            done += Math.max(0, Math.min(position, end.get(tp)) - start.get(tp));
        }
        return done;
    }

    public boolean reached(Map<TopicPartition, Long> committed) {
        return start.keySet().stream().allMatch(tp -> committed.getOrDefault(tp, start.get(tp)) >= end.get(tp));
    }

    public InputBounds bounds() {
        return new InputBounds(end);
    }

    /** The number of partitions of {@code topic} in the period. */
    public int partitions(String topic) {
        return (int)
                start.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
    }
}
