package dev.transfermonitor.detection;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.enrich.ReferenceStores;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.detection.volume.WriteBackStore;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.testkit.Events;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a TopologyTestDriver: pipe events and reference records in, read
 * alerts, ledger entries and dead letters out. The wall clock starts an hour after the
 * testkit's default event time, so default events are neither future nor stale.
 */
public final class Harness implements AutoCloseable {

    static final Instant WALL_CLOCK = Instant.parse("2026-11-27T10:00:00Z");

    public final Topics topics = Topics.defaults();
    public final DetectionMetrics metrics = DetectionMetrics.inMemory();
    private final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, byte[]> access;
    private final TestInputTopic<String, byte[]> replication;
    private final Map<RecordKind, TestInputTopic<String, byte[]>> reference = new EnumMap<>(RecordKind.class);
    private final TestOutputTopic<String, byte[]> alerts;
    private final TestOutputTopic<String, byte[]> audit;
    private final TestOutputTopic<String, byte[]> digests;
    private final TestOutputTopic<String, byte[]> dlq;
    private final TestOutputTopic<String, String> ocsf;

    public Harness() {
        this(statelessOnly());
    }

    /** The sample company under the stateless rules only, so volumes in a test never raise bursts. */
    public static Harness sampleCompany() {
        return new Harness().withSampleCompany();
    }

    /** The default rules with the volume rules switched off (no limit, no threshold reachable). */
    public static RuleSet statelessOnly() {
        VolumeSettings on = VolumeSettings.defaults();
        return RuleSet.defaults()
                .withVolume(new VolumeSettings(
                        new VolumeSettings.Burst(
                                on.burst().window(), on.burst().grace(), new VolumeSettings.Threshold(0, 0), Map.of()),
                        new VolumeSettings.Slow(on.slow().horizon(), on.slow().grace(), Long.MAX_VALUE),
                        new VolumeSettings.Baseline(
                                on.baseline().historyDays(),
                                on.baseline().minHistoryDays(),
                                on.baseline().madMultiplier(),
                                Long.MAX_VALUE),
                        on.allowlist(),
                        List.of()));
    }

    public static Harness sampleCompany(RuleSet rules) {
        return new Harness(rules).withSampleCompany();
    }

    public Harness(RuleSet rules) {
        this(rules, null);
    }

    /** With the ledger signed by {@code signer} (null: unsigned). */
    public Harness(RuleSet rules, LedgerSigner signer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "harness");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            stateDir = Files.createTempDirectory("tm-ttd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(
                TransferTopology.build(topics, rules, metrics, InputBounds.none(), b -> {}, signer), props, WALL_CLOCK);
        StringSerializer keys = new StringSerializer();
        ByteArraySerializer values = new ByteArraySerializer();
        access = driver.createInputTopic(topics.access(), keys, values);
        replication = driver.createInputTopic(topics.replication(), keys, values);
        for (RecordKind kind : List.of(
                RecordKind.ASSET,
                RecordKind.REGION,
                RecordKind.NETWORK,
                RecordKind.PRINCIPAL,
                RecordKind.CREDENTIAL,
                RecordKind.POLICY)) {
            reference.put(kind, driver.createInputTopic(topics.of(kind), keys, values));
        }
        StringDeserializer keyReader = new StringDeserializer();
        ByteArrayDeserializer valueReader = new ByteArrayDeserializer();
        alerts = driver.createOutputTopic(topics.alerts(), keyReader, valueReader);
        audit = driver.createOutputTopic(topics.audit(), keyReader, valueReader);
        digests = driver.createOutputTopic(topics.auditDigests(), keyReader, valueReader);
        dlq = driver.createOutputTopic(topics.dlq(), keyReader, valueReader);
        ocsf = driver.createOutputTopic(topics.alertsOcsf(), keyReader, keyReader);
    }

    /** The sample company (the cloud regions are built into the monitor). */
    public Harness withSampleCompany() {
        for (ReferenceData.Loaded r : ReferenceData.bundled()) {
            reference.get(r.kind()).pipeInput(r.key(), encode(r.kind(), r.value()));
        }
        return this;
    }

    public Harness reference(SpecificRecord record) {
        RecordKind kind = kindOf(record);
        reference.get(kind).pipeInput(kind.keyOf(record), encode(kind, record));
        return this;
    }

    public void deleteReference(RecordKind kind, String key) {
        reference.get(kind).pipeInput(key, null);
    }

    public void referenceBytes(RecordKind kind, String key, byte[] bytes) {
        reference.get(kind).pipeInput(key, bytes);
    }

    public Harness send(DataAccessEvent event) {
        access.pipeInput(
                event.getPrincipalId(), AvroCodec.of(DataAccessEvent.class).encode(event));
        return this;
    }

    public Harness send(ReplicationEvent event) {
        replication.pipeInput(
                event.getPrincipalId(), AvroCodec.of(ReplicationEvent.class).encode(event));
        return this;
    }

    public void sendAccessBytes(String key, byte[] value) {
        access.pipeInput(key, value);
    }

    /** An access record with headers of its own. */
    public void sendAccess(TestRecord<String, byte[]> record) {
        access.pipeInput(record);
    }

    public void sendReplicationBytes(String key, byte[] value) {
        replication.pipeInput(key, value);
    }

    /** A replication record with headers of its own. */
    public void sendReplication(TestRecord<String, byte[]> record) {
        replication.pipeInput(record);
    }

    /** {@code n} allowed backups of the CRM database to Singapore: one ledger entry each, no alert. */
    public Harness sendBackups(int n) {
        for (int i = 0; i < n; i++) {
            send(Events.aReplication()
                    .by("svc-backup")
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .build());
        }
        return this;
    }

    public void advanceWallClock(Duration by) {
        driver.advanceWallClockTime(by);
    }

    /** Alerts produced since the last call. */
    public List<TransferAlert> alerts() {
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        return alerts.readValuesToList().stream().map(codec::decode).toList();
    }

    public List<KeyValue<String, byte[]>> alertRecords() {
        return alerts.readKeyValuesToList();
    }

    /** OCSF findings (JSON) produced since the last call, keyed by alert id. */
    public List<KeyValue<String, String>> ocsf() {
        return ocsf.readKeyValuesToList();
    }

    /** Ledger entries produced since the last call. */
    public List<LedgerEntry> ledger() {
        AvroCodec<LedgerEntry> codec = AvroCodec.of(LedgerEntry.class);
        return audit.readValuesToList().stream().map(codec::decode).toList();
    }

    /** Signed ledger digests produced since the last call. */
    public List<LedgerDigest> digests() {
        AvroCodec<LedgerDigest> codec = AvroCodec.of(LedgerDigest.class);
        return digests.readValuesToList().stream().map(codec::decode).toList();
    }

    /** Ledger records as written (single-object encoded values) since the last call. */
    public List<byte[]> ledgerBytes() {
        return audit.readValuesToList();
    }

    /** Dead letters produced since the last call. */
    public List<TestRecord<String, byte[]>> deadLetters() {
        return dlq.readRecordsToList();
    }

    public double events(String type, String outcome) {
        return metrics.count("transfer.events", "type", type, "outcome", outcome);
    }

    /** A copy of one global reference store: key to the Avro bytes in force. */
    public Map<String, byte[]> referenceStore(RecordKind kind) {
        return store(ReferenceStores.storeName(kind));
    }

    /** A copy of a store of the topology, by name. */
    public Map<String, byte[]> store(String name) {
        Map<String, byte[]> copy = new TreeMap<>();
        if (driver.getAllStateStores().get(name) instanceof WriteBackStore<?> writeBack) {
            writeBack.forEachStored(copy::put);
            return copy;
        }
        KeyValueStore<String, byte[]> store = driver.getKeyValueStore(name);
        try (var all = store.all()) {
            all.forEachRemaining(kv -> copy.put(kv.key, kv.value));
        }
        return copy;
    }

    public double misses(String kind) {
        return metrics.count("transfer.enrichment.misses", "kind", kind);
    }

    private static RecordKind kindOf(SpecificRecord record) {
        for (RecordKind kind : RecordKind.values()) {
            if (kind.type().isInstance(record)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a reference record: " + record.getClass());
    }

    private static byte[] encode(RecordKind kind, SpecificRecord record) {
        return kind.<SpecificRecord>codec().encode(record);
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
