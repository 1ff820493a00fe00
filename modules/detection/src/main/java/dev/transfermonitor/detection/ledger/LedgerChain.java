package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.rules.Verdict;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
 *
 * <p>With a {@link LedgerSigner}, the chain is also signed: each entry's hash is a leaf of an
 * RFC 6962 tree kept in compact form in the head's record (so signing adds no store write), and every {@code interval} of wall-clock
 * time a partition with new entries gets a {@link LedgerDigest} over them (sequence range, head
 * hash, tree root, the previous digest's signature), forwarded in the same transaction as the
 * entries it covers. A processor cannot forward at close, so a stopping monitor first asks
 * every chain to sign its head ({@link LedgerSigner#requestFinalDigests}); after a crash or a
 * task move the entries after the last digest are signed by the partition's next owner at its
 * first interval.
 */
public final class LedgerChain implements Processor<String, TransferVerdict, String, LedgerOut> {

    public static final String STORE = "ledger-chain";
    /** previousHash of the first entry of every partition. */
    public static final String GENESIS = "0".repeat(64);

    private static final String HEAD = "head";
    /** The chain head record: sequence, then the hash's 64 ASCII hex digits, then (signing) the digest state. */
    private static final int HEAD_LENGTH = Long.BYTES + 64;

    private final DetectionMetrics metrics;
    private final LedgerSigner signer;
    private final LedgerHasher hasher = new LedgerHasher();
    private ProcessorContext<String, LedgerOut> context;
    private KeyValueStore<String, byte[]> store;

    /** @param signer null to write the chain unsigned */
    public LedgerChain(DetectionMetrics metrics, LedgerSigner signer) {
        this.metrics = metrics;
        this.signer = signer;
    }

    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray());
    }

    /** Sends each entry to the partition its chain belongs to. */
    public static StreamPartitioner<String, LedgerOut> partitioner() {
        return (topic, key, value, numPartitions) -> Optional.of(Set.of(value.partition() % numPartitions));
    }

    @Override
    public void init(ProcessorContext<String, LedgerOut> context) {
        this.context = context;
        this.store = context.getStateStore(STORE);
        if (signer != null) {
            context.schedule(signer.interval(), PunctuationType.WALL_CLOCK_TIME, this::sign);
            context.schedule(LedgerSigner.TICK, PunctuationType.WALL_CLOCK_TIME, now -> {
                if (signer.closing()) {
                    sign(now);
                    signer.finalSigned(this);
                }
            });
            signer.opened(this);
        }
    }

    @Override
    public void close() {
        if (signer != null) {
            signer.closed(this);
        }
    }

    @Override
    public void process(Record<String, TransferVerdict> record) {
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
        // One record per entry, signed or not: the digest state rides on the head's changelog write.
        store.put(
                HEAD,
                signer == null
                        ? head(sequence, hash)
                        : head(sequence, hash, DigestState.of(head).append(sequence, hash)));
        metrics.crossBorder(t.origin().jurisdiction(), t.destination().jurisdiction(), verdict.decision());
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(0);
        context.forward(record.withValue(LedgerOut.entry(partition, entry)).withHeaders(new RecordHeaders()));
    }

    /** Signs the entries since the last digest, if any. */
    private void sign(long now) {
        byte[] head = store.get(HEAD);
        DigestState state = DigestState.of(head);
        if (state.tree().size() == 0) {
            return;
        }
        int partition = context.taskId().partition();
        long last = state.firstSequence() + state.tree().size() - 1;
        LedgerDigest digest = LedgerSignatures.sign(
                LedgerDigest.newBuilder()
                        .setPartition(partition)
                        .setKeyId(signer.keyId())
                        .setFirstSequence(state.firstSequence())
                        .setLastSequence(last)
                        .setHeadHash(state.lastHash())
                        .setMerkleRoot(HexFormat.of().formatHex(state.tree().root()))
                        .setPreviousKeyId(state.keyId())
                        .setPreviousSignature(state.signature())
                        .setSignedAt(Instant.ofEpochMilli(now))
                        .setSignature("")
                        .build(),
                signer.keys().getPrivate());
        store.put(
                HEAD, head(headSequence(head), headHash(head), state.signed(digest.getKeyId(), digest.getSignature())));
        metrics.ledgerDigest();
        context.forward(new Record<>(Integer.toString(partition), LedgerOut.digest(partition, digest), now));
    }

    /** The chain head as stored: the last entry's sequence (8 bytes) and hash (64 ASCII hex digits). */
    static byte[] head(long sequence, String hash) {
        return ByteBuffer.allocate(Long.BYTES + hash.length())
                .putLong(sequence)
                .put(hash.getBytes(StandardCharsets.US_ASCII))
                .array();
    }

    /** The same followed by the digest state of a signing monitor. */
    static byte[] head(long sequence, String hash, DigestState digest) {
        byte[] state = digest.toBytes();
        return ByteBuffer.allocate(HEAD_LENGTH + state.length)
                .put(head(sequence, hash))
                .put(state)
                .array();
    }

    static long headSequence(byte[] head) {
        return ByteBuffer.wrap(head).getLong();
    }

    static String headHash(byte[] head) {
        return new String(head, Long.BYTES, HEAD_LENGTH - Long.BYTES, StandardCharsets.US_ASCII);
    }

    /**
     * What the next digest of a partition covers and links to: the entries since the last digest
     * as a compact tree from {@code firstSequence}, the last one's hash, and the last digest's key
     * and signature (null before the first). An entry that does not follow the tree (written while
     * signing was off) starts a new tree, so a digest never claims entries it did not see.
     */
    record DigestState(String keyId, String signature, long firstSequence, String lastHash, MerkleTree.Compact tree) {

        /** From a chain head record; empty when there is none or it carries no digest state (unsigned). */
        static DigestState of(byte[] head) {
            if (head == null || head.length <= HEAD_LENGTH) {
                return new DigestState(null, null, 0, null, new MerkleTree.Compact());
            }
            ByteBuffer b = ByteBuffer.wrap(head, HEAD_LENGTH, head.length - HEAD_LENGTH);
            String keyId = text(b);
            String signature = text(b);
            long first = b.getLong();
            String lastHash = text(b);
            byte[] tree = new byte[b.remaining()];
            b.get(tree);
            return new DigestState(keyId, signature, first, lastHash, MerkleTree.Compact.fromBytes(tree));
        }

        DigestState append(long sequence, String hash) {
            boolean follows = tree.size() > 0 && sequence == firstSequence + tree.size();
            MerkleTree.Compact next = follows ? tree : new MerkleTree.Compact();
            next.append(MerkleTree.leafHash(HexFormat.of().parseHex(hash)));
            return new DigestState(keyId, signature, follows ? firstSequence : sequence, hash, next);
        }

        DigestState signed(String newKeyId, String newSignature) {
            return new DigestState(newKeyId, newSignature, 0, null, new MerkleTree.Compact());
        }

        byte[] toBytes() {
            byte[] treeBytes = tree.toBytes();
            byte[][] texts = {bytes(keyId), bytes(signature), bytes(lastHash)};
            ByteBuffer b = ByteBuffer.allocate(3 * Integer.BYTES
                    + texts[0].length
                    + texts[1].length
                    + texts[2].length
                    + Long.BYTES
                    + treeBytes.length);
            put(b, keyId);
            put(b, signature);
            b.putLong(firstSequence);
            put(b, lastHash);
            b.put(treeBytes);
            return b.array();
        }

        private static byte[] bytes(String s) {
            return s == null ? new byte[0] : s.getBytes(StandardCharsets.US_ASCII);
        }

        private static void put(ByteBuffer b, String s) {
            b.putInt(s == null ? -1 : s.length());
            b.put(bytes(s));
        }

        private static String text(ByteBuffer b) {
            int n = b.getInt();
            if (n < 0) {
                return null;
            }
            byte[] s = new byte[n];
            b.get(s);
            return new String(s, StandardCharsets.US_ASCII);
        }
    }

    /** The hash an entry must carry, for verification: see {@link LedgerHasher}. */
    public static String hashOf(String previousHash, LedgerEntry entryWithEmptyHash) {
        return new LedgerHasher().hash(previousHash, entryWithEmptyHash);
    }
}
