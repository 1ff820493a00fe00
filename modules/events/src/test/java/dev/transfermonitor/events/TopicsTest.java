package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void thePrefixComesBack() {
        assertThat(Topics.withPrefix("t7-a1b2c3.").prefix()).isEqualTo("t7-a1b2c3.");
        assertThat(Topics.defaults().prefix()).isEmpty();
        assertThat(Topics.withPrefix("x.").access()).isEqualTo("x.transfer.access.v1");
    }

    @Test
    void invalidNamesAreRefused() {
        assertThatThrownBy(() -> Topics.withPrefix("bad prefix ")).isInstanceOf(IllegalArgumentException.class);
    }
}
