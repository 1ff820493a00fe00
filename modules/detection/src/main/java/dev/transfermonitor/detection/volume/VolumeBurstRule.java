package dev.transfermonitor.detection.volume;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rules.Finding;
import dev.transfermonitor.detection.rules.Risk;
import dev.transfermonitor.detection.rules.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Volume burst: records and bytes per principal and per credential in a sliding window
 * (default 10 minutes, one-minute steps), against a threshold per data class. The
 * credential's window is judged first: when it crosses, the alert names the key; otherwise
 * the principal's may. Events later than window plus grace no longer count and are counted
 * as late. ATT&CK T1020 (Automated Exfiltration) and T1530 (Data from Cloud Storage).
 *
 * <p>Only the vocabulary's classes (and UNCLASSIFIED) have buckets of their own. Events cannot
 * name others (the validator refuses them), but an asset may hold some (the inventory is kept
 * as it is): a transfer's classes outside the vocabulary are counted once, together, under
 * {@link Buckets#OTHER}, judged by the fallback threshold (none of them can have a threshold
 * of its own: the rules file only takes thresholds for the vocabulary), and counted in
 * {@code transfer_volume_classes_folded_total}. So an entity's state stays bounded however
 * many classes the assets it touches hold.
 */
final class VolumeBurstRule extends StatefulRule {

    static final String ID = "volume-burst";

    private final VolumeSettings.Burst settings;
    private final Set<String> vocabulary;
    private final DetectionMetrics metrics;
    private final long windowMinutes;
    private final long keptMinutes;

    VolumeBurstRule(
            VolumeSettings.Burst settings,
            Set<String> vocabulary,
            DetectionMetrics metrics,
            Predicate<Transfer> holdsRestricted) {
        super(ID, holdsRestricted);
        this.settings = settings;
        this.vocabulary = Set.copyOf(vocabulary);
        this.metrics = metrics;
        this.windowMinutes = Math.max(1, settings.window().toMinutes());
        this.keptMinutes = windowMinutes + settings.grace().toMinutes();
    }

    private record Crossing(
            String entity,
            String dataClass,
            long records,
            long bytes,
            VolumeSettings.Threshold threshold,
            long minute) {}

    @Override
    void evaluate(Transfer t, Verdict verdict) {
        long minute = Math.floorDiv(t.occurredAt().toEpochMilli(), Entities.MINUTE_MS);
        List<String> unlisted = new ArrayList<>(0);
        List<String> classes = judged(Entities.classes(t), unlisted);
        String credential = Entities.credential(t);
        boolean[] folded = {!unlisted.isEmpty()};
        Crossing byCredential = credential == null ? null : count(credential, t, classes, minute, folded);
        Crossing byPrincipal = count(Entities.principal(t), t, classes, minute, folded);
        if (folded[0]) {
            metrics.classesFolded(ID);
        }
        Crossing crossing = byCredential != null ? byCredential : byPrincipal;
        if (crossing == null) {
            return;
        }
        boolean other = crossing.dataClass.equals(Buckets.OTHER);
        Risk.Score score = Risk.of(AlertType.VOLUME_BURST, t, restrictedData(t), crossing.records);
        String what = other
                ? "records of classes outside the rules' vocabulary (" + listed(unlisted) + ")"
                : crossing.dataClass + " records";
        String summary = String.format(
                "%s moved %,d %s (%,d bytes) in %d minutes, over the threshold of %s.",
                Entities.describe(crossing.entity),
                crossing.records,
                what,
                crossing.bytes,
                windowMinutes,
                describe(crossing.threshold));
        verdict.add(Finding.of(AlertType.VOLUME_BURST, ID, Entities.alertKey(AlertType.VOLUME_BURST, crossing.entity))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(other ? List.copyOf(unlisted) : List.of(crossing.dataClass))
                .mitreTechniques(List.of("T1020", "T1530"))
                .window(
                        Instant.ofEpochMilli((crossing.minute - windowMinutes + 1) * Entities.MINUTE_MS),
                        Instant.ofEpochMilli((crossing.minute + 1) * Entities.MINUTE_MS))
                .totals(crossing.records, crossing.bytes)
                .build());
    }

    @Override
    boolean stale(byte[] state, long newestEventMs) {
        return Buckets.decode(state).latestMinute() < Math.floorDiv(newestEventMs, Entities.MINUTE_MS) - keptMinutes;
    }

    /**
     * The classes the transfer is counted under, each once: those of the vocabulary and
     * UNCLASSIFIED, then OTHER once for all the rest, which are added to {@code unlisted}.
     */
    private List<String> judged(List<String> classes, List<String> unlisted) {
        List<String> judged = new ArrayList<>(classes.size());
        for (String dataClass : classes) {
            List<String> into =
                    vocabulary.contains(dataClass) || dataClass.equals(Entities.UNCLASSIFIED_CLASS) ? judged : unlisted;
            if (!into.contains(dataClass)) { // a class named twice moved its records once
                into.add(dataClass);
            }
        }
        if (!unlisted.isEmpty()) {
            judged.add(Buckets.OTHER);
        }
        return judged;
    }

    private Crossing count(String entity, Transfer t, List<String> classes, long minute, boolean[] folded) {
        Buckets buckets = Buckets.decode(state(entity));
        if (buckets.latestMinute() != Long.MIN_VALUE && minute <= buckets.latestMinute() - keptMinutes) {
            metrics.late(ID);
            return null;
        }
        List<String> counted = new ArrayList<>(classes.size());
        for (String dataClass : classes) {
            // Under OTHER too when the state is full (classes kept from before a change of vocabulary).
            String under = buckets.add(minute, dataClass, t.recordCount(), t.byteCount());
            folded[0] |= !under.equals(dataClass);
            if (!counted.contains(under)) {
                counted.add(under);
            }
        }
        buckets.prune(buckets.latestMinute() - keptMinutes + 1);
        state(entity, buckets.encode());
        long latest = buckets.latestMinute();
        // The event counts in every window that ends from its minute up to now (a late one in several).
        long first = minute - windowMinutes + 1;
        long last = Math.min(minute + windowMinutes - 1, latest);
        for (String dataClass : counted) {
            VolumeSettings.Threshold threshold =
                    dataClass.equals(Buckets.OTHER) ? settings.fallback() : settings.threshold(dataClass);
            long[][] perMinute = buckets.perMinute(dataClass, first, last);
            long records = 0;
            long bytes = 0;
            for (int i = 0; i < windowMinutes; i++) {
                records += perMinute[0][i];
                bytes += perMinute[1][i];
            }
            for (long end = minute; end <= last; end++) {
                if (end > minute) {
                    int in = (int) (end - first);
                    int out = (int) (end - windowMinutes - first);
                    records += perMinute[0][in] - perMinute[0][out];
                    bytes += perMinute[1][in] - perMinute[1][out];
                }
                if ((threshold.records() > 0 && records >= threshold.records())
                        || (threshold.bytes() > 0 && bytes >= threshold.bytes())) {
                    return new Crossing(entity, dataClass, records, bytes, threshold, end);
                }
            }
        }
        return null;
    }

    /** At most three names: the alert lists them all. */
    private static String listed(List<String> classes) {
        if (classes.size() <= 3) {
            return String.join(", ", classes);
        }
        return String.join(", ", classes.subList(0, 3)) + " and " + (classes.size() - 3) + " more";
    }

    private static String describe(VolumeSettings.Threshold threshold) {
        if (threshold.records() > 0 && threshold.bytes() > 0) {
            return String.format("%,d records or %,d bytes", threshold.records(), threshold.bytes());
        }
        return threshold.records() > 0
                ? String.format("%,d records", threshold.records())
                : String.format("%,d bytes", threshold.bytes());
    }
}
