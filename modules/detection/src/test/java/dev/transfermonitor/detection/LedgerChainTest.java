package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.SubjectSketches;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LedgerChainTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void entriesAreSequencedAndHashChained() {
        for (int i = 0; i < 5; i++) {
            tm.send(aReplication()
                    .by("svc-backup")
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .build());
        }

        List<LedgerEntry> entries = tm.ledger();
        assertThat(entries).extracting(LedgerEntry::getSequence).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(entries.get(0).getPreviousHash()).isEqualTo(LedgerChain.GENESIS);
        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).getPreviousHash())
                    .isEqualTo(entries.get(i - 1).getHash());
        }
        assertThat(entries)
                .extracting(LedgerEntry::getHash)
                .doesNotHaveDuplicates()
                .allMatch(h -> h.matches("[0-9a-f]{64}"));
    }

    @Test
    void theHashCoversTheEntry() {
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .records(10)
                .build());
        LedgerEntry entry = tm.ledger().get(0);

        LedgerEntry copy = LedgerEntry.newBuilder(entry).setHash("").build();
        String recomputed = LedgerChain.hashOf(copy.getPreviousHash(), copy);
        copy.setRecordCount(11);
        String tampered = LedgerChain.hashOf(copy.getPreviousHash(), copy);

        assertThat(recomputed).isEqualTo(entry.getHash());
        assertThat(tampered).isNotEqualTo(entry.getHash());
    }

    @Test
    void eachEntryCarriesASketchOfItsSubjectsCoveredByTheHash() {
        tm.send(anAccess()
                .by("emp-1003")
                .from("203.0.113.7")
                .records(3)
                .subjects("s1", "s2", "s3")
                .build());
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .build());
        List<LedgerEntry> entries = tm.ledger();

        LedgerEntry access = entries.get(0);
        assertThat(HllSketch.heapify(access.getSubjectSketch().array()).getEstimate())
                .isCloseTo(3.0, within(0.01));
        assertThat(entries.get(1).getSubjectSketch())
                .as("a replication names no subjects")
                .isNull();
        LedgerEntry copy = LedgerEntry.newBuilder(access)
                .setHash("")
                .setSubjectSketch(SubjectSketches.of(List.of("s1", "s2", "s4")))
                .build();
        assertThat(LedgerChain.hashOf(copy.getPreviousHash(), copy)).isNotEqualTo(access.getHash());
    }
}
