package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Printable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Reads the alerts topic from the beginning, committed records only, without a consumer
 * group (it assigns every partition itself), so reading alerts never disturbs anyone's
 * offsets. Either up to the end offsets seen at start, or on and on until told to stop.
 */
public final class AlertTail {

    private static final AvroCodec<TransferAlert> CODEC = AvroCodec.of(TransferAlert.class);

    private AlertTail() {}

    /**
     * @param follow      keep reading new alerts until {@code keepGoing} turns false
     * @param onAlert     called for each alert, in partition order
     * @param onBadRecord called with a description of a record that is not an alert
     * @return the number of alerts read
     */
    public static long read(
            MonitorConfig config,
            boolean follow,
            BooleanSupplier keepGoing,
            Consumer<TransferAlert> onAlert,
            Consumer<String> onBadRecord) {
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.reader(config, Map.of())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(config.topics().alerts(), Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + config.topics().alerts() + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = follow ? Map.of() : consumer.endOffsets(partitions);
            while (keepGoing.getAsBoolean()) {
                if (!follow && reachedEnd(consumer, end)) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        onAlert.accept(CODEC.decode(record.value()));
                        count++;
                    } catch (BadRecordException e) {
                        onBadRecord.accept("skipped a record that is not an alert at " + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + ": " + Printable.of(e.getMessage()));
                    }
                }
            }
        } catch (TopicAuthorizationException e) {
            throw new KafkaAccessException(
                    "Kafka: " + KafkaAccessException.user(config.clientProperties()) + " is not authorized to read "
                            + config.topics().alerts() + " (needs Read on the topic)",
                    e);
        } catch (KafkaException e) {
            throw KafkaAccessException.from(e, config.clientProperties()).orElseThrow(() -> e);
        }
        return count;
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
