package dev.transfermonitor.detection.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EntityStatesTest {

    @Test
    void partsSurviveTheRoundTripIncludingEmptyAndMissingOnes() {
        byte[][] state = {{1, 2, 3}, null, {}};

        byte[][] back = EntityStates.decode(EntityStates.encode(state), 3);

        assertThat(back[0]).containsExactly(1, 2, 3);
        assertThat(back[1]).isNull();
        assertThat(back[2]).isEmpty();
    }

    @Test
    void anEntityWithNoPartLeftIsNotWritten() {
        assertThat(EntityStates.encode(new byte[3][])).isNull();
    }

    @Test
    void partsOfANewerVersionAreIgnoredAndMissingOnesAreEmpty() {
        byte[] fromNewer = EntityStates.encode(new byte[][] {{7}, {8}, {9}, {10}});
        assertThat(EntityStates.decode(fromNewer, 3))
                .hasNumberOfRows(3)
                .satisfies(s -> assertThat(s[2]).containsExactly(9));

        byte[] fromOlder = EntityStates.encode(new byte[][] {{7}});
        byte[][] state = EntityStates.decode(fromOlder, 3);
        assertThat(state[0]).containsExactly(7);
        assertThat(state[1]).isNull();
        assertThat(state[2]).isNull();
    }

    @Test
    void bytesOfAnotherFormatReadAsNoState() {
        assertThat(Arrays.asList(EntityStates.decode(new byte[] {0, 0, 0, 0, 0, 0, 0, 42}, 3)))
                .containsOnlyNulls();
        assertThat(Arrays.asList(EntityStates.decode(null, 3)))
                .containsOnlyNulls()
                .hasSize(3);
    }
}
