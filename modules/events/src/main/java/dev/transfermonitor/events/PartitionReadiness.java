package dev.transfermonitor.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until new partitions take writes. A KRaft broker announces a new partition's leader in
 * its metadata before its log exists; an idempotent producer that writes in that gap gets
 * NOT_LEADER for its first batches while later ones land, and then can never deliver the
 * first ones (OUT_OF_ORDER_SEQUENCE until the delivery timeout). A list-offsets request is
 * answered by the partition's log, so once every partition answers, producing is safe.
 */
public final class PartitionReadiness {

    private static final Duration RETRY = Duration.ofMillis(50);

    private PartitionReadiness() {}

    /** Blocks until every partition of the topics answers, or throws after the timeout. */
    public static void await(Admin admin, Map<String, Integer> partitionsByTopic, Duration timeout) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitionsByTopic.forEach((topic, count) -> {
            for (int p = 0; p < count; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                admin.listOffsets(request, new ListOffsetsOptions().timeoutMs((int) Math.min(left, Integer.MAX_VALUE)))
                        .all()
                        .get(left, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for new partitions", e);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "new partitions of " + partitionsByTopic.keySet() + " did not become writable: "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException(
                        "new partitions of " + partitionsByTopic.keySet() + " did not become writable within "
                                + timeout.toSeconds() + " s",
                        e);
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for new partitions", e);
            }
        }
    }
}
