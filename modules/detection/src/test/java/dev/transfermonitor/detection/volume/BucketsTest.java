package dev.transfermonitor.detection.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The burst rule's state of one entity: bounded by construction, whatever classes it is given. */
class BucketsTest {

    private static String longClass(int i) {
        String name = "CLASS_" + i + "_";
        return name + "X".repeat(64 - name.length());
    }

    @Test
    void theWorstInputStaysUnderItsComputedBound() {
        Buckets buckets = Buckets.empty();
        // Every minute the state may keep, each with far more distinct 64-character classes than it may hold.
        for (long minute = 0; minute < Buckets.MAX_MINUTES; minute++) {
            for (int c = 0; c < 200; c++) {
                buckets.add(minute, longClass(c), Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
            }
        }
        buckets.prune(buckets.latestMinute() - Buckets.MAX_MINUTES + 1);

        byte[] encoded = buckets.encode();
        assertThat(buckets.classCount()).isEqualTo(Buckets.MAX_CLASSES);
        assertThat(encoded.length)
                .isLessThanOrEqualTo(Buckets.MAX_ENCODED_BYTES)
                .isGreaterThan(Buckets.MAX_ENCODED_BYTES * 9 / 10);
        assertThat(Buckets.MAX_ENCODED_BYTES).isLessThan(256 * 1024); // a quarter of a changelog record
        assertThat(Buckets.decode(encoded).encode()).isEqualTo(encoded);
    }

    @Test
    void classesBeyondTheBoundAreCountedTogetherUnderOther() {
        Buckets buckets = Buckets.empty();
        for (int c = 0; c < Buckets.MAX_CLASSES - 1; c++) {
            assertThat(buckets.add(5, longClass(c), 1, 10)).isEqualTo(longClass(c));
        }

        assertThat(buckets.add(5, "ONE_TOO_MANY", 7, 70)).isEqualTo(Buckets.OTHER);
        assertThat(buckets.add(6, "AND_ANOTHER", 8, 80)).isEqualTo(Buckets.OTHER);
        assertThat(buckets.add(6, longClass(3), 1, 10)).isEqualTo(longClass(3)); // a class it holds still has its own
        assertThat(buckets.classCount()).isEqualTo(Buckets.MAX_CLASSES);

        long[][] other = buckets.perMinute(Buckets.OTHER, 5, 6);
        assertThat(other[0]).containsExactly(7, 8);
        assertThat(other[1]).containsExactly(70, 80);
    }

    @Test
    void pruningFreesTheNamesOfClassesNoLongerHeld() {
        Buckets buckets = Buckets.empty();
        buckets.add(1, "PERSONAL", 1, 1);
        buckets.add(2, "HR", 2, 2);

        buckets.prune(2);

        assertThat(buckets.classCount()).isEqualTo(1);
        Buckets back = Buckets.decode(buckets.encode());
        assertThat(back.perMinute("HR", 1, 2)[0]).containsExactly(0, 2);
        assertThat(back.perMinute("PERSONAL", 1, 2)[0]).containsExactly(0, 0);
        assertThat(back.latestMinute()).isEqualTo(2);
    }

    @Test
    void stateOfTheEarlierFormatReadsAsNone() {
        byte[] earlier = ByteBuffer.allocate(12).putLong(29_000_000L).putInt(0).array();

        assertThat(Buckets.decode(earlier).latestMinute()).isEqualTo(Long.MIN_VALUE);
    }
}
