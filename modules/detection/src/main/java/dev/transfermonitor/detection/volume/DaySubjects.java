package dev.transfermonitor.detection.volume;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;

/**
 * One entity's distinct subjects of one day: exactly, as a sorted set of subject hashes, while
 * there are few (most entities most days), and as an HLL sketch beyond. The set is turned into
 * the sketch it stands for when needed, from the same hashes, so both count alike. Reading and
 * writing a small set costs a fraction of a sketch's, and an entity's day is read and written
 * on each of its events. The stored image is a state format (a changelog survives upgrades);
 * outside this package only {@link #imageOf} and {@link #addTo} are open, for benchmarks.
 */
public final class DaySubjects {

    /** 128 hashes: 1 KB, about what a sketch of that many takes. */
    static final int EXACT_MAX = 128;

    private static final byte EXACT = 'E';
    private static final byte SKETCH = 'H';

    private long[] exact; // sorted, distinct; null once a sketch
    private int size;
    private HllSketch sketch;

    private DaySubjects(long[] exact, int size, HllSketch sketch) {
        this.exact = exact;
        this.size = size;
        this.sketch = sketch;
    }

    static DaySubjects empty() {
        return new DaySubjects(new long[8], 0, null);
    }

    /** The stored image of a day that saw these subject keys. */
    public static byte[] imageOf(List<String> subjectKeys) {
        DaySubjects day = empty();
        day.add(SlowExfiltrationRule.hashes(subjectKeys));
        return day.encode();
    }

    /** What the slow-exfiltration rule does per event and entity: the stored day, with the keys added, stored again. */
    public static byte[] addTo(byte[] image, List<String> subjectKeys) {
        DaySubjects day = decode(ByteBuffer.wrap(image));
        day.add(SlowExfiltrationRule.hashes(subjectKeys));
        return day.encode();
    }

    void add(long[] hashes) {
        for (long hash : hashes) {
            if (sketch != null) {
                sketch.update(hash);
                continue;
            }
            int at = Arrays.binarySearch(exact, 0, size, hash);
            if (at >= 0) {
                continue;
            }
            if (size == EXACT_MAX) {
                sketch = toSketch();
                exact = null;
                sketch.update(hash);
                continue;
            }
            int insert = -at - 1;
            if (size == exact.length) {
                exact = Arrays.copyOf(exact, Math.min(EXACT_MAX, size * 2));
            }
            System.arraycopy(exact, insert, exact, insert + 1, size - insert);
            exact[insert] = hash;
            size++;
        }
    }

    /** Whether the day is still its exact set of hashes (not yet a sketch). */
    boolean isExact() {
        return sketch == null;
    }

    /** The hashes held while exact. */
    int size() {
        return size;
    }

    double estimate() {
        return sketch != null ? sketch.getEstimate() : size;
    }

    /** The day as a sketch (a new one while the set is exact). */
    HllSketch sketch() {
        return sketch != null ? sketch : toSketch();
    }

    private HllSketch toSketch() {
        HllSketch built = new HllSketch(SlowExfiltrationRule.LG_K, TgtHllType.HLL_4);
        for (int i = 0; i < size; i++) {
            built.update(exact[i]);
        }
        return built;
    }

    byte[] encode() {
        if (sketch != null) {
            byte[] image = sketch.toCompactByteArray();
            return ByteBuffer.allocate(1 + image.length).put(SKETCH).put(image).array();
        }
        ByteBuffer out = ByteBuffer.allocate(1 + Integer.BYTES + size * Long.BYTES)
                .put(EXACT)
                .putInt(size);
        out.asLongBuffer().put(exact, 0, size);
        return out.array();
    }

    /** The hashes in the image of an exact set, read from its header. */
    static int exactSize(byte[] image) {
        if (image[0] != EXACT) {
            throw new IllegalArgumentException("not an exact set of subjects: " + image[0]);
        }
        return ByteBuffer.wrap(image, 1, Integer.BYTES).getInt();
    }

    /** Reads the rest of {@code in}. */
    static DaySubjects decode(ByteBuffer in) {
        byte kind = in.get();
        if (kind == EXACT) {
            int n = in.getInt();
            long[] hashes = new long[Math.max(8, Math.min(EXACT_MAX, n + 8))];
            in.asLongBuffer().get(hashes, 0, n);
            return new DaySubjects(hashes, n, null);
        }
        if (kind != SKETCH) {
            throw new IllegalArgumentException("not a day's subjects: " + kind);
        }
        byte[] image = new byte[in.remaining()];
        in.get(image);
        return new DaySubjects(null, 0, HllSketch.heapify(image));
    }
}
