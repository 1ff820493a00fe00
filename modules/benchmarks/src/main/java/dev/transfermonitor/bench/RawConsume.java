package dev.transfermonitor.bench;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The limit: one plain KafkaConsumer (default settings) reading every input record from the
 * beginning to the end offsets, as bytes, or decoding each value as the topology's first stage does.
 */
final class RawConsume {

    /** Records read and how long it took; {@code checksum} keeps the decode from being optimised away. */
    record Result(long records, Duration elapsed, long checksum) {
        double perSecond() {
            return Stopwatch.perSecond(records, elapsed);
        }
    }

    private RawConsume() {}

    static Result run(String bootstrapServers, Topics topics, Map<TopicPartition, Long> ends, boolean decode) {
        AvroCodec<DataAccessEvent> access = AvroCodec.of(DataAccessEvent.class);
        AvroCodec<ReplicationEvent> replication = AvroCodec.of(ReplicationEvent.class);
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put("enable.auto.commit", false);
        long records = 0;
        long checksum = 0;
        Stopwatch watch = Stopwatch.start();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            long target = Offsets.total(ends);
            while (records < target) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    if (!decode) {
                        checksum += r.value().length;
                    } else if (r.topic().equals(topics.access())) {
                        checksum += access.decode(r.value()).getRecordCount();
                    } else {
                        checksum += replication.decode(r.value()).getRecordCount();
                    }
                }
            }
        }
        return new Result(records, watch.elapsed(), checksum);
    }
}
