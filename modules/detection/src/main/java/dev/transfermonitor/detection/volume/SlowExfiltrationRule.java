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
import java.util.List;
import java.util.function.Predicate;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Slow exfiltration: distinct data subjects per credential and per principal over a long
 * horizon (default 30 days), counted in one HyperLogLog sketch per entity and day (UTC,
 * event time). Per entity the store holds today's sketch, the sketch of each earlier day in
 * the horizon, and their union, rebuilt once a day, so one event costs one sketch read and
 * write; the union is only merged with today's when their estimates together could reach
 * the threshold. A key that reads 2,000 new customers a day, always under the burst
 * threshold, crosses 10,000 on its fifth day. ATT&CK T1030 (Data Transfer Size Limits).
 *
 * <p>Sketches have lgK = 12 (HLL_4): relative standard error 1.6%, at most about 2.7 KB each.
 */
final class SlowExfiltrationRule extends StatefulRule {

    static final String ID = "slow-exfiltration";
    static final String STORE = "slow-state";
    static final int LG_K = 12;
    private static final String HORIZON = Entities.SUB + "H";

    private final VolumeRules.Slow settings;
    private final DetectionMetrics metrics;
    private final int horizonDays;
    private final long graceDays;
    private final StringSerializer keys = new StringSerializer();

    SlowExfiltrationRule(VolumeRules.Slow settings, DetectionMetrics metrics, Predicate<Transfer> holdsRestricted) {
        super(ID, STORE, holdsRestricted);
        this.settings = settings;
        this.metrics = metrics;
        this.horizonDays = settings.horizonDays();
        this.graceDays = Math.max(0, settings.grace().toDays());
    }




    @Override
    void evaluate(Transfer t, Verdict verdict) {
        if (t.subjectKeys().isEmpty()) {
            return;
        }
        long day = Entities.day(t);
        String credential = Entities.credential(t);
        long byCredential = credential == null ? -1 : count(credential, t, day);
        long byPrincipal = count(Entities.principal(t), t, day);
        String entity;
        long estimate;
        if (byCredential >= settings.distinctSubjects()) {
            entity = credential;
            estimate = byCredential;
        } else if (byPrincipal >= settings.distinctSubjects()) {
            entity = Entities.principal(t);
            estimate = byPrincipal;
        } else {
            return;
        }
        Risk.Score score = Risk.of(AlertType.SLOW_EXFILTRATION, t, restrictedData(t), estimate);
        String summary = String.format("%s read about %,d distinct data subjects in the last %d days, over the threshold of %,d.",
                Entities.describe(entity), estimate, horizonDays, settings.distinctSubjects());
        verdict.add(new Finding(AlertType.SLOW_EXFILTRATION, ID,
                "SLOW_EXFILTRATION|" + Entities.printable(entity) + '|' + Entities.dayText(day),
                score.severity(), score.riskScore(), summary, t.origin().jurisdiction(), t.destination().jurisdiction(),
                t.dataClasses(), null, null, List.of("T1030"),
                Instant.ofEpochMilli((day - horizonDays + 1) * Entities.DAY_MS),
                Instant.ofEpochMilli((day + 1) * Entities.DAY_MS), estimate, null, null));
    }

    @Override
    void expire(long newestEventMs) {
        long oldest = Math.floorDiv(newestEventMs, Entities.DAY_MS) - horizonDays - graceDays;
        // Today records carry the entity's newest day; an entity idle for a whole horizon goes with all its days.
        sweep((key, value) -> key.indexOf(Entities.SUB) < 0 && ByteBuffer.wrap(value).getLong() < oldest,
                entity -> {
                    store.delete(entity);
                    List<String> sub = new java.util.ArrayList<>();
                    try (KeyValueIterator<String, byte[]> keysOf = store.prefixScan(entity + Entities.SUB, keys)) {
                        keysOf.forEachRemaining(e -> sub.add(e.key));
                    }
                    sub.forEach(store::delete);
                });
    }

    /** Adds the transfer's subjects to the entity's sketches; returns the horizon estimate, or -1 when too late. */
    private long count(String entity, Transfer t, long day) {
        Today today = Today.decode(store.get(entity));
        if (today == null) {
            today = new Today(day, 0, new HllSketch(LG_K, TgtHllType.HLL_4));
        } else if (day > today.day) {
            today = roll(entity, today, day);
        } else if (day < today.day) {
            if (today.day - day > graceDays) {
                metrics.late(ID);
                return -1;
            }
            if (day > today.day - horizonDays) {
                addToPastDay(entity, day, t.subjectKeys());
                HllSketch horizon = sketch(store.get(entity + HORIZON));
                t.subjectKeys().forEach(horizon::update);
                store.put(entity + HORIZON, horizon.toCompactByteArray());
                today = new Today(today.day, horizon.getEstimate(), today.sketch);
                store.put(entity, today.encode());
            }
            return estimate(entity, today);
        }
        for (String key : t.subjectKeys()) {
            today.sketch.update(key);
        }
        store.put(entity, today.encode());
        return estimate(entity, today);
    }

    private long estimate(String entity, Today today) {
        double todayEstimate = today.sketch.getEstimate();
        // A union is never larger than the sum of its parts: skip the merge while the sum is short.
        if (today.earlierEstimate + todayEstimate < settings.distinctSubjects()) {
            return Math.round(Math.max(today.earlierEstimate, todayEstimate));
        }
        Union union = new Union(LG_K);
        byte[] horizon = store.get(entity + HORIZON);
        if (horizon != null) {
            union.update(HllSketch.heapify(horizon));
        }
        union.update(today.sketch);
        return Math.round(union.getEstimate());
    }

    /** A new day: keep yesterday's sketch by its day, rebuild the union of the days still in the horizon. */
    private Today roll(String entity, Today previous, long day) {
        store.put(dayKey(entity, previous.day), previous.sketch.toCompactByteArray());
        Union union = new Union(LG_K);
        long oldest = day - horizonDays + 1;
        String prefix = entity + Entities.SUB;
        try (KeyValueIterator<String, byte[]> days = store.prefixScan(prefix, keys)) {
            while (days.hasNext()) {
                KeyValue<String, byte[]> entry = days.next();
                String suffix = entry.key.substring(prefix.length());
                if (!isDay(suffix)) {
                    continue; // the union itself
                }
                long entryDay = Long.parseLong(suffix);
                if (entryDay < oldest - graceDays) {
                    store.delete(entry.key);
                } else if (entryDay >= oldest) {
                    union.update(HllSketch.heapify(entry.value));
                }
            }
        }
        HllSketch horizon = union.getResult(TgtHllType.HLL_4);
        store.put(entity + HORIZON, horizon.toCompactByteArray());
        return new Today(day, horizon.getEstimate(), new HllSketch(LG_K, TgtHllType.HLL_4));
    }

    private static boolean isDay(String text) {
        if (text.isEmpty() || text.length() > 9) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void addToPastDay(String entity, long day, List<String> subjectKeys) {
        String key = dayKey(entity, day);
        HllSketch sketch = sketch(store.get(key));
        subjectKeys.forEach(sketch::update);
        store.put(key, sketch.toCompactByteArray());
    }

    private static String dayKey(String entity, long day) {
        return entity + Entities.SUB + day;
    }

    private static HllSketch sketch(byte[] bytes) {
        return bytes == null ? new HllSketch(LG_K, TgtHllType.HLL_4) : HllSketch.heapify(bytes);
    }

    /** Today's sketch and the estimate of the earlier days in the horizon. */
    private record Today(long day, double earlierEstimate, HllSketch sketch) {

        byte[] encode() {
            byte[] image = sketch.toCompactByteArray();
            return ByteBuffer.allocate(Long.BYTES + Double.BYTES + image.length)
                    .putLong(day).putDouble(earlierEstimate).put(image).array();
        }

        static Today decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long day = in.getLong();
            double earlier = in.getDouble();
            byte[] image = new byte[in.remaining()];
            in.get(image);
            return new Today(day, earlier, HllSketch.heapify(image));
        }
    }
}
