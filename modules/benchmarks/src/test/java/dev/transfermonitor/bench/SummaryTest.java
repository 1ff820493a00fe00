package dev.transfermonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    @Test
    void medianMinAndMaxOfAnOddCount() {
        assertThat(Summary.of(25_760, 24_100, 26_900)).isEqualTo(new Summary(25_760, 24_100, 26_900));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(Summary.of(4, 1, 3, 2)).isEqualTo(new Summary(2.5, 1, 4));
    }

    @Test
    void oneRoundIsItsOwnMedianMinAndMax() {
        assertThat(Summary.of(List.of(7.0))).isEqualTo(new Summary(7, 7, 7));
    }

    @Test
    void missingFiguresAreLeftOut() {
        assertThat(Summary.of(Arrays.asList(3.0, null, Double.NaN, 1.0))).isEqualTo(new Summary(2, 1, 3));
        assertThat(Summary.of(List.of()).median()).isNaN();
    }
}
