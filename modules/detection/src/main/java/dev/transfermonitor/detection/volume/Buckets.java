package dev.transfermonitor.detection.volume;

import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entity's records and bytes per minute and data class, for the minutes that a window
 * plus its grace can still reach; a few hundred bytes in the store.
 *
 * <p>Bounded by construction, whatever the events: at most {@link #MAX_CLASSES} distinct
 * class names (the vocabulary, UNCLASSIFIED and {@link #OTHER}; a class beyond them, or a
 * name too long, is counted under {@link #OTHER}), and at most {@link #MAX_MINUTES} minutes
 * (the rule prunes to window plus grace, each at most an hour, and refuses older events). So
 * at most 66 x 120 = 7,920 buckets of 21 bytes and 66 names of at most 65 bytes:
 * {@link #MAX_ENCODED_BYTES} = 14 + 4,290 + 166,320 = 170,624 bytes, a sixth of the 1 MiB
 * that a changelog record may hold.
 */
final class Buckets {

    /** Where classes outside the vocabulary are counted, together; judged by the fallback threshold. */
    static final String OTHER = "*";

    static final int MAX_CLASSES = RuleSet.MAX_DATA_CLASSES + 2;
    static final int MAX_MINUTES =
            (int) (VolumeSettings.Burst.MAX_WINDOW.toMinutes() + VolumeSettings.Burst.MAX_GRACE.toMinutes());
    private static final int BUCKET_BYTES = Integer.BYTES + 1 + 2 * Long.BYTES;
    private static final int HEADER_BYTES = 1 + Long.BYTES + 1 + Integer.BYTES;
    static final int MAX_ENCODED_BYTES =
            HEADER_BYTES + MAX_CLASSES * (1 + RuleSet.MAX_DATA_CLASS_LENGTH) + MAX_CLASSES * MAX_MINUTES * BUCKET_BYTES;
    private static final byte FORMAT = 2;

    /** One minute of one class (an index into the names). */
    private record Bucket(long minute, int dataClass, long records, long bytes) {}

    private final List<String> names;
    private final List<Bucket> buckets;
    private long latestMinute;

    private Buckets(List<String> names, List<Bucket> buckets, long latestMinute) {
        this.names = names;
        this.buckets = buckets;
        this.latestMinute = latestMinute;
    }

    static Buckets empty() {
        return new Buckets(new ArrayList<>(4), new ArrayList<>(), Long.MIN_VALUE);
    }

    long latestMinute() {
        return latestMinute;
    }

    /**
     * Adds to the minute's bucket of the class; returns the class it was counted under, which is
     * {@link #OTHER} when the entity already holds as many classes as it may, or the name is too long.
     */
    String add(long minute, String dataClass, long records, long bytes) {
        int index = index(dataClass);
        latestMinute = Math.max(latestMinute, minute);
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.minute == minute && b.dataClass == index) {
                buckets.set(i, new Bucket(minute, index, b.records + records, b.bytes + bytes));
                return names.get(index);
            }
        }
        buckets.add(new Bucket(minute, index, records, bytes));
        return names.get(index);
    }

    private int index(String dataClass) {
        int at = names.indexOf(dataClass);
        if (at >= 0) {
            return at;
        }
        // The last free place is kept for OTHER, so every class has somewhere to go.
        boolean fits = names.size() < MAX_CLASSES - (names.contains(OTHER) ? 0 : 1)
                && dataClass.getBytes(StandardCharsets.UTF_8).length <= RuleSet.MAX_DATA_CLASS_LENGTH;
        String name = fits ? dataClass : OTHER;
        at = names.indexOf(name);
        if (at < 0) {
            names.add(name);
            at = names.size() - 1;
        }
        return at;
    }

    /** Drops minutes before {@code oldestKept}, and the names no bucket uses any more. */
    void prune(long oldestKept) {
        buckets.removeIf(b -> b.minute < oldestKept);
        boolean[] used = new boolean[names.size()];
        for (Bucket b : buckets) {
            used[b.dataClass] = true;
        }
        int[] renumbered = new int[names.size()];
        List<String> kept = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (used[i]) {
                renumbered[i] = kept.size();
                kept.add(names.get(i));
            }
        }
        if (kept.size() == names.size()) {
            return;
        }
        buckets.replaceAll(b -> new Bucket(b.minute, renumbered[b.dataClass], b.records, b.bytes));
        names.clear();
        names.addAll(kept);
    }

    /**
     * Records ({@code [0]}) and bytes ({@code [1]}) of a class per minute from {@code fromMinute}
     * to {@code toMinute}, index 0 being {@code fromMinute}: one pass over the buckets, from which
     * the rule sums every window it needs.
     */
    long[][] perMinute(String dataClass, long fromMinute, long toMinute) {
        int length = (int) (toMinute - fromMinute + 1);
        long[][] out = new long[2][Math.max(0, length)];
        int index = names.indexOf(dataClass);
        if (index < 0 || length <= 0) {
            return out;
        }
        for (Bucket b : buckets) {
            if (b.dataClass == index && b.minute >= fromMinute && b.minute <= toMinute) {
                out[0][(int) (b.minute - fromMinute)] += b.records;
                out[1][(int) (b.minute - fromMinute)] += b.bytes;
            }
        }
        return out;
    }

    /** Distinct class names held; at most {@link #MAX_CLASSES}. */
    int classCount() {
        return names.size();
    }

    /**
     * Format 2: format, latest minute, the class names (length byte, ASCII), then each bucket as
     * minutes before the latest (int), class index (byte), records and bytes.
     */
    byte[] encode() {
        int size = HEADER_BYTES + buckets.size() * BUCKET_BYTES;
        List<byte[]> encodedNames = new ArrayList<>(names.size());
        for (String name : names) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            encodedNames.add(bytes);
            size += 1 + bytes.length;
        }
        ByteBuffer out =
                ByteBuffer.allocate(size).put(FORMAT).putLong(latestMinute).put((byte) names.size());
        for (byte[] name : encodedNames) {
            out.put((byte) name.length).put(name);
        }
        out.putInt(buckets.size());
        for (Bucket b : buckets) {
            out.putInt((int) (latestMinute - b.minute))
                    .put((byte) b.dataClass)
                    .putLong(b.records)
                    .putLong(b.bytes);
        }
        return out.array();
    }

    /** State of an earlier format reads as none: the window fills again within minutes. */
    static Buckets decode(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != FORMAT) {
            return empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long latest = in.getLong();
        int classes = Byte.toUnsignedInt(in.get());
        List<String> names = new ArrayList<>(classes + 1);
        for (int i = 0; i < classes; i++) {
            byte[] name = new byte[Byte.toUnsignedInt(in.get())];
            in.get(name);
            names.add(new String(name, StandardCharsets.UTF_8));
        }
        int n = in.getInt();
        List<Bucket> list = new ArrayList<>(n + 1);
        for (int i = 0; i < n; i++) {
            long minute = latest - in.getInt();
            list.add(new Bucket(minute, Byte.toUnsignedInt(in.get()), in.getLong(), in.getLong()));
        }
        return new Buckets(names, list, latest);
    }
}
