package dev.transfermonitor.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void theFormsTrailsAndExportsWrite() {
        Instant t = Instant.parse("2021-08-16T16:39:43Z");
        assertThat(Times.parse("2021-08-16T16:39:43Z")).isEqualTo(t);
        assertThat(Times.parse("2021-08-16 16:39:43")).isEqualTo(t);
        assertThat(Times.parse("2021-08-16 16:39:43.47")).isEqualTo(t.plusMillis(470));
        assertThat(Times.parse("2021-08-16T16:39:43.123456789Z")).isEqualTo(t.plusNanos(123_456_789));
        assertThat(Times.parse("2021-08-16T18:39:43+02:00"))
                .as("an offset, through Instant.parse")
                .isEqualTo(t);
        assertThat(Times.parse("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    }

    @Test
    void postgresCsvlogTimesWithTheirZone() {
        Instant t = Instant.parse("2015-08-12T16:13:44.887Z");
        assertThat(Times.parse("2015-08-12 16:13:44.887 UTC")).isEqualTo(t);
        assertThat(Times.parse("2015-08-12 16:13:44.887 GMT")).isEqualTo(t);
        assertThat(Times.parse("2015-08-12 16:13:44 UTC")).isEqualTo(Instant.parse("2015-08-12T16:13:44Z"));
        assertThat(Times.parse("2015-08-12 19:13:44.887 +03")).isEqualTo(t);
        assertThat(Times.parse("2015-08-12 11:13:44.887 -0500")).isEqualTo(t);
        assertThat(Times.parse("2015-08-12 21:43:44.887 +05:30")).isEqualTo(t);
        assertThat(Times.parse("2015-08-12 16:13:44.887 CET"))
                .as("a zone abbreviation other than UTC or GMT is ambiguous")
                .isNull();
        assertThat(Times.parse("2015-08-12 16:13:44.887 +3")).isNull();
        assertThat(Times.parse("2015-08-12 16:13:44.887 +19")).isNull();
        assertThat(Times.parse("2015-08-12 16:13:44.887 UTC ")).isNull();
        assertThat(Times.parse("2015-08-12 16:13:44.887  UTC")).isNull();
    }

    @Test
    void impossibleOrForeignTimesAreNull() {
        assertThat(Times.parse("2023-02-29T00:00:00Z")).isNull();
        assertThat(Times.parse("2021-13-01T00:00:00Z")).isNull();
        assertThat(Times.parse("2021-08-16T16:39:43.1234567890Z")).isNull();
        assertThat(Times.parse("yesterday")).isNull();
        assertThat(Times.parse("2021-08-16X16:39:43Z")).isNull();
    }
}
