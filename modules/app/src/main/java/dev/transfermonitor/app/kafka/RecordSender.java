package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends records and waits for their acknowledgements in batches, so a file of any size goes
 * through in bounded memory and the first refusal stops the run with its reason.
 */
public final class RecordSender implements AutoCloseable {

    private static final int BATCH = 10_000;
    /** The producer gives up on a record after its delivery timeout; waiting longer than that helps no one. */
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;
    private final String doing;
    private final Duration timeout;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();
    private long sent;

    /** @param doing what the records are, as in "sending reference data": it goes into error messages */
    public RecordSender(MonitorConfig config, String doing) {
        this.producer = KafkaClients.producer(config);
        this.doing = doing;
        Object delivery = config.clientProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.timeout = Duration.ofMillis(delivery == null ? 120_000 : Long.parseLong(delivery.toString()))
                .plus(MARGIN);
    }

    public void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public void send(ProducerRecord<String, byte[]> record) {
        pending.add(producer.send(record));
        sent++;
        if (pending.size() >= BATCH) {
            awaitPending();
        }
    }

    /** Records handed to {@link #send} so far. */
    public long sent() {
        return sent;
    }

    /** Sends what is buffered and waits until every record so far is acknowledged. */
    public void flush() {
        producer.flush();
        awaitPending();
    }

    private void awaitPending() {
        for (Future<RecordMetadata> f : pending) {
            KafkaFutures.await(f, timeout, doing);
        }
        pending.clear();
    }

    @Override
    public void close() {
        producer.close();
    }
}
