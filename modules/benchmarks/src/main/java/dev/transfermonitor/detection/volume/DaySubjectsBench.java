package dev.transfermonitor.detection.volume;

import dev.transfermonitor.bench.jmh.Samples;
import java.nio.ByteBuffer;
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
 * keys, add them, write the day back. With {@code distinct} 50 the day is an exact set; with
 * 5,000 a sketch. (In this package because the day's class is the rule's own.)
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
        DaySubjects day = DaySubjects.empty();
        String[] keys = new String[distinct];
        for (int i = 0; i < distinct; i++) {
            keys[i] = "subject-" + i;
        }
        day.add(SlowExfiltrationRule.hashes(List.of(keys)));
        image = day.encode();
        reads = Samples.subjectReads();
    }

    @Benchmark
    public byte[] roundTrip() {
        DaySubjects day = DaySubjects.decode(ByteBuffer.wrap(image));
        day.add(SlowExfiltrationRule.hashes(reads[next++ & (Samples.SIZE - 1)]));
        return day.encode();
    }
}
