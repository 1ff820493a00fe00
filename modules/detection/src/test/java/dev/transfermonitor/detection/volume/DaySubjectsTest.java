package dev.transfermonitor.detection.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.stream.LongStream;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

class DaySubjectsTest {

    private static long[] hashes(long from, long to) {
        return LongStream.range(from, to).map(i -> i * 0x9E3779B97F4A7C15L).toArray();
    }

    private static DaySubjects roundTrip(DaySubjects day) {
        return DaySubjects.decode(ByteBuffer.wrap(day.encode()));
    }

    @Test
    void aFewSubjectsAreCountedExactlyAndRepeatsOnce() {
        DaySubjects day = DaySubjects.empty();
        day.add(hashes(0, 60));
        day.add(hashes(30, 90));

        assertThat(day.estimate()).isEqualTo(90);
        assertThat(roundTrip(day).estimate()).isEqualTo(90);
        assertThat(day.encode()).hasSize(1 + 4 + 90 * 8);
    }

    @Test
    void beyondTheExactLimitItIsTheSketchOfTheSameHashes() {
        DaySubjects day = DaySubjects.empty();
        HllSketch reference = new HllSketch(SlowExfiltrationRule.LG_K, TgtHllType.HLL_4);
        for (long[] batch : new long[][] {hashes(0, 100), hashes(50, 5_000), hashes(4_000, 20_000)}) {
            day.add(batch);
            for (long h : batch) {
                reference.update(h);
            }
        }

        assertThat(day.estimate()).isEqualTo(reference.getEstimate());
        assertThat(roundTrip(day).estimate()).isEqualTo(reference.getEstimate());
        assertThat(roundTrip(day).sketch().toCompactByteArray()).isEqualTo(reference.toCompactByteArray());
    }

    @Test
    void anExactDayTurnsIntoTheSketchItStandsFor() {
        DaySubjects day = DaySubjects.empty();
        day.add(hashes(0, DaySubjects.EXACT_MAX));
        HllSketch reference = new HllSketch(SlowExfiltrationRule.LG_K, TgtHllType.HLL_4);
        for (long h : hashes(0, DaySubjects.EXACT_MAX)) {
            reference.update(h);
        }

        assertThat(day.estimate()).isEqualTo(DaySubjects.EXACT_MAX);
        HllSketch built = roundTrip(day).sketch();
        assertThat(built.getEstimate()).isEqualTo(reference.getEstimate());
        Union union = new Union(SlowExfiltrationRule.LG_K);
        union.update(built);
        union.update(reference);
        assertThat(union.getEstimate()).as("the same subjects").isEqualTo(reference.getEstimate());
    }

    @Test
    void bytesOfAnotherKindAreRefused() {
        assertThatThrownBy(() -> DaySubjects.decode(ByteBuffer.wrap(new byte[] {'X', 0})))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
