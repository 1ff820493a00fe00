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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Slow exfiltration: distinct data subjects per credential and per principal over a long
 * horizon (default 30 days), counted in one HyperLogLog sketch per entity and day (UTC,
 * event time). The entity's record holds today's sketch with the estimates of the earlier
 * days; an earlier day of few subjects stays in the record as its exact set (up to
 * {@link #INLINE_HASHES} hashes in all), and the rule's own store holds the sketch of each
 * other earlier day in the horizon. So one event costs one sketch read and write, a day's end
 * mostly no store write of its own, and the days are merged only when their estimates
 * together could reach the threshold, at most once a day (kept as the union of the earlier
 * days). A key that reads 2,000 new customers a day, always under the burst threshold, crosses 10,000 on its fifth day. ATT&CK T1030 (Data Transfer Size Limits).
 *
 * <p>Sketches have lgK = 12 (HLL_4): relative standard error 1.6%, at most about 2.7 KB each.
 */
final class SlowExfiltrationRule extends StatefulRule {

    static final String ID = "slow-exfiltration";
    static final String DAYS = "slow-days";
    static final int LG_K = 12;
    static final String HORIZON = Entities.SUB + "H";
    /** Hashes of earlier days kept in the entity's record (2 KB) rather than as sketches of their own. */
    static final int INLINE_HASHES = 256;

    private final VolumeSettings.Slow settings;
    private final DetectionMetrics metrics;
    private final int horizonDays;
    private final long graceDays;
    private final StringSerializer keys = new StringSerializer();
    private KeyValueStore<String, byte[]> days;

    SlowExfiltrationRule(VolumeSettings.Slow settings, DetectionMetrics metrics, Predicate<Transfer> holdsRestricted) {
        super(ID, holdsRestricted);
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
        long[] subjects = hashes(t.subjectKeys());
        String credential = Entities.credential(t);
        long byCredential = credential == null ? -1 : count(credential, subjects, day);
        long byPrincipal = count(Entities.principal(t), subjects, day);
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
        String summary = String.format(
                "%s read about %,d distinct data subjects in the last %d days, over the threshold of %,d.",
                Entities.describe(entity), estimate, horizonDays, settings.distinctSubjects());
        verdict.add(Finding.of(AlertType.SLOW_EXFILTRATION, ID, Entities.alertKey(AlertType.SLOW_EXFILTRATION, entity))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(t.dataClasses())
                .mitreTechniques(List.of("T1030"))
                .window(UtcDays.start(day - horizonDays + 1), UtcDays.end(day))
                .distinctSubjects(estimate)
                .build());
    }

    @Override
    List<StoreBuilder<KeyValueStore<String, byte[]>>> stores() {
        return List.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DAYS), Serdes.String(), Serdes.ByteArray())
                        .withCachingDisabled());
    }

    @Override
    void init(FixedKeyProcessorContext<?, ?> context, EntityStates states, int part) {
        super.init(context, states, part);
        days = context.getStateStore(DAYS);
    }

    /** Today's record carries the entity's newest day; an entity idle for a whole horizon goes with all its days. */
    @Override
    boolean stale(byte[] state, long newestEventMs) {
        return ByteBuffer.wrap(state).getLong(1) < UtcDays.ofEpochMilli(newestEventMs) - horizonDays - graceDays;
    }

    @Override
    void forget(String entity) {
        List<String> keysOf = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = days.prefixScan(entity + Entities.SUB, keys)) {
            all.forEachRemaining(e -> keysOf.add(e.key));
        }
        keysOf.forEach(days::delete);
    }

    /** Adds the transfer's subjects to the entity's sketches; returns the horizon estimate, or -1 when too late. */
    private long count(String entity, long[] subjects, long day) {
        Today today = Today.decode(state(entity));
        if (today == null) {
            today = new Today(day, new long[0], new double[0], DaySubjects.empty());
        } else if (day > today.day) {
            today = roll(entity, today, day);
        } else if (day < today.day) {
            if (today.day - day > graceDays) {
                metrics.late(ID);
                return -1;
            }
            if (day > today.day - horizonDays) {
                today = addToPastDay(entity, today, day, subjects);
                state(entity, today.encode());
                // The union of the earlier days, if this day has one, no longer holds: it is rebuilt when needed.
                if (days.get(entity + HORIZON) != null) {
                    days.delete(entity + HORIZON);
                }
            }
            return estimate(entity, today);
        }
        today.subjects.add(subjects);
        state(entity, today.encode());
        return estimate(entity, today);
    }

    /**
     * The distinct subjects of the horizon. A union is never much larger than the sum of its
     * parts, so while the days' estimates add up to less than the threshold, the larger of them
     * stands in (the rule only asks whether the threshold is reached); only an entity that may
     * have reached it pays for merging its days, once a day, and then today's sketch per event.
     */
    private long estimate(String entity, Today today) {
        double todayEstimate = today.subjects.estimate();
        double earlierSum = today.earlierSum(horizonDays);
        if (earlierSum + todayEstimate < settings.distinctSubjects()) {
            return Math.round(Math.max(today.earlierMax(horizonDays), todayEstimate));
        }
        HllSketch earlier = earlierUnion(entity, today);
        Union union = new Union(LG_K);
        union.update(earlier);
        union.update(today.subjects.sketch());
        return Math.round(union.getEstimate());
    }

    /** The union of the earlier days in the horizon, kept under the entity's HORIZON key for the current day. */
    private HllSketch earlierUnion(String entity, Today today) {
        byte[] kept = days.get(entity + HORIZON);
        if (kept != null && unionDay(kept) == today.day) {
            return unionSketch(kept);
        }
        Union union = new Union(LG_K);
        long oldest = today.day - horizonDays + 1;
        for (int i = 0; i < today.days.length; i++) {
            if (today.days[i] < oldest) {
                continue;
            }
            if (today.kept[i] != null) {
                union.update(today.keptDay(i).sketch());
                continue;
            }
            byte[] sketch = days.get(dayKey(entity, today.days[i]));
            if (sketch != null) {
                union.update(HllSketch.heapify(sketch));
            }
        }
        HllSketch earlier = union.getResult(TgtHllType.HLL_4);
        days.put(entity + HORIZON, union(today.day, earlier));
        return earlier;
    }

    /** The union kept under an entity's HORIZON key: the day it was made for (8 bytes), then the compact sketch. */
    static byte[] union(long day, HllSketch earlier) {
        byte[] image = earlier.toCompactByteArray();
        return ByteBuffer.allocate(Long.BYTES + image.length)
                .putLong(day)
                .put(image)
                .array();
    }

    static long unionDay(byte[] union) {
        return ByteBuffer.wrap(union).getLong();
    }

    static HllSketch unionSketch(byte[] union) {
        return HllSketch.heapify(Arrays.copyOfRange(union, Long.BYTES, union.length));
    }

    /**
     * A new day: keep the day that ended, with its estimate, in the record while its exact set
     * fits the budget, else as a sketch of its own; forget the days out of the horizon.
     */
    private Today roll(String entity, Today previous, long day) {
        long oldest = day - horizonDays + 1;
        byte[] inline = null;
        if (previous.day >= oldest) {
            DaySubjects closed = previous.subjects;
            if (closed.isExact() && previous.keptHashes(oldest) + closed.size() <= INLINE_HASHES) {
                inline = closed.encode();
            } else {
                days.put(dayKey(entity, previous.day), closed.sketch().toCompactByteArray());
            }
        }
        Today rolled = previous.rollTo(day, previous.subjects.estimate(), oldest, inline);
        for (int i = 0; i < previous.days.length; i++) {
            if (previous.days[i] < oldest && previous.kept[i] == null) {
                days.delete(dayKey(entity, previous.days[i]));
            }
        }
        return rolled; // a union kept for an earlier day is stamped with it, so it no longer counts
    }

    /** Adds subjects to a past day (kept in the record or as its own sketch, or new); returns the new record. */
    private Today addToPastDay(String entity, Today today, long day, long[] subjects) {
        long oldest = today.day - horizonDays + 1;
        int at = today.indexOf(day);
        DaySubjects inline = at < 0 ? DaySubjects.empty() : today.keptDay(at);
        if (inline != null) {
            long others = today.keptHashes(oldest) - inline.size();
            inline.add(subjects);
            if (inline.isExact() && others + inline.size() <= INLINE_HASHES) {
                return today.withPastDay(day, inline.estimate(), inline.encode());
            }
            days.put(dayKey(entity, day), inline.sketch().toCompactByteArray());
            return today.withPastDay(day, inline.estimate(), null);
        }
        String key = dayKey(entity, day);
        byte[] bytes = days.get(key);
        HllSketch sketch = bytes == null ? new HllSketch(LG_K, TgtHllType.HLL_4) : HllSketch.heapify(bytes);
        for (long subject : subjects) {
            sketch.update(subject);
        }
        days.put(key, sketch.toCompactByteArray());
        return today.withPastDay(day, sketch.getEstimate(), null);
    }

    /**
     * The subject keys, hashed once for both entities' sketches (which hash again). The keys
     * are already keyed hashes (64 hex digits from the emitter SDK), so FNV-1a in four
     * interleaved lanes, which the CPU multiplies side by side, and a 64-bit finaliser spread
     * them well, at a quarter of the time of one lane; the test of the sketch's error covers it.
     */
    static long[] hashes(List<String> subjectKeys) {
        long[] hashes = new long[subjectKeys.size()];
        for (int k = 0; k < hashes.length; k++) {
            hashes[k] = hash(subjectKeys.get(k));
        }
        return hashes;
    }

    private static final long FNV_PRIME = 0x100000001b3L;

    static long hash(String key) {
        int n = key.length();
        long a = 0xcbf29ce484222325L;
        long b = 0x84222325cbf29ce4L;
        long c = 0x9e3779b97f4a7c15L;
        long d = 0xc2b2ae3d27d4eb4fL;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            a = (a ^ key.charAt(i)) * FNV_PRIME;
            b = (b ^ key.charAt(i + 1)) * FNV_PRIME;
            c = (c ^ key.charAt(i + 2)) * FNV_PRIME;
            d = (d ^ key.charAt(i + 3)) * FNV_PRIME;
        }
        for (; i < n; i++) {
            a = (a ^ key.charAt(i)) * FNV_PRIME;
        }
        return mix(
                mix(a) ^ Long.rotateLeft(mix(b), 16) ^ Long.rotateLeft(mix(c), 32) ^ Long.rotateLeft(mix(d), 48) ^ n);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** The key of an entity's past day in {@value #DAYS}; the union is under the entity and {@code HORIZON}. */
    static String dayKey(String entity, long day) {
        return entity + Entities.SUB + day;
    }

    /**
     * Today's subjects, and the earlier days, each with its estimate (oldest first) and, for a
     * day of few subjects, the image of its exact set ({@code kept}; null where the day has a
     * sketch of its own under the entity's day key), so that neither a new day nor the bound
     * needs the day sketches themselves. The images stay bytes: an event only copies them, and
     * they are decoded only to merge the days or to add a late event to one.
     */
    record Today(long day, long[] days, double[] estimates, byte[][] kept, DaySubjects subjects) {

        private static final byte FORMAT = 4;
        /** Before earlier days could be kept in the record: every earlier day has a sketch of its own. */
        private static final byte FORMAT_SKETCHED_DAYS = 3;

        Today(long day, long[] days, double[] estimates, DaySubjects subjects) {
            this(day, days, estimates, new byte[days.length][], subjects);
        }

        double earlierSum(int horizonDays) {
            double sum = 0;
            for (int i = 0; i < days.length; i++) {
                if (days[i] > day - horizonDays) {
                    sum += estimates[i];
                }
            }
            return sum;
        }

        double earlierMax(int horizonDays) {
            double max = 0;
            for (int i = 0; i < days.length; i++) {
                if (days[i] > day - horizonDays) {
                    max = Math.max(max, estimates[i]);
                }
            }
            return max;
        }

        /** Hashes kept in the record for the days from {@code oldest} on. */
        int keptHashes(long oldest) {
            int n = 0;
            for (int i = 0; i < days.length; i++) {
                if (kept[i] != null && days[i] >= oldest) {
                    n += DaySubjects.exactSize(kept[i]);
                }
            }
            return n;
        }

        /** The exact set kept for earlier day {@code i}, decoded; null when the day has a sketch of its own. */
        DaySubjects keptDay(int i) {
            return kept[i] == null ? null : DaySubjects.decode(ByteBuffer.wrap(kept[i]));
        }

        int indexOf(long pastDay) {
            for (int i = 0; i < days.length; i++) {
                if (days[i] == pastDay) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * Today becomes a past day with {@code estimate}, kept as {@code inline} (null: it has a
         * sketch of its own); days before {@code oldest} are dropped.
         */
        Today rollTo(long newDay, double estimate, long oldest, byte[] inline) {
            int count = 0;
            for (long d : days) {
                if (d >= oldest) {
                    count++;
                }
            }
            boolean keepToday = day >= oldest;
            long[] newDays = new long[count + (keepToday ? 1 : 0)];
            double[] newEstimates = new double[newDays.length];
            byte[][] newKept = new byte[newDays.length][];
            int i = 0;
            for (int j = 0; j < days.length; j++) {
                if (days[j] >= oldest) {
                    newDays[i] = days[j];
                    newKept[i] = kept[j];
                    newEstimates[i++] = estimates[j];
                }
            }
            if (keepToday) {
                newDays[i] = day;
                newEstimates[i] = estimate;
                newKept[i] = inline;
            }
            return new Today(newDay, newDays, newEstimates, newKept, DaySubjects.empty());
        }

        /** A late event changed a past day: its new estimate and how it is kept (the day may be new). */
        Today withPastDay(long pastDay, double estimate, byte[] inline) {
            int found = indexOf(pastDay);
            if (found >= 0) {
                double[] newEstimates = estimates.clone();
                byte[][] newKept = kept.clone();
                newEstimates[found] = estimate;
                newKept[found] = inline;
                return new Today(day, days, newEstimates, newKept, subjects);
            }
            long[] newDays = Arrays.copyOf(days, days.length + 1);
            double[] newEstimates = Arrays.copyOf(estimates, estimates.length + 1);
            byte[][] newKept = Arrays.copyOf(kept, kept.length + 1);
            int at = newDays.length - 1;
            while (at > 0 && newDays[at - 1] > pastDay) {
                newDays[at] = newDays[at - 1];
                newEstimates[at] = newEstimates[at - 1];
                newKept[at] = newKept[at - 1];
                at--;
            }
            newDays[at] = pastDay;
            newEstimates[at] = estimate;
            newKept[at] = inline;
            return new Today(day, newDays, newEstimates, newKept, subjects);
        }

        byte[] encode() {
            byte[] image = subjects.encode();
            int size = 1 + Long.BYTES + Integer.BYTES + image.length;
            for (byte[] inline : kept) {
                size += Long.BYTES + Float.BYTES + Integer.BYTES + (inline == null ? 0 : inline.length);
            }
            ByteBuffer out = ByteBuffer.allocate(size);
            out.put(FORMAT).putLong(day).putInt(days.length);
            for (int i = 0; i < days.length; i++) {
                out.putLong(days[i]).putFloat((float) estimates[i]);
                if (kept[i] == null) {
                    out.putInt(-1);
                } else {
                    out.putInt(kept[i].length).put(kept[i]);
                }
            }
            return out.put(image).array();
        }

        static Today decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte format = in.get();
            if (format != FORMAT && format != FORMAT_SKETCHED_DAYS) {
                return null; // an earlier format (before 0.2): the entity's count starts again
            }
            long day = in.getLong();
            int n = in.getInt();
            long[] days = new long[n];
            double[] estimates = new double[n];
            byte[][] kept = new byte[n][];
            for (int i = 0; i < n; i++) {
                days[i] = in.getLong();
                estimates[i] = in.getFloat();
                if (format == FORMAT) {
                    int length = in.getInt();
                    if (length >= 0) {
                        kept[i] = new byte[length];
                        in.get(kept[i]);
                    }
                }
            }
            return new Today(day, days, estimates, kept, DaySubjects.decode(in));
        }
    }
}
