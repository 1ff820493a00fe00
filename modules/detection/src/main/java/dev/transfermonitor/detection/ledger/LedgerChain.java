package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.rules.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger. In: evaluated transfers. Out: one {@link LedgerEntry} per cross-border or
 * external decision, written to the audit partition with the same number as the input
 * partition, so each chain follows one task. Each entry carries a sequence number and
 * {@code hash = SHA-256(previousHash || canonical Avro encoding with hash="")}; the chain
 * head lives in {@value #STORE}, which is changelogged under exactly-once, so a crash
 * cannot fork the chain. Each entry also carries an HLL sketch of its subject keys
 * ({@link SubjectSketches}), so reports can estimate distinct subjects without the keys.
 */
public final class LedgerChain implements FixedKeyProcessor<String, TransferVerdict, LedgerOut> {

    public static final String STORE = "ledger-chain";
    /** previousHash of the first entry of every partition. */
    public static final String GENESIS = "0".repeat(64);

    private static final String HEAD = "head";

    private final DetectionMetrics metrics;
    private final LedgerHasher hasher = new LedgerHasher();
    private FixedKeyProcessorContext<String, LedgerOut> context;
    private KeyValueStore<String, byte[]> store;

    public LedgerChain(DetectionMetrics metrics) {
        this.metrics = metrics;
    }

    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray());
    }

    /** Sends each entry to the partition its chain belongs to. */
    public static StreamPartitioner<String, LedgerOut> partitioner() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(value.partition() % numPartitions));
    }

    @Override
    public void init(FixedKeyProcessorContext<String, LedgerOut> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, TransferVerdict> record) {
        Verdict verdict = record.value().verdict();
        if (verdict.decision() == null) {
            return;
        }
        Transfer t = record.value().transfer();
        byte[] head = store.get(HEAD);
        long sequence = head == null ? 0 : headSequence(head) + 1;
        String previousHash = head == null ? GENESIS : headHash(head);
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setSequence(sequence)
                .setEventId(t.eventId())
                .setOccurredAt(t.occurredAt())
                .setPrincipalId(t.principalId())
                .setKind(t.kind())
                .setOriginJurisdiction(t.origin().jurisdiction())
                .setOriginRegion(t.origin().regionId())
                .setDestinationJurisdiction(t.destination().jurisdiction())
                .setDestinationRegion(t.destination().regionId())
                .setDataClasses(t.dataClasses())
                .setRecordCount(t.recordCount())
                .setByteCount(t.byteCount())
                .setDecision(verdict.decision())
                .setPolicyId(verdict.policy() == null ? null : verdict.policy().getPolicyId())
                .setPolicyVersion(
                        verdict.policy() == null ? null : verdict.policy().getVersion())
                .setBasis(verdict.basis())
                .setSubjectSketch(SubjectSketches.of(t.subjectKeys()))
                .setDecisions(verdict.classDecisions())
                .setPreviousHash(previousHash)
                .setHash("")
                .build();
        String hash = hasher.hash(previousHash, entry);
        entry.setHash(hash);
        store.put(HEAD, head(sequence, hash));
        metrics.crossBorder(t.origin().jurisdiction(), t.destination().jurisdiction(), verdict.decision());
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        context.forward(record.withValue(new LedgerOut(partition, entry)).withHeaders(new RecordHeaders()));
    }

    /** The chain head as stored: the last entry's sequence (8 bytes) and hash (64 ASCII hex digits). */
    static byte[] head(long sequence, String hash) {
        return ByteBuffer.allocate(Long.BYTES + hash.length())
                .putLong(sequence)
                .put(hash.getBytes(StandardCharsets.US_ASCII))
                .array();
    }

    static long headSequence(byte[] head) {
        return ByteBuffer.wrap(head).getLong();
    }

    static String headHash(byte[] head) {
        return new String(head, Long.BYTES, head.length - Long.BYTES, StandardCharsets.US_ASCII);
    }

    /** The hash an entry must carry, for verification: see {@link LedgerHasher}. */
    public static String hashOf(String previousHash, LedgerEntry entryWithEmptyHash) {
        return new LedgerHasher().hash(previousHash, entryWithEmptyHash);
    }
}
