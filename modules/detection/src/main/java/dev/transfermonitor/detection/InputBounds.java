package dev.transfermonitor.detection;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a bounded run (a replay) stops reading its inputs: per input partition, the first
 * offset it must not process. Fixed before the run starts, so records appended while it runs
 * are never part of it. A bounded run also judges "too far in the future" by when each record
 * was written, as the live monitor did then. The live monitor runs {@link #none()}, which adds
 * no node to the topology at all.
 *
 * @param endOffsets input partition -> first offset beyond the run; a partition that is not
 *                   listed (one created after the bounds were fixed) is entirely beyond it
 */
public record InputBounds(Map<TopicPartition, Long> endOffsets) {

    private static final InputBounds NONE = new InputBounds(Map.of());

    public InputBounds {
        endOffsets = Map.copyOf(Objects.requireNonNull(endOffsets, "endOffsets"));
    }

    /** No bound: the live monitor. */
    public static InputBounds none() {
        return NONE;
    }

    /** False for {@link #none()} only: an empty map is a bound that keeps every record out. */
    public boolean bounded() {
        return this != NONE;
    }

    /** Whether the record at this position belongs to the run. */
    public boolean contains(String topic, int partition, long offset) {
        Long end = endOffsets.get(new TopicPartition(topic, partition));
        return end != null && offset < end;
    }
}
