package dev.transfermonitor.app.security;

import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.broker.EmbeddedBroker;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.PartitionReadiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One secured single-node KRaft broker per test JVM (the security tests run in a failsafe
 * execution of their own, apart from the plaintext broker of the other tests):
 *
 * <ul>
 *   <li>{@code CLIENT}: SASL_SSL with SCRAM-SHA-512, the only listener clients use;</li>
 *   <li>{@code INTERNAL}: SASL_PLAINTEXT with PLAIN for the super user {@code admin}, for
 *       replication and for the tests' own set-up (users, ACLs, topics);</li>
 *   <li>{@code CONTROLLER}: SASL_PLAINTEXT with PLAIN for the same super user.</li>
 * </ul>
 *
 * <p>The {@code StandardAuthorizer} denies whatever no ACL allows. Certificates and
 * passwords are made afresh on every start.
 */
public final class SecureKafka implements BeforeAllCallback {

    static final String ADMIN = "admin";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SecureKafka.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final SecureKafka SHARED = new SecureKafka();
    private static Running running;
    private static final Map<String, String> USERS = new ConcurrentHashMap<>();

    private SecureKafka() {}

    public static SecureKafka shared() {
        return SHARED;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        running();
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Closer.class, k -> new Closer(), Closer.class);
    }

    /** The SASL_SSL listener. */
    public String bootstrapServers() {
        return running().clientBootstrap;
    }

    TlsFiles tls() {
        return running().tls;
    }

    /** A client for set-up and checks as the super user, on the internal listener. */
    public Admin admin() {
        return running().admin;
    }

    public Map<String, Object> adminProperties() {
        return new HashMap<>(running().adminProperties());
    }

    /**
     * Kafka client settings (without the {@code kafka.} prefix) for a SCRAM user over
     * SASL_SSL, secrets inline; the tests that check logging pass them as references instead.
     */
    public Map<String, String> clientSettings(String user, String password) {
        TlsFiles tls = tls();
        return Map.of(
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                jaas(user, password),
                "ssl.truststore.location",
                tls.truststore().toString(),
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.password",
                tls.truststorePassword());
    }

    static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** A SCRAM-SHA-512 user with a random password, created on first use; returns the password once the broker knows it. */
    public String createUser(String user) {
        return USERS.computeIfAbsent(user, SecureKafka::newUser);
    }

    private static String newUser(String user) {
        String password = "scram-" + UUID.randomUUID();
        Admin admin = running().admin;
        get(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                        user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                .all());
        // The broker learns credentials from the metadata log a moment after the controller commits them.
        await().atMost(TIMEOUT)
                .ignoreExceptions()
                .until(() -> admin.describeUserScramCredentials(List.of(user))
                                .description(user)
                                .get()
                                .credentialInfos()
                                .size()
                        == 1);
        return password;
    }

    /** Adds ACLs and returns once the broker's authorizer holds them. */
    public void grant(Collection<AclBinding> acls) {
        get(admin().createAcls(acls).all());
        await().atMost(TIMEOUT)
                .until(() ->
                        get(admin().describeAcls(AclBindingFilter.ANY).values()).containsAll(acls));
    }

    /** Removes ACLs and returns once the broker's authorizer no longer holds them. */
    public void revoke(Collection<AclBinding> acls) {
        get(admin().deleteAcls(acls.stream().map(AclBinding::toFilter).toList()).all());
        await().atMost(TIMEOUT)
                .until(() -> get(admin().describeAcls(AclBindingFilter.ANY).values()).stream()
                        .noneMatch(acls::contains));
    }

    /** Main's arguments that reach the broker as the super user, for set-up: reference load, produce. */
    public List<String> adminCliArgs() {
        Map<String, Object> props = running().adminProperties();
        List<String> args = new ArrayList<>(
                List.of("--bootstrap-servers", props.get("bootstrap.servers").toString()));
        for (String key : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config")) {
            args.addAll(List.of("-X", key + "=" + props.get(key)));
        }
        return args;
    }

    /** Reads committed records of a topic as the super user until at least {@code count} arrived. */
    public <T extends SpecificRecord> List<T> readValues(String topic, Class<T> type, int count) {
        AvroCodec<T> codec = AvroCodec.of(type);
        Map<String, Object> props = adminProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<T> values = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(TIMEOUT).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(codec.decode(r.value())));
                return values.size() >= count;
            });
        }
        return values;
    }

    /** Creates topics as the super user (one partition, one replica) and waits until they take writes. */
    public void createTopics(List<String> names) {
        get(admin().createTopics(
                        names.stream().map(n -> new NewTopic(n, 1, (short) 1)).toList())
                .all());
        PartitionReadiness.await(admin(), names.stream().collect(Collectors.toMap(n -> n, n -> 1)), TIMEOUT);
    }

    /** Sends one record as the super user and waits for its acknowledgement. */
    public void send(String topic, String key, byte[] value) {
        Map<String, Object> props = adminProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized Running running() {
        if (running == null) {
            running = Running.start();
        }
        return running;
    }

    private static synchronized void closeShared() {
        if (running != null) {
            running.close();
            running = null;
            USERS.clear();
        }
    }

    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            closeShared();
        }
    }

    private record Running(
            EmbeddedBroker broker,
            Path dir,
            TlsFiles tls,
            String clientBootstrap,
            String internalBootstrap,
            String adminPassword,
            Admin admin) {

        static Running start() {
            Path dir;
            try {
                dir = Files.createTempDirectory("secure-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TlsFiles tls = TlsFiles.generate(dir.resolve("tls"));
            String adminPassword = "admin-" + UUID.randomUUID();
            int client = freePort();
            int internal = freePort();
            int controller = freePort();
            String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                    + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";";
            Map<String, String> settings = new HashMap<>();
            settings.put(
                    "listeners",
                    "CLIENT://127.0.0.1:" + client + ",INTERNAL://127.0.0.1:" + internal + ",CONTROLLER://127.0.0.1:"
                            + controller);
            settings.put("advertised.listeners", "CLIENT://127.0.0.1:" + client + ",INTERNAL://127.0.0.1:" + internal);
            settings.put(
                    "listener.security.protocol.map",
                    "CLIENT:SASL_SSL,INTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
            settings.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
            settings.put("inter.broker.listener.name", "INTERNAL");
            settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            settings.put("sasl.mechanism.controller.protocol", "PLAIN");
            settings.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-512");
            settings.put(
                    "listener.name.client.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            settings.put("listener.name.internal.sasl.enabled.mechanisms", "PLAIN");
            settings.put("listener.name.internal.plain.sasl.jaas.config", plain);
            settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
            settings.put("listener.name.controller.plain.sasl.jaas.config", plain);
            settings.put("ssl.keystore.location", tls.brokerKeystore().toString());
            settings.put("ssl.keystore.type", "PKCS12");
            settings.put("ssl.keystore.password", tls.brokerKeystorePassword());
            settings.put("ssl.key.password", tls.brokerKeystorePassword());
            settings.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            settings.put("allow.everyone.if.no.acl.found", "false");
            settings.put("super.users", "User:" + ADMIN);
            EmbeddedBroker broker = EmbeddedBroker.start(dir.resolve("kafka"), client, settings);
            String internalBootstrap = "127.0.0.1:" + internal;
            Admin admin = Admin.create(adminProperties(internalBootstrap, adminJaas(adminPassword)));
            return new Running(broker, dir, tls, "127.0.0.1:" + client, internalBootstrap, adminPassword, admin);
        }

        Map<String, Object> adminProperties() {
            return adminProperties(internalBootstrap, adminJaas(adminPassword));
        }

        private static String adminJaas(String password) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                    + "\" password=\"" + password + "\";";
        }

        private static Map<String, Object> adminProperties(String bootstrap, String jaas) {
            return Map.of(
                    "bootstrap.servers",
                    bootstrap,
                    "security.protocol",
                    "SASL_PLAINTEXT",
                    "sasl.mechanism",
                    "PLAIN",
                    "sasl.jaas.config",
                    jaas);
        }

        void close() {
            admin.close(Duration.ofSeconds(5));
            broker.close();
            // The key stores hold private keys: leave nothing behind.
            try (var paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
