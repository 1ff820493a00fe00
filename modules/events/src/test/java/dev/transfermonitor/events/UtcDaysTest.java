package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UtcDaysTest {

    @Test
    void aDayRunsFromMidnightToMidnightUtc() {
        long day = UtcDays.of(Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(day).isEqualTo(20_788L);
        assertThat(UtcDays.of(Instant.parse("2026-12-01T23:59:59.999Z"))).isEqualTo(day);
        assertThat(UtcDays.of(Instant.parse("2026-12-02T00:00:00Z"))).isEqualTo(day + 1);
        assertThat(UtcDays.start(day)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(UtcDays.end(day)).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(UtcDays.startMs(day)).isEqualTo(day * 86_400_000L);
        assertThat(UtcDays.date(day)).isEqualTo("2026-12-01");
    }

    @Test
    void beforeTheEpochDaysAreFloored() {
        assertThat(UtcDays.ofEpochMilli(-1)).isEqualTo(-1);
        assertThat(UtcDays.of(Instant.parse("1969-12-31T00:00:00Z"))).isEqualTo(-1);
        assertThat(UtcDays.ofEpochMilli(0)).isZero();
    }
}
