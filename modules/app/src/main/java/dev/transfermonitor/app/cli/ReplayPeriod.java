package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.detection.InputBounds;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The stretch of the input topics a replay reads, fixed once before it starts: per input
 * partition, from the first offset written at or after {@code from} to the first written at
 * or after {@code to} (the end of the committed data when there is none, or no {@code to}).
 * Times are Kafka record timestamps, the moment each event was written, which is what makes
 * the period one contiguous offset range per partition.
 */
record ReplayPeriod(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    ReplayPeriod {
        start = Map.copyOf(start);
        end = Map.copyOf(end);
        if (!start.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("start and end offsets cover different partitions");
        }
    }

    /**
     * @param from first record time in the period, or null for the beginning of the retained data
     * @param to   first record time after the period, or null for the end of the data now
     */
    static ReplayPeriod resolve(Admin admin, List<String> inputs, Instant from, Instant to) {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(inputs).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> first = new HashMap<>();
            Map<TopicPartition, OffsetSpec> last = new HashMap<>();
            for (TopicDescription topic : topics.values()) {
                topic.partitions().forEach(p -> {
                    TopicPartition tp = new TopicPartition(topic.name(), p.partition());
                    first.put(tp, from == null ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(from.toEpochMilli()));
                    last.put(tp, to == null ? OffsetSpec.latest() : OffsetSpec.forTimestamp(to.toEpochMilli()));
                });
            }
            Map<TopicPartition, Long> latest = offsets(admin, specs(first.keySet(), OffsetSpec.latest()), Map.of());
            Map<TopicPartition, Long> start = offsets(admin, first, latest);
            Map<TopicPartition, Long> end = offsets(admin, last, latest);
            end.replaceAll((tp, offset) -> Math.max(offset, start.get(tp)));
            return new ReplayPeriod(start, end);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException("the input topics " + inputs + " do not all exist (is --topic-prefix right?)");
            }
            throw new IllegalStateException("cannot read the input offsets: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Map<TopicPartition, OffsetSpec> specs(Set<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        return specs;
    }

    /** Offsets of committed data; a time after the last record resolves to the end ({@code orElse}). */
    private static Map<TopicPartition, Long> offsets(Admin admin, Map<TopicPartition, OffsetSpec> specs,
                                                     Map<TopicPartition, Long> orElse)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, ListOffsetsResultInfo> found = admin
                .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        found.forEach((tp, info) -> offsets.put(tp, info.offset() < 0 ? orElse.get(tp) : info.offset()));
        return offsets;
    }

    /** Records in the period (counting any transaction markers among them). */
    long total() {
        return start.keySet().stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
    }

    /** How much of the period lies behind these committed offsets. */
    long done(Map<TopicPartition, Long> committed) {
        long done = 0;
        for (TopicPartition tp : start.keySet()) {
            long position = committed.getOrDefault(tp, start.get(tp));
            done += Math.max(0, Math.min(position, end.get(tp)) - start.get(tp));
        }
        return done;
    }

    boolean reached(Map<TopicPartition, Long> committed) {
        return start.keySet().stream().allMatch(tp -> committed.getOrDefault(tp, start.get(tp)) >= end.get(tp));
    }

    InputBounds bounds() {
        return new InputBounds(end);
    }

    int partitions(String topic) {
        return (int) start.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
    }
}
