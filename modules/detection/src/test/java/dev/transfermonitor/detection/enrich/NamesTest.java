package dev.transfermonitor.detection.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void namePatternsMatchWithStarsOnly() {
        assertThat(Names.matches("snap-*", "snap-0abc")).isTrue();
        assertThat(Names.matches("a*b*c", "aXbYbZc")).isTrue();
        assertThat(Names.matches("a*b*c", "aXbYbZ")).isFalse();
        assertThat(Names.matches("orders-?", "orders-1")).as("? is no wildcard").isFalse();
        assertThat(Names.matches("*", "")).isTrue();
        assertThat(Names.matches("a*" + "*".repeat(200) + "b", "a" + "x".repeat(250)))
                .isFalse();
    }

    @Test
    void exactNamesWinOverPatternsAndTheLowestIdAmongPatterns() {
        Names names = new Names(true);
        names.replace("b-asset", List.of(), List.of("orders-*"));
        names.replace("a-asset", List.of(), List.of("ord*"));
        names.replace("c-asset", List.of(), List.of("orders-7"));

        assertThat(names.owner("orders-7")).isEqualTo("c-asset");
        assertThat(names.owner("orders-8")).isEqualTo("a-asset");
        names.replace("a-asset", List.of("ord*"), List.of());
        assertThat(names.owner("orders-8")).isEqualTo("b-asset");
        assertThat(new Names().owner("orders-8")).isNull();
    }
}
