package dev.transfermonitor.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The slow-exfiltration rule's per-event sketch work (lgK 12, HLL_4), for an entity whose day
 * sketch already holds {@code distinct} subjects: {@code update} adds one read's subject keys to a
 * live sketch; {@code roundTrip} is what the rule does per event today, because the sketch lives
 * in the state store as bytes: heapify the stored image, add the keys, serialise it back.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SketchBench {

    @Param({"50", "5000"})
    public int distinct;

    private HllSketch live;
    private byte[] image;
    private List<String>[] reads;
    private int next;

    @Setup
    public void setUp() {
        live = new HllSketch(12, TgtHllType.HLL_4);
        for (int i = 0; i < distinct; i++) {
            live.update("subject-" + i);
        }
        image = live.toCompactByteArray();
        reads = Samples.subjectReads();
    }

    @Benchmark
    public HllSketch update() {
        for (String key : reads[next++ & (Samples.SIZE - 1)]) {
            live.update(key);
        }
        return live;
    }

    @Benchmark
    public byte[] roundTrip() {
        HllSketch sketch = HllSketch.heapify(image);
        for (String key : reads[next++ & (Samples.SIZE - 1)]) {
            sketch.update(key);
        }
        return sketch.toCompactByteArray();
    }
}
