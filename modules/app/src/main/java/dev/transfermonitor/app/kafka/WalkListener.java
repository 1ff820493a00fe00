package dev.transfermonitor.app.kafka;

/** What an engine that walks topics tells whoever shows its progress. */
public interface WalkListener {

    /** The walk of this partition starts. */
    default void partition(String topic, int partition) {}

    /** {@code count} more records were read. */
    default void records(long count) {}

    /** Between polls, also when nothing arrived: time to show progress. */
    default void polled() {}
}
