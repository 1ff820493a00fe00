package dev.transfermonitor.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoundsTest {

    private static final List<String> CONFIGS = List.of("a", "b", "c", "d", "e", "f");

    @Test
    void eachRoundStartsElsewhereAndRunsEveryConfigurationOnce() {
        assertThat(Rounds.rotated(CONFIGS, 1, 3)).containsExactly("a", "b", "c", "d", "e", "f");
        assertThat(Rounds.rotated(CONFIGS, 2, 3)).containsExactly("c", "d", "e", "f", "a", "b");
        assertThat(Rounds.rotated(CONFIGS, 3, 3)).containsExactly("e", "f", "a", "b", "c", "d");
    }

    @Test
    void moreRoundsThanConfigurationsWrapAround() {
        assertThat(Rounds.rotated(List.of("a", "b"), 3, 4)).containsExactly("b", "a");
        assertThat(Rounds.rotated(List.of(), 1, 3)).isEmpty();
    }
}
