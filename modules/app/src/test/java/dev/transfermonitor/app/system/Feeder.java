package dev.transfermonitor.app.system;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Continuous input: a thread that sends the records one by one, idempotently, staying at most
 * {@code lead} records ahead of the monitor's committed progress, so that input keeps arriving
 * while the monitor works, crashes or waits for its broker, without a clock deciding the pace.
 * It survives a broker outage of up to 15 minutes (its producer retries that long).
 */
final class Feeder implements AutoCloseable {

    private final Thread thread;
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;

    Feeder(String bootstrap, List<MixedInput.Input> records, LongSupplier progress, long lead) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                900_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                900_000,
                ProducerConfig.CLIENT_ID_CONFIG,
                "system-test-feeder");
        thread = new Thread(
                () -> {
                    try (KafkaProducer<String, byte[]> producer =
                            new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                        for (int i = 0; i < records.size() && !stopped; i++) {
                            long sent = i;
                            if (sent - progress.getAsLong() >= lead) {
                                await().atMost(Duration.ofMinutes(15))
                                        .pollInterval(Duration.ofMillis(50))
                                        .until(() -> stopped || sent - progress.getAsLong() < lead);
                            }
                            MixedInput.Input r = records.get(i);
                            producer.send(new ProducerRecord<>(r.topic(), r.key(), r.value()), (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else {
                                    acknowledged.incrementAndGet();
                                }
                            });
                        }
                        producer.flush();
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                },
                "feeder");
        thread.setDaemon(true);
        thread.start();
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Waits until every record is sent and acknowledged; throws what went wrong. */
    void awaitDone(Duration within) throws InterruptedException {
        thread.join(within.toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("the feeder failed", failure.get());
        }
        if (thread.isAlive()) {
            throw new IllegalStateException(
                    "the feeder did not finish within " + within + " (" + acknowledged() + " sent)");
        }
    }

    void requireHealthy() {
        if (failure.get() != null) {
            throw new IllegalStateException("the feeder failed", failure.get());
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
