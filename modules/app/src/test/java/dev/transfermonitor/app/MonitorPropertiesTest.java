package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class MonitorPropertiesTest {

    private static MonitorConfig config(Map<String, String> settings) {
        return MonitorConfig.from(Settings.load(null, Map.of(), settings));
    }

    @Test
    void liveTasksDoNotWaitOnAnEmptyInputButAReplayKeepsTimestampOrder() {
        MonitorConfig config = config(Map.of("bootstrap.servers", "x:1"));

        assertThat(Monitor.properties(config))
                .containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000L);
        assertThat(Monitor.replayProperties(config)).doesNotContainKey(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG);
    }

    @Test
    void anIdleTimeGivenAsAKafkaSettingWinsBoth() {
        MonitorConfig config = config(Map.of("bootstrap.servers", "x:1", "kafka.max.task.idle.ms", "500"));

        assertThat(Monitor.properties(config)).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "500");
        assertThat(Monitor.replayProperties(config)).containsEntry(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, "500");
    }
}
