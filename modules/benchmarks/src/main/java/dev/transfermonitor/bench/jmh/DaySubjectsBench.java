package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.detection.volume.DaySubjects;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the slow-exfiltration rule does per event and entity with today's subjects now, beside
 * {@code SketchBench.roundTrip} (what it did): read the stored day, hash one read's subject
 * keys, add them, write the day back ({@link DaySubjects#addTo}). With {@code distinct} 50 the
 * day is an exact set; with 5,000 a sketch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DaySubjectsBench {

    @Param({"50", "5000"})
    public int distinct;

    private byte[] image;
    private List<String>[] reads;
    private int next;

    @Setup
    public void setUp() {
        String[] keys = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            keys[i] = "subject-" + i;
        }
        image = DaySubjects.imageOf(List.of(keys));
        reads = Samples.subjectReads();
    }

    @Benchmark
    public byte[] roundTrip() {
        return DaySubjects.addTo(image, reads[next++ & (Samples.SIZE - 1)]);
    }
}
