package dev.transfermonitor.detection.ledger;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

/**
 * The subject sketch of a ledger entry: an Apache DataSketches HLL sketch (lgK 12, HLL_4, as
 * the slow-exfiltration rule uses) of the entry's pseudonymous subject keys, compact-serialised.
 * A few keys stay in the sketch's list mode (a few bytes each); the most it takes is about 2.1 KB.
 */
public final class SubjectSketches {

    public static final int LG_K = 12;
    public static final TgtHllType TYPE = TgtHllType.HLL_4;

    private SubjectSketches() {}

    /** The sketch of these keys, or null when there are none (replications, empty reads). */
    public static ByteBuffer of(List<String> subjectKeys) {
        if (subjectKeys == null || subjectKeys.isEmpty()) {
            return null;
        }
        HllSketch sketch = new HllSketch(LG_K, TYPE);
        for (int i = 0; i < subjectKeys.size(); i++) {
            sketch.update(subjectKeys.get(i));
        }
        return ByteBuffer.wrap(sketch.toCompactByteArray());
    }

    /** A union to which the sketches of many entries are added. */
    public static Union union() {
        return new Union(LG_K);
    }

    /** Adds one entry's sketch to a union; null (no subjects) adds nothing. */
    public static void add(Union union, ByteBuffer sketch) {
        if (sketch == null) {
            return;
        }
        ByteBuffer copy = sketch.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        union.update(HllSketch.heapify(bytes));
    }
}
