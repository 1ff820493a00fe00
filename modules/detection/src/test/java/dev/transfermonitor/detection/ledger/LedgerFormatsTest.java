package dev.transfermonitor.detection.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

/**
 * Golden values of what the ledger defines by hand: the chain head in {@value LedgerChain#STORE}
 * (a changelogged store: a changed format would fork every chain on upgrade), the hash of an
 * entry (audits verify old chains) and the subject sketch that each entry carries for ever
 * (reports union sketches of entries written by older versions).
 */
class LedgerFormatsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theChainHeadIsTheSequenceThenTheHashInAscii() {
        String hash = "ab".repeat(32);
        String golden = "0000000000000029" + "6162".repeat(32);

        assertThat(HEX.formatHex(LedgerChain.head(41, hash))).isEqualTo(golden);
        assertThat(LedgerChain.headSequence(HEX.parseHex(golden))).isEqualTo(41);
        assertThat(LedgerChain.headHash(HEX.parseHex(golden))).isEqualTo(hash);
    }

    @Test
    void aSigningMonitorsHeadIsTheSameHeadWithItsDigestStateAfterIt() {
        String hash = "ab".repeat(32);
        byte[] unsigned = LedgerChain.head(41, hash);
        byte[] signed =
                LedgerChain.head(41, hash, LedgerChain.DigestState.of(unsigned).append(41, hash));

        assertThat(Arrays.copyOf(signed, unsigned.length)).isEqualTo(unsigned);
        assertThat(LedgerChain.headSequence(signed)).isEqualTo(41);
        assertThat(LedgerChain.headHash(signed)).isEqualTo(hash);
        assertThat(LedgerChain.DigestState.of(signed).firstSequence()).isEqualTo(41);
        assertThat(LedgerChain.DigestState.of(signed).tree().size()).isEqualTo(1);
        assertThat(LedgerChain.DigestState.of(unsigned).tree().size())
                .as("a head written unsigned starts a new tree")
                .isZero();
    }

    @Test
    void theHashOfAKnownEntry() {
        LedgerEntry entry = LedgerEntry.newBuilder()
                .setSequence(0)
                .setEventId("evt-1")
                .setOccurredAt(Instant.parse("2026-03-02T09:15:00Z"))
                .setPrincipalId("emp-42")
                .setKind(TransferKind.ACCESS)
                .setOriginJurisdiction("KR")
                .setOriginRegion("aws:ap-northeast-2")
                .setDestinationJurisdiction("US")
                .setDestinationRegion(null)
                .setDataClasses(List.of("PERSONAL"))
                .setRecordCount(400)
                .setByteCount(4_096)
                .setDecision(LedgerDecision.DENIED)
                .setPolicyId("kr-personal")
                .setPolicyVersion(3)
                .setPreviousHash(LedgerChain.GENESIS)
                .setHash("")
                .build();

        assertThat(LedgerChain.hashOf(LedgerChain.GENESIS, entry))
                .isEqualTo("cb558db657693352b54638bc93319eec04ab635ae3a2459966f3932e489b6ed4");
    }

    @Test
    void aFewSubjectsAreACompactSketchInListMode() {
        String golden = "0201070c03080300d9194806391ec2122c4e7f11";
        ByteBuffer sketch = SubjectSketches.of(List.of("subject-1", "subject-2", "subject-3"));

        byte[] bytes = new byte[sketch.remaining()];
        sketch.duplicate().get(bytes);
        assertThat(HEX.formatHex(bytes)).isEqualTo(golden);
        Union union = SubjectSketches.union();
        SubjectSketches.add(union, ByteBuffer.wrap(HEX.parseHex(golden)));
        assertThat(union.getEstimate()).isCloseTo(3.0, within(0.01));
    }
}
