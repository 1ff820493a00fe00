package dev.transfermonitor.detection.ledger;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.events.AvroCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The verifier over chains the topology wrote, as they are and tampered with. */
class LedgerVerifierTest {

    private static final AvroCodec<LedgerEntry> CODEC = AvroCodec.of(LedgerEntry.class);

    private final Harness tm = Harness.sampleCompany();
    private List<byte[]> chain;

    @BeforeEach
    void writeAChain() {
        for (int i = 0; i < 4; i++) {
            tm.send(aReplication()
                    .by("svc-backup")
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .records(100 + i)
                    .build());
            tm.send(anAccess()
                    .by("emp-1003")
                    .from("203.0.113.7")
                    .records(2)
                    .subjects("k" + i, "k" + (i + 1))
                    .build());
        }
        chain = tm.ledgerBytes();
        assertThat(chain).hasSize(8);
    }

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void anUntouchedChainIsIntact() {
        LedgerVerifier.Result result = verify(chain, 0);

        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(8);
        LedgerVerifier.PartitionResult p = result.partitions().get(0);
        assertThat(p.firstSequence()).isZero();
        assertThat(p.lastSequence()).isEqualTo(7);
        assertThat(p.anchored()).isFalse();
        assertThat(result.earliest()).isPresent();
    }

    @Test
    void aChangedEntryNoLongerMatchesItsHash() {
        LedgerEntry entry = CODEC.decode(chain.get(3));
        entry.setRecordCount(entry.getRecordCount() + 1);
        List<byte[]> copy = new ArrayList<>(chain);
        copy.set(3, CODEC.encode(entry));

        LedgerVerifier.Break broken = verify(copy, 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isEqualTo(3);
        assertThat(broken.reason()).startsWith("hash mismatch");
    }

    @Test
    void aChangedAndRehashedEntryBreaksTheLinkToTheNext() {
        LedgerEntry entry = CODEC.decode(chain.get(3));
        entry.setRecordCount(entry.getRecordCount() + 1);
        entry.setHash("");
        entry.setHash(LedgerChain.hashOf(entry.getPreviousHash(), entry));
        List<byte[]> copy = new ArrayList<>(chain);
        copy.set(3, CODEC.encode(entry));

        LedgerVerifier.Break broken = verify(copy, 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isEqualTo(4);
        assertThat(broken.reason()).isEqualTo("previousHash does not match entry at offset 3 (sequence 3)");
    }

    @Test
    void aDeletedEntryIsASequenceJump() {
        List<byte[]> copy = new ArrayList<>(chain);
        copy.remove(5);

        LedgerVerifier.Break broken = verify(copy, 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isEqualTo(5);
        assertThat(broken.reason()).isEqualTo("sequence jumps from 4 to 6 (expected 5)");
    }

    @Test
    void swappedEntriesBreakAtTheFirstOfThem() {
        List<byte[]> copy = new ArrayList<>(chain);
        Collections.swap(copy, 2, 3);

        LedgerVerifier.Break broken = verify(copy, 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isEqualTo(2);
        assertThat(broken.reason()).isEqualTo("sequence jumps from 1 to 3 (expected 2)");
    }

    @Test
    void aRecordThatIsNotAnEntryIsABreak() {
        List<byte[]> copy = new ArrayList<>(chain);
        copy.add(4, "not avro".getBytes(StandardCharsets.UTF_8));

        LedgerVerifier.Break broken = verify(copy, 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isEqualTo(4);
        assertThat(broken.reason()).startsWith("undecodable record");
    }

    @Test
    void aMissingFirstEntryIsABreakWhenTheWalkStartsAtOffsetZero() {
        LedgerVerifier.Break broken =
                verify(chain.subList(1, chain.size()), 0).firstBreak().orElseThrow();

        assertThat(broken.offset()).isZero();
        assertThat(broken.reason()).contains("first entry has sequence 1, expected 0");
    }

    @Test
    void aWalkFromMidChainAnchorsOnItsFirstEntry() {
        LedgerVerifier verifier = new LedgerVerifier();
        verifier.begin(0, 10);
        for (int i = 3; i < chain.size(); i++) {
            assertThat(verifier.check(0, 10 + i, chain.get(i))).isEmpty();
        }

        LedgerVerifier.PartitionResult p = verifier.result().partitions().get(0);
        assertThat(p.anchored()).isTrue();
        assertThat(p.firstSequence()).isEqualTo(3);
        assertThat(p.entries()).isEqualTo(5);
    }

    @Test
    void aChainStartedWithTheOlderSchemaStillVerifiesAcrossTheUpgrade() {
        Schema v1 = olderSchema();
        assertThat(v1.getField("subjectSketch")).isNull();
        List<byte[]> mixed = new ArrayList<>();
        String previous = LedgerChain.GENESIS;
        LedgerHasher hasher = new LedgerHasher();
        for (long sequence = 0; sequence < 3; sequence++) {
            GenericRecord old = olderEntry(v1, sequence, previous);
            String hash = hasher.hash(previous, v1, old);
            old.put("hash", hash);
            mixed.add(encode(v1, old));
            previous = hash;
        }
        for (long sequence = 3; sequence < 5; sequence++) {
            LedgerEntry entry = LedgerEntry.newBuilder(CODEC.decode(chain.get(0)))
                    .setSequence(sequence)
                    .setPreviousHash(previous)
                    .setHash("")
                    .setSubjectSketch(SubjectSketches.of(List.of("a", "b")))
                    .build();
            entry.setHash(LedgerChain.hashOf(previous, entry));
            mixed.add(CODEC.encode(entry));
            previous = entry.getHash();
        }

        LedgerVerifier.Result result = verify(mixed, 0);

        assertThat(result.breaks()).isEmpty();
        assertThat(result.entries()).isEqualTo(5);
        assertThat(CODEC.decode(mixed.get(0)).getSubjectSketch()).isNull();
    }

    @Test
    void eachPartitionIsItsOwnChainAndTheFirstBreakIsInTheLowestPartition() {
        List<byte[]> broken = new ArrayList<>(chain);
        broken.remove(2);
        LedgerVerifier verifier = new LedgerVerifier();
        for (int partition = 0; partition < 3; partition++) {
            verifier.begin(partition, 0);
            List<byte[]> records = partition == 0 ? chain : broken;
            for (int offset = 0; offset < records.size(); offset++) {
                verifier.check(partition, offset, records.get(offset));
            }
        }

        LedgerVerifier.Result result = verifier.result();
        assertThat(result.breaks()).extracting(LedgerVerifier.Break::partition).containsExactly(1, 2);
        assertThat(result.firstBreak().orElseThrow().partition()).isEqualTo(1);
        assertThat(result.partitions().get(0).broken()).isNull();
        assertThat(result.partitions().get(1).entries()).isEqualTo(2);
    }

    private static LedgerVerifier.Result verify(List<byte[]> records, long startOffset) {
        LedgerVerifier verifier = new LedgerVerifier();
        verifier.begin(0, startOffset);
        for (int i = 0; i < records.size(); i++) {
            verifier.check(0, startOffset + i, records.get(i));
        }
        return verifier.result();
    }

    private static GenericRecord olderEntry(Schema v1, long sequence, String previousHash) {
        GenericRecord r = new GenericData.Record(v1);
        r.put("sequence", sequence);
        r.put("eventId", "evt-old-" + sequence);
        r.put("occurredAt", Instant.parse("2026-10-01T00:00:00Z").toEpochMilli() + sequence);
        r.put("principalId", "svc-backup");
        r.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "BACKUP"));
        r.put("originJurisdiction", "KR");
        r.put("destinationJurisdiction", "SG");
        r.put("dataClasses", List.of("PERSONAL"));
        r.put("recordCount", 10L);
        r.put("byteCount", 100L);
        r.put("decision", new GenericData.EnumSymbol(v1.getField("decision").schema(), "ALLOWED"));
        r.put("previousHash", previousHash);
        r.put("hash", "");
        return r;
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema olderSchema() {
        try (InputStream in = LedgerVerifierTest.class.getResourceAsStream("/schema-history/LedgerEntry-v1.avsc")) {
            assertThat(in).isNotNull();
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
