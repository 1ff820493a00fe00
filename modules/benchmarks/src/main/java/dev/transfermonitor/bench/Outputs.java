package dev.transfermonitor.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What an equal-work run wrote, read back after it (read_committed): alert keys, the burst ones
 * among them, and dead letters. The stateless rules' keys must be the same in both engines; the
 * burst ones differ by design (the monitor judges each event, Flink each window).
 */
final class Outputs {

    private final Map<String, Object> clientProperties;
    private final String alertTopic;
    private final String dlqTopic;
    private Map<TopicPartition, Long> before;

    Outputs(Map<String, Object> clientProperties, String alertTopic, String dlqTopic) {
        this.clientProperties = clientProperties;
        this.alertTopic = alertTopic;
        this.dlqTopic = dlqTopic;
    }

    /** Marks where the run starts. */
    Outputs mark() {
        try (Admin admin = Admin.create(clientProperties)) {
            before = Offsets.ends(admin, List.of(alertTopic, dlqTopic));
        }
        return this;
    }

    /** Counts the committed records written since {@link #mark()}. */
    Map<String, Long> count() {
        Map<TopicPartition, Long> after;
        try (Admin admin = Admin.create(clientProperties)) {
            after = Offsets.ends(admin, List.of(alertTopic, dlqTopic));
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long alerts = 0;
        long burst = 0;
        long deadLetters = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(after.keySet());
            after.keySet().forEach(tp -> consumer.seek(tp, before.getOrDefault(tp, 0L)));
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (after.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() >= after.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    if (r.topic().equals(dlqTopic)) {
                        deadLetters++;
                    } else {
                        alerts++;
                        if (new String(r.value(), StandardCharsets.UTF_8).startsWith("VOLUME_BURST|")) {
                            burst++;
                        }
                    }
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("alertKeys", alerts);
        counts.put("burstAlertKeys", burst);
        counts.put("statelessAlertKeys", alerts - burst);
        counts.put("deadLetters", deadLetters);
        return counts;
    }
}
