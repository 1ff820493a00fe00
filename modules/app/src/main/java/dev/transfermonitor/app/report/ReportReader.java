package dev.transfermonitor.app.report;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.TopicWalk;
import dev.transfermonitor.app.kafka.WalkListener;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * {@code report}'s work: reads the whole ledger and alerts topics (committed records only, no
 * consumer group) into a {@link TransferReport} of the period. Undecodable records are skipped
 * and counted.
 */
public final class ReportReader {

    private static final AvroCodec<LedgerEntry> ENTRIES = AvroCodec.of(LedgerEntry.class);
    private static final AvroCodec<TransferAlert> ALERTS = AvroCodec.of(TransferAlert.class);

    /** Told about a record that does not decode as what its topic holds; it is counted in the report. */
    @FunctionalInterface
    public interface Skipped {
        void record(String topic, int partition, long offset, BadRecordException.Reason reason);
    }

    private ReportReader() {}

    /**
     * @param from          start of the period (included), by occurredAt
     * @param to            end of the period (excluded)
     * @param stopRequested asked between polls whether to give up
     * @param progress      told how far the walk has come
     * @return the report, or empty when stopped before the end
     * @throws ConfigException when a topic does not exist
     */
    public static Optional<TransferReport> read(
            MonitorConfig config,
            String ledgerTopic,
            String alertsTopic,
            Instant from,
            Instant to,
            BooleanSupplier stopRequested,
            WalkListener progress,
            Skipped skipped) {
        TransferReport.Builder report = TransferReport.builder(from, to);
        walk(
                config,
                ledgerTopic,
                stopRequested,
                progress,
                skipped,
                bytes -> report.add(ENTRIES.decode(bytes)),
                report::skippedLedgerRecord);
        walk(
                config,
                alertsTopic,
                stopRequested,
                progress,
                skipped,
                bytes -> report.add(ALERTS.decode(bytes)),
                report::skippedAlertRecord);
        return stopRequested.getAsBoolean() ? Optional.empty() : Optional.of(report.build(Instant.now()));
    }

    private static void walk(
            MonitorConfig config,
            String topic,
            BooleanSupplier stopRequested,
            WalkListener progress,
            Skipped skipped,
            Consumer<byte[]> onRecord,
            Runnable onSkipped) {
        TopicWalk.walk(config, topic, null, null, () -> !stopRequested.getAsBoolean(), new TopicWalk.Visitor() {
            @Override
            public void begin(int partition, long start, long end) {
                progress.partition(topic, partition);
            }

            @Override
            public void record(int partition, long offset, long timestamp, byte[] value) {
                try {
                    onRecord.accept(value);
                } catch (BadRecordException e) {
                    onSkipped.run();
                    skipped.record(topic, partition, offset, e.reason());
                }
                progress.records(1);
            }

            @Override
            public void polled() {
                progress.polled();
            }
        });
    }
}
