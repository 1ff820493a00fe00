package dev.transfermonitor.detection.volume;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeRules;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.Risk;
import dev.transfermonitor.detection.rules.Verdict;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Baseline deviation: a principal's records today (UTC, event time) against its own past
 * days. Robust statistics: the median and the median absolute deviation (MAD) of the last
 * {@code historyDays} days, days without activity counting as zero, computed once a day.
 * Fires when today exceeds median + k * MAD (MAD at least 5% of the median, and at least 1)
 * and the floor {@code minRecords}, and only after {@code minHistoryDays} days of history.
 * ATT&CK T1530 (Data from Cloud Storage).
 */
final class BaselineRule extends StatefulRule {

    static final String ID = "baseline-deviation";

    private final VolumeRules.Baseline settings;
    private final DetectionMetrics metrics;

    BaselineRule(VolumeRules.Baseline settings, DetectionMetrics metrics, Predicate<Transfer> holdsRestricted) {
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
            h = new History(day, 0, new long[0], 0, 0);
        } else if (day > h.day) {
            h = h.rollTo(day, settings.historyDays());
        } else if (day < h.day) {
            metrics.late(ID); // a past day's total is part of the baseline already
            return;
        }
        h = new History(h.day, h.today + t.recordCount(), h.days, h.median, h.mad);
        state(entity, h.encode());
        if (h.days.length < settings.minHistoryDays() || h.today < settings.minRecords()) {
            return;
        }
        double spread = Math.max(1, Math.max(h.mad, 0.05 * h.median));
        double limit = h.median + settings.madMultiplier() * spread;
        if (h.today <= limit) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.BASELINE_DEVIATION, t, restrictedData(t), h.today);
        String summary = String.format("%s moved %,d records today, against a usual %,.0f a day (limit %,.0f from %d days of history).",
                t.principalId(), h.today, h.median, limit, h.days.length);
        verdict.add(new Finding(AlertType.BASELINE_DEVIATION, ID, "BASELINE_DEVIATION|" + Entities.printable(entity),
                score.severity(), score.riskScore(), summary, t.origin().jurisdiction(), t.destination().jurisdiction(),
                t.dataClasses(), null, null, List.of("T1530"),
                Instant.ofEpochMilli(day * Entities.DAY_MS), Instant.ofEpochMilli((day + 1) * Entities.DAY_MS), null,
                h.today, null));
    }

    @Override
    boolean stale(byte[] state, long newestEventMs) {
        return ByteBuffer.wrap(state).getLong() < Math.floorDiv(newestEventMs, Entities.DAY_MS) - settings.historyDays();
    }

    /** Today's running total, the last days' totals (oldest first), and their median and MAD. */
    record History(long day, long today, long[] days, double median, double mad) {

        History rollTo(long newDay, int keep) {
            int gap = (int) Math.min(newDay - day, keep);
            long[] all = Arrays.copyOf(days, days.length + gap);
            all[days.length] = today; // the day that ends; days in between had nothing
            long[] kept = all.length > keep ? Arrays.copyOfRange(all, all.length - keep, all.length) : all;
            double med = median(kept);
            double[] deviations = new double[kept.length];
            for (int i = 0; i < kept.length; i++) {
                deviations[i] = Math.abs(kept[i] - med);
            }
            return new History(newDay, 0, kept, med, median(deviations));
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

        byte[] encode() {
            ByteBuffer out = ByteBuffer.allocate(3 * Long.BYTES + 2 * Double.BYTES + Integer.BYTES + days.length * Long.BYTES);
            out.putLong(day).putLong(today).putDouble(median).putDouble(mad).putInt(days.length);
            for (long d : days) {
                out.putLong(d);
            }
            return out.array();
        }

        static History decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long day = in.getLong();
            long today = in.getLong();
            double median = in.getDouble();
            double mad = in.getDouble();
            long[] days = new long[in.getInt()];
            for (int i = 0; i < days.length; i++) {
                days[i] = in.getLong();
            }
            return new History(day, today, days, median, mad);
        }
    }
}
