package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.events.AvroCodec;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Checks the hash chains of the ledger, one partition at a time, from the raw record values
 * in offset order: every entry decodes, its hash recomputes (over the encoding of the schema
 * it was written with), its sequence is one more than the previous entry's and its
 * previousHash is that entry's hash. A walk that starts at offset 0 must start with sequence
 * 0 from {@link LedgerChain#GENESIS}; one that starts later anchors on the first entry it
 * reads. The first break ends the walk of its partition. No Kafka here: the caller feeds it.
 */
public final class LedgerVerifier {

    private static final String[] REQUIRED = {"sequence", "occurredAt", "previousHash", "hash"};

    private final Map<Integer, Walk> walks = new TreeMap<>();
    private final DigestChecks digests;
    private final Map<Schema, GenericDatumReader<GenericRecord>> readers = new HashMap<>();
    private final LedgerHasher hasher = new LedgerHasher();
    private BinaryDecoder decoder;

    /** Hash chains only. */
    public LedgerVerifier() {
        this(null);
    }

    /**
     * Hash chains, and each accepted entry against the signed digests already given to
     * {@code digests} (null: no digests checked).
     */
    public LedgerVerifier(DigestChecks digests) {
        this.digests = digests;
    }

    /** One entry on its own: its sequence and hash when the hash recomputes, else the problem. */
    public record Checked(long sequence, String hash, String problem) {}

    /** Decodes one entry and recomputes its hash (over the schema it was written with). */
    public static Checked checkOne(byte[] value) {
        LedgerVerifier verifier = new LedgerVerifier();
        Entry entry;
        try {
            entry = verifier.decode(value);
        } catch (UndecodableException e) {
            return new Checked(-1, null, "undecodable record: " + e.getMessage());
        }
        String recomputed = verifier.hasher.hash(entry.previousHash, entry.writer, entry.withEmptyHash);
        return recomputed.equals(entry.hash)
                ? new Checked(entry.sequence, entry.hash, null)
                : new Checked(
                        entry.sequence,
                        entry.hash,
                        "hash mismatch: the entry (sequence " + entry.sequence + ") says " + abbreviate(entry.hash)
                                + " but its content hashes to " + abbreviate(recomputed));
    }

    /** Starts the walk of a partition at {@code startOffset}; 0 means from the very first entry. */
    public void begin(int partition, long startOffset) {
        walks.put(partition, new Walk(partition, startOffset == 0));
    }

    /**
     * Checks the next record of a partition.
     *
     * @return the break, when this record breaks the chain (the partition's walk ends there)
     */
    public Optional<Break> check(int partition, long offset, byte[] value) {
        Walk walk = walks.computeIfAbsent(partition, p -> new Walk(p, offset == 0));
        if (walk.broken != null) {
            return Optional.empty();
        }
        Optional<String> problem = problem(walk, offset, value);
        problem.ifPresent(reason -> walk.broken = new Break(partition, offset, reason));
        return Optional.ofNullable(walk.broken);
    }

    /** Breaks a partition's chain at {@code offset} for a reason found outside the records (a lost file). */
    public void refuse(int partition, long offset, String reason) {
        Walk walk = walks.computeIfAbsent(partition, p -> new Walk(p, true));
        if (walk.broken == null) {
            walk.broken = new Break(partition, offset, reason);
        }
    }

    /** What the walks found so far. */
    public Result result() {
        return result(false);
    }

    /**
     * What the walks found; {@code toTheEnd} when each partition was read to its end, so that a
     * digest covering more entries than the ledger holds counts as truncation.
     */
    public Result result(boolean toTheEnd) {
        List<PartitionResult> partitions = new ArrayList<>();
        if (digests != null) {
            digests.partitions().forEach(p -> walks.computeIfAbsent(p, q -> new Walk(q, true)));
        }
        for (Walk w : walks.values()) {
            if (digests != null && w.broken == null) {
                Optional<DigestChecks.Problem> chain = digests.chainProblem(w.partition);
                long anchoredAt = digests.coverage(w.partition).anchoredAt();
                if (chain.isPresent()) {
                    w.broken = new Break(
                            w.partition, chain.get().digestOffset(), chain.get().reason(), true);
                } else if (anchoredAt >= 0 && w.fromOffsetZero && w.entries > 0) {
                    // Retention deletes the oldest entries before the digests that sign them.
                    w.broken = new Break(
                            w.partition,
                            anchoredAt,
                            "the digests before this one are gone from the digests topic, but the ledger still "
                                    + "starts at its first entry: digests were deleted",
                            true);
                } else if (toTheEnd) {
                    digests.end(w.partition, w.last == null ? -1 : w.last.sequence)
                            .ifPresent(reason -> w.broken = new Break(w.partition, Math.max(w.lastOffset, 0), reason));
                }
            }
            partitions.add(w.result(digests == null ? null : digests.coverage(w.partition)));
        }
        return new Result(partitions);
    }

    private Optional<String> problem(Walk walk, long offset, byte[] value) {
        Entry entry;
        try {
            entry = decode(value);
        } catch (UndecodableException e) {
            return Optional.of("undecodable record: " + e.getMessage());
        }
        String recomputed = hasher.hash(entry.previousHash, entry.writer, entry.withEmptyHash);
        if (!recomputed.equals(entry.hash)) {
            return Optional.of("hash mismatch: the entry (sequence " + entry.sequence + ") says "
                    + abbreviate(entry.hash) + " but its content hashes to " + abbreviate(recomputed));
        }
        if (walk.last == null) {
            if (entry.sequence == 0 && !LedgerChain.GENESIS.equals(entry.previousHash)) {
                return Optional.of("the first entry of the chain (sequence 0) has previousHash "
                        + abbreviate(entry.previousHash) + " instead of GENESIS");
            }
            if (walk.fromOffsetZero && entry.sequence != 0) {
                return Optional.of("the partition's first entry has sequence " + entry.sequence
                        + ", expected 0: the entries before it are missing");
            }
            walk.anchored = entry.sequence != 0;
        } else {
            if (entry.sequence != walk.last.sequence + 1) {
                return Optional.of("sequence jumps from " + walk.last.sequence + " to " + entry.sequence + " (expected "
                        + (walk.last.sequence + 1) + ")");
            }
            if (!entry.previousHash.equals(walk.last.hash)) {
                return Optional.of("previousHash does not match entry at offset " + walk.lastOffset + " (sequence "
                        + walk.last.sequence + ")");
            }
        }
        walk.accept(offset, entry);
        return digests == null ? Optional.empty() : digests.entry(walk.partition, offset, entry.sequence, entry.hash);
    }

    private Entry decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new UndecodableException("empty value");
        }
        Schema writer = AvroCodec.writerSchema(value)
                .orElseThrow(() -> new UndecodableException("no single-object header with a known schema fingerprint"));
        for (String field : REQUIRED) {
            if (writer.getType() != Schema.Type.RECORD || writer.getField(field) == null) {
                throw new UndecodableException("written with schema " + writer.getFullName() + ", not a LedgerEntry");
            }
        }
        GenericRecord record;
        try {
            decoder = DecoderFactory.get()
                    .binaryDecoder(value, AvroCodec.HEADER_LENGTH, value.length - AvroCodec.HEADER_LENGTH, decoder);
            record = readers.computeIfAbsent(writer, GenericDatumReader::new).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new UndecodableException("trailing bytes after the entry");
            }
        } catch (IOException
                | AvroRuntimeException
                | IndexOutOfBoundsException
                | NegativeArraySizeException
                | ClassCastException
                | IllegalArgumentException e) {
            throw new UndecodableException(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        String hash = record.get("hash").toString();
        record.put("hash", "");
        return new Entry(
                writer,
                record,
                (Long) record.get("sequence"),
                (Long) record.get("occurredAt"),
                record.get("previousHash").toString(),
                hash);
    }

    private static String abbreviate(String hash) {
        return hash.length() > 16 ? hash.substring(0, 16) + "..." : "'" + hash + "'";
    }

    /**
     * Where the chain breaks first in a partition, and why.
     *
     * @param inDigests the offset is of the digests topic (a broken digest chain), not of the ledger
     */
    public record Break(int partition, long offset, String reason, boolean inDigests) {

        public Break(int partition, long offset, String reason) {
            this(partition, offset, reason, false);
        }

        @Override
        public String toString() {
            return "partition " + partition + ", offset " + offset + (inDigests ? " of the digests topic" : "") + ": "
                    + reason;
        }
    }

    /**
     * One partition's walk.
     *
     * @param anchored true when the walk began mid-chain and trusted its first entry's previousHash
     * @param firstOccurredAt null when the walk read no entry
     */
    public record PartitionResult(
            int partition,
            long entries,
            long firstSequence,
            long lastSequence,
            long firstOffset,
            long lastOffset,
            boolean anchored,
            Instant firstOccurredAt,
            Instant lastOccurredAt,
            Break broken,
            DigestChecks.Coverage signed) {}

    /** All walks, by partition. */
    public record Result(List<PartitionResult> partitions) {

        public boolean intact() {
            return partitions.stream().allMatch(p -> p.broken() == null);
        }

        public long entries() {
            return partitions.stream().mapToLong(PartitionResult::entries).sum();
        }

        /** The break in the lowest-numbered broken partition. */
        public Optional<Break> firstBreak() {
            return partitions.stream()
                    .map(PartitionResult::broken)
                    .filter(b -> b != null)
                    .findFirst();
        }

        public List<Break> breaks() {
            return partitions.stream()
                    .map(PartitionResult::broken)
                    .filter(b -> b != null)
                    .toList();
        }

        public Optional<Instant> earliest() {
            return partitions.stream()
                    .map(PartitionResult::firstOccurredAt)
                    .filter(t -> t != null)
                    .min(Instant::compareTo);
        }

        public Optional<Instant> latest() {
            return partitions.stream()
                    .map(PartitionResult::lastOccurredAt)
                    .filter(t -> t != null)
                    .max(Instant::compareTo);
        }
    }

    private record Entry(
            Schema writer,
            GenericRecord withEmptyHash,
            long sequence,
            long occurredAt,
            String previousHash,
            String hash) {}

    private static final class UndecodableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UndecodableException(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Walk {
        private final int partition;
        private final boolean fromOffsetZero;
        private long entries;
        private long firstSequence = -1;
        private long firstOffset = -1;
        private long lastOffset = -1;
        private long minOccurredAt = Long.MAX_VALUE;
        private long maxOccurredAt = Long.MIN_VALUE;
        private boolean anchored;
        private Entry last;
        private Break broken;

        Walk(int partition, boolean fromOffsetZero) {
            this.partition = partition;
            this.fromOffsetZero = fromOffsetZero;
        }

        void accept(long offset, Entry entry) {
            if (entries == 0) {
                firstSequence = entry.sequence;
                firstOffset = offset;
            }
            entries++;
            lastOffset = offset;
            minOccurredAt = Math.min(minOccurredAt, entry.occurredAt);
            maxOccurredAt = Math.max(maxOccurredAt, entry.occurredAt);
            last = entry;
        }

        PartitionResult result(DigestChecks.Coverage signed) {
            return new PartitionResult(
                    partition,
                    entries,
                    firstSequence,
                    last == null ? -1 : last.sequence,
                    firstOffset,
                    lastOffset,
                    anchored,
                    entries == 0 ? null : Instant.ofEpochMilli(minOccurredAt),
                    entries == 0 ? null : Instant.ofEpochMilli(maxOccurredAt),
                    broken,
                    signed);
        }
    }
}
