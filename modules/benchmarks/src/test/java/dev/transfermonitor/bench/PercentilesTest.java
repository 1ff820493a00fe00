package dev.transfermonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfAThousandSamples() {
        long[] samples = LongStream.rangeClosed(1, 1000).map(i -> 1001 - i).toArray();

        Percentiles p = Percentiles.of(samples);

        assertThat(p.count()).isEqualTo(1000);
        assertThat(p.p50()).isEqualTo(500);
        assertThat(p.p99()).isEqualTo(990);
        assertThat(p.p999()).isEqualTo(999);
        assertThat(p.max()).isEqualTo(1000);
    }

    @Test
    void noSamplesGiveNoFigures() {
        assertThat(Percentiles.of(new long[0]).p99()).isNaN();
    }
}
