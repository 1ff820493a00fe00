package dev.transfermonitor.emitter;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The emitter SDK: what an application links to report its data accesses and replications to
 * Transfer Monitor. Events go to the input topics keyed by principalId (so each principal's
 * events stay in one partition and the monitor needs no repartition), as Avro single-object
 * bytes. The producer is idempotent with {@code acks=all}; sends are asynchronous and a failed
 * delivery is reported by the next {@link #flush()} or {@link #close()} as an
 * {@link EmitException}, never dropped silently.
 *
 * <p>Data-subject ids must be pseudonymized before they go into an event: use
 * {@link #subjectKey(String)}, which applies the organisation's secret (see {@link SubjectKeys}).
 *
 * <p>Thread-safe, like the Kafka producer beneath it.
 *
 * <pre>{@code
 * try (TransferEmitter emitter = TransferEmitter.builder()
 *         .bootstrapServers("kafka:9093")
 *         .property("security.protocol", "SSL")
 *         .subjectKeySecret(secretBytes)
 *         .build()) {
 *     emitter.access(event);
 * }
 * }</pre>
 */
public final class TransferEmitter implements EventSink, AutoCloseable {

    static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final SubjectKeys subjectKeys;
    private final Duration closeTimeout;
    private final AvroCodec<DataAccessEvent> accessCodec = AvroCodec.of(DataAccessEvent.class);
    private final AvroCodec<ReplicationEvent> replicationCodec = AvroCodec.of(ReplicationEvent.class);
    /** Guards the two failure fields; callbacks run on the producer's I/O thread. */
    private final Object failureLock = new Object();

    private Exception firstFailure;
    private long failures;
    private final Callback callback = (metadata, exception) -> {
        if (exception != null) {
            recordFailure(exception);
        }
    };

    /** Built by {@link Builder#build()}. */
    private TransferEmitter(
            Producer<String, byte[]> producer, Topics topics, byte[] subjectKeySecret, Duration closeTimeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.subjectKeys = subjectKeySecret == null ? null : SubjectKeys.withSecret(subjectKeySecret);
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Topics topics() {
        return topics;
    }

    /**
     * Sends one access event to {@link Topics#access()}, asynchronously.
     *
     * @throws RuntimeException at once when the event cannot be encoded or the producer refuses
     *     it (closed, buffer full past {@code max.block.ms}); later failures surface on flush
     */
    @Override
    public void access(DataAccessEvent event) {
        Objects.requireNonNull(event, "event");
        send(topics.access(), event.getPrincipalId(), accessCodec.encode(event));
    }

    /** Sends one replication event to {@link Topics#replication()}; failures as for access. */
    @Override
    public void replication(ReplicationEvent event) {
        Objects.requireNonNull(event, "event");
        send(topics.replication(), event.getPrincipalId(), replicationCodec.encode(event));
    }

    /**
     * Waits until every event sent so far is acknowledged or failed.
     *
     * @throws EmitException when any send failed since the previous report; the failures are
     *     reported once
     */
    @Override
    public void flush() {
        producer.flush();
        throwIfFailed();
    }

    /**
     * The pseudonymous key of a data subject under the configured secret. The raw id is
     * neither kept, logged nor sent.
     *
     * @throws IllegalStateException when the emitter was built without a subject-key secret
     */
    public String subjectKey(String rawSubjectId) {
        if (subjectKeys == null) {
            throw new IllegalStateException("no subject-key secret configured: set Builder.subjectKeySecret");
        }
        return subjectKeys.key(rawSubjectId);
    }

    /**
     * Delivers what is pending (within the close timeout) and releases the producer.
     *
     * @throws EmitException when any send failed and was not yet reported
     */
    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            // Records still unsent when the timeout expires fail through the callback.
            producer.close(closeTimeout);
        }
        throwIfFailed();
    }

    private void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key, value), callback);
    }

    private void recordFailure(Exception exception) {
        synchronized (failureLock) {
            if (firstFailure == null) {
                firstFailure = exception;
            }
            failures++;
        }
    }

    private void throwIfFailed() {
        Exception first;
        long count;
        synchronized (failureLock) {
            first = firstFailure;
            count = failures;
            firstFailure = null;
            failures = 0;
        }
        if (first != null) {
            throw new EmitException(count, first);
        }
    }

    /**
     * Configures a {@link TransferEmitter}. Client properties are passed through to the Kafka
     * producer (TLS, SASL, client.id, ...); {@code linger.ms} (default 5) and
     * {@code compression.type} (default lz4) may be overridden, idempotence and
     * {@code acks=all} may not, and the serializers are fixed.
     */
    public static final class Builder {

        private String bootstrapServers;
        private Topics topics = Topics.defaults();
        private final Map<String, Object> properties = new HashMap<>();
        private byte[] subjectKeySecret;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder() {}

        public Builder bootstrapServers(String servers) {
            this.bootstrapServers = Objects.requireNonNull(servers, "bootstrapServers");
            return this;
        }

        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        /** One Kafka producer property, passed through. */
        public Builder property(String name, Object value) {
            properties.put(Objects.requireNonNull(name, "property name"), Objects.requireNonNull(value, name));
            return this;
        }

        /** Kafka producer properties, passed through (later calls win). */
        public Builder properties(Map<String, ?> values) {
            values.forEach(this::property);
            return this;
        }

        /** The organisation's subject-key secret (at least 16 bytes); copied. */
        public Builder subjectKeySecret(byte[] secret) {
            this.subjectKeySecret = secret == null ? null : secret.clone();
            return this;
        }

        /** How long {@link TransferEmitter#close()} waits for pending sends; default 30 s. */
        public Builder closeTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new IllegalArgumentException("closeTimeout must be zero or positive, was " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        public TransferEmitter build() {
            Map<String, Object> config = producerConfig();
            if (subjectKeySecret != null) {
                SubjectKeys.withSecret(subjectKeySecret); // validate before opening connections
            }
            KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            return new TransferEmitter(producer, topics, subjectKeySecret, closeTimeout);
        }

        /** The effective producer configuration; package-private for tests. */
        Map<String, Object> producerConfig() {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            config.putAll(properties);
            requireIfSet(config, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            requireIfSet(config, ProducerConfig.ACKS_CONFIG, "all", "-1");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            for (String fixed : new String[] {
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG
            }) {
                if (config.containsKey(fixed)) {
                    throw new IllegalArgumentException(
                            fixed + " cannot be set: the emitter sends String keys and Avro bytes");
                }
            }
            if (bootstrapServers != null) {
                config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            }
            Object servers = config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            if (servers == null || servers.toString().isBlank()) {
                throw new IllegalArgumentException("bootstrap servers are required: set bootstrapServers(...) or "
                        + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
            }
            return config;
        }

        private static void requireIfSet(Map<String, Object> config, String name, String... allowed) {
            Object value = config.get(name);
            if (value == null) {
                return;
            }
            String text = value.toString().strip().toLowerCase(Locale.ROOT);
            for (String ok : allowed) {
                if (ok.equals(text)) {
                    return;
                }
            }
            throw new IllegalArgumentException(name + "=" + value + " is not allowed: the monitor's inputs need " + name
                    + "=" + allowed[0] + " so no event is lost or duplicated");
        }
    }
}
