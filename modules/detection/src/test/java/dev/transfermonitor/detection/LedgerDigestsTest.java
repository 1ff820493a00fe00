package dev.transfermonitor.detection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.detection.ledger.MerkleTree;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The signed ledger: a digest per interval over the entries since the last, chained by signature. */
class LedgerDigestsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private final KeyPair keys = LedgerSignatures.generate();
    private final Harness tm =
            new Harness(Harness.statelessOnly(), new LedgerSigner(keys, INTERVAL)).withSampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private static String root(List<LedgerEntry> entries) {
        return HexFormat.of()
                .formatHex(MerkleTree.root(entries.stream()
                        .map(e -> MerkleTree.leafHash(HexFormat.of().parseHex(e.getHash())))
                        .toList()));
    }

    @Test
    void eachIntervalSignsTheNewEntriesAndLinksToTheDigestBefore() {
        tm.sendBackups(3);
        List<LedgerEntry> first = tm.ledger();
        assertThat(tm.digests())
                .as("nothing is signed before the interval passes")
                .isEmpty();

        tm.advanceWallClock(INTERVAL);
        LedgerDigest d1 = tm.digests().get(0);
        assertThat(d1.getFirstSequence()).isZero();
        assertThat(d1.getLastSequence()).isEqualTo(2);
        assertThat(d1.getHeadHash()).isEqualTo(first.get(2).getHash());
        assertThat(d1.getMerkleRoot()).isEqualTo(root(first));
        assertThat(d1.getKeyId()).isEqualTo(LedgerSignatures.keyId(keys.getPublic()));
        assertThat(d1.getPreviousSignature()).isNull();
        assertThat(LedgerSignatures.verifies(d1, keys.getPublic())).isTrue();

        tm.advanceWallClock(INTERVAL);
        assertThat(tm.digests()).as("an interval without entries signs nothing").isEmpty();

        tm.sendBackups(2);
        List<LedgerEntry> second = tm.ledger();
        tm.advanceWallClock(INTERVAL);
        LedgerDigest d2 = tm.digests().get(0);
        assertThat(d2.getFirstSequence()).isEqualTo(3);
        assertThat(d2.getLastSequence()).isEqualTo(4);
        assertThat(d2.getMerkleRoot()).isEqualTo(root(second));
        assertThat(d2.getPreviousSignature()).isEqualTo(d1.getSignature());
        assertThat(d2.getPreviousKeyId()).isEqualTo(d1.getKeyId());
        assertThat(LedgerSignatures.verifies(d2, keys.getPublic())).isTrue();
        assertThat(d2.getSignedAt()).isAfter(d1.getSignedAt());
    }

    @Test
    void aStopAsksEveryChainToSignItsHeadAtOnce() throws Exception {
        LedgerSigner signer = new LedgerSigner(keys, Duration.ofHours(1));
        try (Harness stopping = new Harness(Harness.statelessOnly(), signer).withSampleCompany()) {
            stopping.sendBackups(2);
            stopping.advanceWallClock(Duration.ofSeconds(1));
            assertThat(stopping.digests())
                    .as("an hour's interval signs nothing yet")
                    .isEmpty();

            signer.requestFinalDigests();
            assertThat(signer.awaitFinalDigests(Duration.ZERO))
                    .as("not signed before the chain's next tick")
                    .isEqualTo(1);
            stopping.advanceWallClock(Duration.ofMillis(200));

            List<LedgerDigest> signed = stopping.digests();
            assertThat(signed).hasSize(1);
            assertThat(signed.get(0).getFirstSequence()).isZero();
            assertThat(signed.get(0).getLastSequence()).isEqualTo(1);
            assertThat(signer.awaitFinalDigests(Duration.ZERO)).isZero();
        }
    }

    @Test
    void withoutAKeyTheLedgerIsWrittenUnsigned() {
        try (Harness unsigned = Harness.sampleCompany()) {
            unsigned.sendBackups(1);
            unsigned.advanceWallClock(INTERVAL.multipliedBy(3));

            assertThat(unsigned.ledger()).hasSize(1);
            assertThat(unsigned.digests()).isEmpty();
        }
    }
}
