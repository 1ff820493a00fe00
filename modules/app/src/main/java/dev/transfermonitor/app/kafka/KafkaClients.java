package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.emitter.TransferEmitter;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka clients for the command-line tools and engines, with the configuration's pass-through settings applied. */
public final class KafkaClients {

    private KafkaClients() {}

    /** The SDK's emitter to the input topics of {@code config}, with its client settings. */
    public static TransferEmitter emitter(MonitorConfig config) {
        return TransferEmitter.builder()
                .bootstrapServers(config.bootstrapServers())
                .properties(config.kafka())
                .topics(config.topics())
                .build();
    }

    /** Idempotent, acks=all: a record the tool reports as sent is on every in-sync replica. */
    public static KafkaProducer<String, byte[]> producer(MonitorConfig config) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer that reads committed records only and commits nothing: the tools assign partitions
     * themselves and join no group, so reading never disturbs anyone's offsets.
     *
     * @param overrides further consumer settings of the caller
     */
    public static KafkaConsumer<byte[], byte[]> reader(MonitorConfig config, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>(config.clientProperties());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putAll(overrides);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(MonitorConfig config) {
        return Admin.create(config.clientProperties());
    }
}
