package dev.transfermonitor.detection.volume;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeRules;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.Risk;
import dev.transfermonitor.detection.rules.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Volume burst: records and bytes per principal and per credential in a sliding window
 * (default 10 minutes, one-minute steps), against a threshold per data class. The
 * credential's window is judged first: when it crosses, the alert names the key; otherwise
 * the principal's may. Events later than window plus grace no longer count and are counted
 * as late. ATT&CK T1020 (Automated Exfiltration) and T1530 (Data from Cloud Storage).
 */
final class VolumeBurstRule extends StatefulRule {

    static final String ID = "volume-burst";

    private final VolumeRules.Burst settings;
    private final DetectionMetrics metrics;
    private final long windowMinutes;
    private final long keptMinutes;

    VolumeBurstRule(VolumeRules.Burst settings, DetectionMetrics metrics, Predicate<Transfer> holdsRestricted) {
        super(ID, holdsRestricted);
        this.settings = settings;
        this.metrics = metrics;
        this.windowMinutes = Math.max(1, settings.window().toMinutes());
        this.keptMinutes = windowMinutes + settings.grace().toMinutes();
    }

    private record Crossing(String entity, String dataClass, long records, long bytes, VolumeRules.Threshold threshold,
                            long minute) {
    }

    @Override
    void evaluate(Transfer t, Verdict verdict) {
        long minute = Math.floorDiv(t.occurredAt().toEpochMilli(), Entities.MINUTE_MS);
        String credential = Entities.credential(t);
        Crossing byCredential = credential == null ? null : count(credential, t, minute);
        Crossing byPrincipal = count(Entities.principal(t), t, minute);
        Crossing crossing = byCredential != null ? byCredential : byPrincipal;
        if (crossing == null) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.VOLUME_BURST, t, restrictedData(t), crossing.records);
        String summary = String.format("%s moved %,d %s records (%,d bytes) in %d minutes, over the threshold of %s.",
                Entities.describe(crossing.entity), crossing.records, crossing.dataClass, crossing.bytes, windowMinutes,
                describe(crossing.threshold));
        verdict.add(new Finding(AlertType.VOLUME_BURST, ID,
                "VOLUME_BURST|" + Entities.printable(crossing.entity),
                score.severity(), score.riskScore(), summary, t.origin().jurisdiction(), t.destination().jurisdiction(),
                List.of(crossing.dataClass), null, null, List.of("T1020", "T1530"),
                Instant.ofEpochMilli((crossing.minute - windowMinutes + 1) * Entities.MINUTE_MS),
                Instant.ofEpochMilli((crossing.minute + 1) * Entities.MINUTE_MS), null, crossing.records, crossing.bytes));
    }

    @Override
    boolean stale(byte[] state, long newestEventMs) {
        return Buckets.decode(state).latestMinute() < Math.floorDiv(newestEventMs, Entities.MINUTE_MS) - keptMinutes;
    }

    private Crossing count(String entity, Transfer t, long minute) {
        Buckets buckets = Buckets.decode(state(entity));
        if (buckets.latestMinute() != Long.MIN_VALUE && minute <= buckets.latestMinute() - keptMinutes) {
            metrics.late(ID);
            return null;
        }
        List<String> classes = Entities.classes(t);
        for (String dataClass : classes) {
            buckets.add(minute, dataClass, t.recordCount(), t.byteCount());
        }
        buckets.prune(buckets.latestMinute() - keptMinutes + 1);
        state(entity, buckets.encode());
        long latest = buckets.latestMinute();
        for (String dataClass : classes) {
            VolumeRules.Threshold threshold = settings.threshold(dataClass);
            // The event counts in every window that ends from its minute up to now (a late one in several).
            for (long end = minute; end <= Math.min(minute + windowMinutes - 1, latest); end++) {
                long[] sum = buckets.sum(dataClass, end, windowMinutes);
                if ((threshold.records() > 0 && sum[0] >= threshold.records())
                        || (threshold.bytes() > 0 && sum[1] >= threshold.bytes())) {
                    return new Crossing(entity, dataClass, sum[0], sum[1], threshold, end);
                }
            }
        }
        return null;
    }

    private static String describe(VolumeRules.Threshold threshold) {
        if (threshold.records() > 0 && threshold.bytes() > 0) {
            return String.format("%,d records or %,d bytes", threshold.records(), threshold.bytes());
        }
        return threshold.records() > 0 ? String.format("%,d records", threshold.records())
                : String.format("%,d bytes", threshold.bytes());
    }
}
