package dev.transfermonitor.app.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one server) inside the
 * application's JVM, for {@code transfer-monitor demo} and {@code run --embedded-broker}.
 *
 * <p>{@code dataDir} is the broker's own log directory: formatted when empty or missing, reused
 * as it is on every later start, so a restart keeps topics, records and committed offsets. A
 * directory that holds other files but no Kafka data is refused, never formatted. The broker listens on
 * 127.0.0.1 only, in plaintext and without authentication: it is for one machine, not for
 * production. Kafka's own test kit is not used because it cannot reopen existing data or
 * take a fixed port.
 *
 * <p>A fatal broker fault (a full disk, say) ends the JVM, as Kafka does in its own process.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int START_ATTEMPTS = 3;

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedBroker(KafkaRaftServer server, Path logDir, int port) {
        this.server = server;
        this.logDir = logDir;
        this.port = port;
    }

    /** Starts a broker with the default settings; see {@link #start(Path, int, Map)}. */
    public static EmbeddedBroker start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} (0 picks a free port) with its log in
     * {@code dataDir}, a directory of its own, and returns once it accepts clients.
     *
     * @param overrides broker settings that replace the defaults, e.g. {@code log.retention.hours}
     * @throws IllegalStateException if the port is taken, the directory is unusable or the broker fails
     */
    public static EmbeddedBroker start(Path dataDir, int port, Map<String, String> overrides) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (any free port) or 1-65535, not " + port);
        }
        long started = System.nanoTime();
        Path logDir = dataDir.toAbsolutePath().normalize();
        boolean formatted = prepare(logDir);
        if (port != 0) {
            requireFree(port);
        }
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            // A port picked free can be taken before the broker binds it: then pick again.
            int brokerPort = port != 0 ? port : freePort();
            int controllerPort = freePort();
            KafkaRaftServer server = new KafkaRaftServer(
                    KafkaConfig.fromProps(config(logDir, brokerPort, controllerPort, overrides)), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                stopAfterFailure(server, e);
                if (!causedByBindFailure(e)) {
                    throw new IllegalStateException("the embedded Kafka broker in " + logDir + " failed to start", e);
                }
                failure = e;
                continue;
            }
            LOG.info(
                    "Embedded Kafka broker at {}:{}, data in {} ({}), started in {} ms",
                    HOST,
                    brokerPort,
                    logDir,
                    formatted ? "new" : "reused",
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedBroker(server, logDir, brokerPort);
        }
        throw new IllegalStateException(
                "the embedded Kafka broker found no free port in " + START_ATTEMPTS + " attempts", failure);
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's log directory, the {@code dataDir} it was started with. */
    public Path logDir() {
        return logDir;
    }

    /** Stops the broker after flushing its logs; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Embedded Kafka broker closed in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Settings for one node: internal topics with one replica and few partitions (they are
     * created at the first group or transaction, and fewer partitions load faster), no delay
     * before the first rebalance, no auto-created topics (the application creates its own,
     * with their cleanup policies), and a small compaction buffer instead of 128 MB of heap.
     */
    static Properties config(Path logDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        props.put(
                "listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "false");
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        props.putAll(overrides);
        return props;
    }

    /** Formats an empty or missing log directory; returns whether it did. */
    private static boolean prepare(Path logDir) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
                return false;
            }
            try (Stream<Path> entries = Files.list(logDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(logDir + " holds files but no Kafka data (no "
                            + MetaPropertiesEnsemble.META_PROPERTIES_NAME + "); refusing to format it");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + logDir + " for the embedded Kafka broker", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(print)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format " + logDir + " for the embedded Kafka broker", e);
        }
        LOG.debug(
                "Formatted {}: {}", logDir, out.toString(StandardCharsets.UTF_8).strip());
        return true;
    }

    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on " + HOST + " is in use; choose another or 0", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopAfterFailure(KafkaRaftServer server, RuntimeException cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT, "EmbeddedBroker[%s, %s%s]", bootstrapServers(), logDir, closed.get() ? ", closed" : "");
    }
}
