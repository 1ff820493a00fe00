package dev.transfermonitor.detection.volume;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.Risk;
import dev.transfermonitor.detection.rules.Verdict;
import dev.transfermonitor.events.UtcDays;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Baseline deviation: a principal's records today (UTC, event time) against its own past
 * days. Robust statistics, computed once a day: the median and the median absolute deviation
 * (MAD) of the active days (those with records) among the last {@code historyDays} days.
 * Fires when today exceeds the floor {@code minRecords} and median + k * spread, and only once
 * the history holds at least {@code minHistoryDays} active days.
 *
 * <p>Why active days: counting calendar days since first seen let one active day a week ago
 * make a "history" of one value and six zeros, median = MAD = 0, so any day over the floor
 * fired; and a principal who works one day in four would have a median of zero for ever.
 * Against active days the median is what a working day of this principal looks like (never
 * zero), and there must be {@code minHistoryDays} of them. The spread is kept from collapsing
 * on a very regular history: it is at least the MAD, 5% of the median, 5% of the floor
 * {@code minRecords} and 1 record. ATT&CK T1530 (Data from Cloud Storage).
 */
final class BaselineRule extends StatefulRule {

    static final String ID = "baseline-deviation";
    /** The spread is at least this share of the median and of the floor. */
    static final double MIN_SPREAD_SHARE = 0.05;

    private final VolumeSettings.Baseline settings;
    private final DetectionMetrics metrics;

    BaselineRule(VolumeSettings.Baseline settings, DetectionMetrics metrics, Predicate<Transfer> holdsRestricted) {
        super(ID, holdsRestricted);
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    void evaluate(Transfer t, Verdict verdict) {
        String entity = Entities.principal(t);
        long day = Entities.day(t);
        History h = History.decode(state(entity));
        if (h == null) {
            h = new History(day, 0, new long[0], 0, 0, 0);
        } else if (day > h.day) {
            h = h.rollTo(day, settings.historyDays());
        } else if (day < h.day) {
            metrics.late(ID); // a past day's total is part of the baseline already
            return;
        }
        h = new History(h.day, h.today + t.recordCount(), h.days, h.active, h.median, h.mad);
        state(entity, h.encode());
        if (h.active < settings.minHistoryDays() || h.today < settings.minRecords()) {
            return;
        }
        double limit = limit(h, settings);
        if (h.today <= limit) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.BASELINE_DEVIATION, t, restrictedData(t), h.today);
        String summary = String.format(
                "%s moved %,d records today, against a usual %,.0f on an active day"
                        + " (limit %,.0f from %d days of history, %d of them active).",
                t.principalId(), h.today, h.median, limit, h.days.length, h.active);
        verdict.add(
                Finding.of(AlertType.BASELINE_DEVIATION, ID, Entities.alertKey(AlertType.BASELINE_DEVIATION, entity))
                        .risk(score)
                        .summary(summary)
                        .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                        .dataClasses(t.dataClasses())
                        .mitreTechniques(List.of("T1530"))
                        .window(UtcDays.start(day), UtcDays.end(day))
                        .totals(h.today, null)
                        .build());
    }

    /** The most records the principal may move today. */
    static double limit(History h, VolumeSettings.Baseline settings) {
        double spread = Math.max(1, Math.max(h.mad, MIN_SPREAD_SHARE * Math.max(h.median, settings.minRecords())));
        return h.median + settings.madMultiplier() * spread;
    }

    @Override
    boolean stale(byte[] state, long newestEventMs) {
        History h = History.decode(state);
        return h == null || h.day < UtcDays.ofEpochMilli(newestEventMs) - settings.historyDays();
    }

    /**
     * Today's running total, the last days' totals (oldest first, zero for a day without
     * records; at most {@code historyDays} of them), how many of those are active, and the
     * median and MAD of the active ones.
     */
    record History(long day, long today, long[] days, int active, double median, double mad) {

        private static final byte FORMAT = 2;

        History rollTo(long newDay, int keep) {
            int gap = (int) Math.min(newDay - day, keep);
            long[] all = Arrays.copyOf(days, days.length + gap);
            all[days.length] = today; // the day that ends; days in between had nothing
            long[] kept = all.length > keep ? Arrays.copyOfRange(all, all.length - keep, all.length) : all;
            long[] active = Arrays.stream(kept).filter(d -> d > 0).toArray();
            double med = median(active);
            double[] deviations = new double[active.length];
            for (int i = 0; i < active.length; i++) {
                deviations[i] = Math.abs(active[i] - med);
            }
            return new History(newDay, 0, kept, active.length, med, median(deviations));
        }

        static double median(long[] values) {
            double[] d = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                d[i] = values[i];
            }
            return median(d);
        }

        static double median(double[] values) {
            if (values.length == 0) {
                return 0;
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }

        /** At most 1 + 16 + 16 + 8 + 366 * 8 = 2,969 bytes (historyDays is at most 366). */
        byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(
                    1 + 2 * Long.BYTES + 2 * Double.BYTES + 2 * Integer.BYTES + days.length * Long.BYTES);
            out.put(FORMAT)
                    .putLong(day)
                    .putLong(today)
                    .putDouble(median)
                    .putDouble(mad)
                    .putInt(active)
                    .putInt(days.length);
            for (long d : days) {
                out.putLong(d);
            }
            return out.array();
        }

        /** Null when there is none, or it is of an earlier format (its history starts again). */
        static History decode(byte[] bytes) {
            if (bytes == null || bytes.length == 0 || bytes[0] != FORMAT) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            long day = in.getLong();
            long today = in.getLong();
            double median = in.getDouble();
            double mad = in.getDouble();
            int active = in.getInt();
            long[] days = new long[in.getInt()];
            for (int i = 0; i < days.length; i++) {
                days[i] = in.getLong();
            }
            return new History(day, today, days, active, median, mad);
        }
    }
}
