package dev.transfermonitor.testkit;

import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.PartitionReadiness;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives every test in the JVM one shared Kafka broker, started on
 * first use: a Testcontainers {@code apache/kafka} container when a Docker engine answers,
 * otherwise an in-JVM single-node KRaft cluster. Tests isolate themselves with
 * {@link #newTopics(int)}, never by restarting the broker.
 *
 * <pre>
 * &#64;RegisterExtension static final KafkaBroker KAFKA = KafkaBroker.shared();
 * // or: &#64;ExtendWith(KafkaBroker.class) and a KafkaBroker test or lifecycle method parameter
 * </pre>
 *
 * <p>The system property {@value #MODE_PROPERTY} ({@code auto}, {@code container},
 * {@code in-jvm}) overrides the choice. The broker is closed when JUnit closes its root
 * context, or at the latest by a JVM shutdown hook. All methods are thread-safe.
 */
public final class KafkaBroker implements BeforeAllCallback, ParameterResolver {

    /** System property that picks the broker: {@code auto} (default), {@code container} or {@code in-jvm}. */
    public static final String MODE_PROPERTY = "transfermonitor.test.broker";

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);
    private static final KafkaBroker SHARED = new KafkaBroker();
    private static final AtomicInteger TOPIC_SETS = new AtomicInteger();
    private static final Object LOCK = new Object();
    private static SharedBroker current;
    private static boolean hookInstalled;

    /** Public for {@code @ExtendWith}; every instance uses the same JVM-wide broker. */
    public KafkaBroker() {}

    /** The extension to register in a static field. */
    public static KafkaBroker shared() {
        return SHARED;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker();
        // The root store closes its AutoCloseable values when the whole test run ends.
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RunCloser.class, k -> new RunCloser(), RunCloser.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return SHARED;
    }

    public String bootstrapServers() {
        return broker().backend.bootstrapServers();
    }

    /** Which broker runs and how long it took to start, for test logs. */
    public String description() {
        return broker().backend.description();
    }

    /**
     * A private set of all the system's topics behind a unique prefix ({@code t<n>-<random>.}),
     * created and ready: reference topics compacted, the others with delete cleanup.
     */
    public Topics newTopics(int partitions) {
        String prefix = "t" + TOPIC_SETS.incrementAndGet() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000)) + ".";
        Topics topics = Topics.withPrefix(prefix);
        Set<String> compacted = Set.copyOf(topics.reference());
        List<NewTopic> newTopics = topics.all().stream()
                .map(name -> new NewTopic(name, partitions, (short) 1)
                        .configs(Map.of("cleanup.policy", compacted.contains(name) ? "compact" : "delete")))
                .toList();
        createTopics(newTopics);
        return topics;
    }

    /** Creates one topic (replication factor 1) and waits until every partition takes writes. */
    public void createTopic(String name, int partitions, Map<String, String> config) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(config)));
    }

    /** A new, mutable producer configuration: String keys, byte[] values, idempotent, acks=all. */
    public Map<String, Object> producerConfig() {
        return producerConfig(bootstrapServers());
    }

    private static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    /**
     * A new, mutable consumer configuration: String keys, byte[] values, read_committed,
     * earliest, no auto commit. A {@code null} group id leaves the group out (assign only).
     */
    public Map<String, Object> consumerConfig(String groupId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (groupId != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /** Sends one record and waits for its acknowledgement; a {@code null} value is a tombstone. */
    public void send(String topic, String key, byte[] value) {
        Producer<String, byte[]> producer = broker().producer();
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** Sends Avro records single-object encoded, each keyed as its {@link RecordKind} says. */
    public void send(String topic, SpecificRecord... records) {
        for (SpecificRecord record : records) {
            RecordKind kind = RecordKind.of(record);
            send(topic, kind.keyOf(record), encode(record));
        }
    }

    /**
     * Reads a topic from the beginning of every partition until at least {@code expectedCount}
     * committed records arrived; fails with an {@link AssertionError} if they do not within
     * the timeout. Records come in partition order, not in global order.
     */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic, int expectedCount, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < expectedCount && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        if (records.size() < expectedCount) {
            throw new AssertionError("expected at least " + expectedCount + " records on " + topic + " within "
                    + timeout + " but read " + records.size());
        }
        return Collections.unmodifiableList(records);
    }

    /** Like {@link #readAll(String, int, Duration)}, decoding the values; tombstones become {@code null}. */
    public <T extends SpecificRecord> List<T> readValues(
            String topic, Class<T> type, int expectedCount, Duration timeout) {
        AvroCodec<T> codec = AvroCodec.of(type);
        List<T> values = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readAll(topic, expectedCount, timeout)) {
            values.add(record.value() == null ? null : codec.decode(record.value()));
        }
        return values;
    }

    private void createTopics(Collection<NewTopic> topics) {
        Admin admin = broker().admin;
        try {
            admin.createTopics(topics).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + names(topics), e);
        }
        PartitionReadiness.await(
                admin,
                topics.stream().collect(Collectors.toMap(NewTopic::name, NewTopic::numPartitions)),
                ADMIN_TIMEOUT);
    }

    private static List<String> names(Collection<NewTopic> topics) {
        return topics.stream().map(NewTopic::name).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encode(T record) {
        return AvroCodec.of((Class<T>) record.getClass()).encode(record);
    }

    private static SharedBroker broker() {
        synchronized (LOCK) {
            if (current == null) {
                current = SharedBroker.start(BrokerBackend.choose(System.getProperty(MODE_PROPERTY, "auto")));
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::closeShared, "kafka-broker-shutdown"));
                    hookInstalled = true;
                }
            }
            return current;
        }
    }

    private static void closeShared() {
        SharedBroker closing;
        synchronized (LOCK) {
            closing = current;
            current = null;
        }
        if (closing != null) {
            closing.close();
        }
    }

    /** Closes the broker when JUnit closes the root context; a later use starts a new one. */
    private static final class RunCloser implements AutoCloseable {
        @Override
        public void close() {
            closeShared();
        }
    }

    /** The running broker and the clients the extension shares. */
    private static final class SharedBroker {
        private final BrokerBackend backend;
        private final Admin admin;
        private Producer<String, byte[]> producer;

        private SharedBroker(BrokerBackend backend, Admin admin) {
            this.backend = backend;
            this.admin = admin;
        }

        static SharedBroker start(BrokerBackend backend) {
            try {
                return new SharedBroker(
                        backend,
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, backend.bootstrapServers())));
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        }

        synchronized Producer<String, byte[]> producer() {
            if (producer == null) {
                producer = new KafkaProducer<>(producerConfig(backend.bootstrapServers()));
            }
            return producer;
        }

        void close() {
            synchronized (this) {
                if (producer != null) {
                    producer.close(Duration.ofSeconds(5));
                }
            }
            admin.close(Duration.ofSeconds(5));
            backend.close();
        }
    }
}
