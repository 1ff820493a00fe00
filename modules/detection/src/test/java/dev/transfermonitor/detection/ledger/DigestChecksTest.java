package dev.transfermonitor.detection.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.events.AvroCodec;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attacks on a signed ledger, each on a ledger the topology wrote: what an attacker with
 * write access to the ledger and digests topics (but not the private key) can do, and where
 * the verifier names it.
 */
class DigestChecksTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final AvroCodec<LedgerEntry> ENTRIES = AvroCodec.of(LedgerEntry.class);
    private static final AvroCodec<LedgerDigest> DIGESTS = AvroCodec.of(LedgerDigest.class);

    private final KeyPair keys = LedgerSignatures.generate();
    private Harness tm;
    private List<byte[]> entries;
    private List<byte[]> digests;

    /** Three intervals of 4, 3 and 2 backups: one partition, entries 0..8 under three digests. */
    @BeforeEach
    void writeALedger() {
        tm = new Harness(Harness.statelessOnly(), new LedgerSigner(keys, INTERVAL)).withSampleCompany();
        entries = new ArrayList<>();
        digests = new ArrayList<>();
        for (int n : new int[] {4, 3, 2}) {
            tm.sendBackups(n);
            entries.addAll(tm.ledgerBytes());
            tm.advanceWallClock(INTERVAL);
            tm.digests().forEach(d -> digests.add(DIGESTS.encode(d)));
        }
        assertThat(entries).hasSize(9);
        assertThat(digests).hasSize(3);
    }

    @AfterEach
    void close() {
        tm.close();
    }

    private LedgerVerifier.Result verify(List<byte[]> ledger, List<byte[]> signed, KeyPair... trusted) {
        return verify(ledger, 0, signed, 0, trusted);
    }

    /** With the partitions starting at these offsets (older records deleted by retention). */
    private LedgerVerifier.Result verify(
            List<byte[]> ledger, long ledgerStart, List<byte[]> signed, long digestsStart, KeyPair... trusted) {
        Map<String, PublicKey> byId = new HashMap<>();
        for (KeyPair k : trusted.length == 0 ? new KeyPair[] {keys} : trusted) {
            byId.put(LedgerSignatures.keyId(k.getPublic()), k.getPublic());
        }
        DigestChecks checks = new DigestChecks(byId);
        checks.begin(0, digestsStart);
        for (int i = 0; i < signed.size(); i++) {
            checks.digest(0, digestsStart + i, signed.get(i));
        }
        LedgerVerifier verifier = new LedgerVerifier(checks);
        verifier.begin(0, ledgerStart);
        for (int i = 0; i < ledger.size(); i++) {
            verifier.check(0, ledgerStart + i, ledger.get(i));
        }
        return verifier.result(true);
    }

    /** Entry {@code sequence} changed by {@code change}, and every hash from there recomputed. */
    private List<byte[]> rewritten(List<byte[]> ledger, int sequence) {
        List<byte[]> out = new ArrayList<>(ledger.subList(0, sequence));
        String previous = ENTRIES.decode(ledger.get(sequence)).getPreviousHash();
        for (int i = sequence; i < ledger.size(); i++) {
            LedgerEntry e = LedgerEntry.newBuilder(ENTRIES.decode(ledger.get(i)))
                    .setPreviousHash(previous)
                    .setHash("")
                    .build();
            if (i == sequence) {
                e.setRecordCount(0L);
            }
            e.setHash(LedgerChain.hashOf(previous, e));
            previous = e.getHash();
            out.add(ENTRIES.encode(e));
        }
        return out;
    }

    private static LedgerVerifier.PartitionResult partition(LedgerVerifier.Result result) {
        return result.partitions().get(0);
    }

    @Test
    void anUntouchedLedgerIsIntactAndSignedThroughout() {
        LedgerVerifier.Result result = verify(entries, digests);

        assertThat(result.intact()).isTrue();
        assertThat(partition(result).signed().signed()).isEqualTo(9);
        assertThat(partition(result).signed().unsignedTail()).isZero();
        assertThat(partition(result).signed().lastKeyId()).isEqualTo(LedgerSignatures.keyId(keys.getPublic()));
    }

    @Test
    void aForgedAppendWithACorrectHashIsAnUnsignedTailNotASignedEntry() {
        List<byte[]> forged = new ArrayList<>(entries);
        LedgerEntry last = ENTRIES.decode(entries.get(8));
        LedgerEntry next = LedgerEntry.newBuilder(last)
                .setSequence(9)
                .setEventId("forged")
                .setPreviousHash(last.getHash())
                .setHash("")
                .build();
        next.setHash(LedgerChain.hashOf(last.getHash(), next));
        forged.add(ENTRIES.encode(next));

        LedgerVerifier.Result result = verify(forged, digests);

        assertThat(result.intact()).as("the hash chain alone cannot tell").isTrue();
        assertThat(partition(result).signed().unsignedTail()).isEqualTo(1);
        assertThat(partition(result).signed().signed()).isEqualTo(9);
    }

    @Test
    void aRewrittenChainWithEveryHashRecomputedContradictsItsDigest() {
        LedgerVerifier.Result result = verify(rewritten(entries, 5), digests);

        assertThat(result.firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.offset())
                    .as("the last entry of the digest that covers sequence 5")
                    .isEqualTo(6);
            assertThat(b.inDigests()).isFalse();
            assertThat(b.reason()).contains("4..6", "rewritten");
        });
    }

    @Test
    void aTruncatedTailIsNamedByTheDigestThatSignedIt() {
        LedgerVerifier.Result result = verify(entries.subList(0, 7), digests);

        assertThat(result.firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.offset()).isEqualTo(6);
            assertThat(b.reason()).contains("truncated", "up to sequence 8", "ends at sequence 6");
        });
    }

    @Test
    void aDeletedDigestBreaksTheDigestChainWhereItWas() {
        List<byte[]> withoutTheSecond = List.of(digests.get(0), digests.get(2));

        LedgerVerifier.Result result = verify(entries, withoutTheSecond);

        assertThat(result.firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.inDigests()).isTrue();
            assertThat(b.offset()).isEqualTo(1);
            assertThat(b.reason()).contains("does not follow");
        });
    }

    @Test
    void aDigestSignedByAnotherKeyIsUnknownOrBadWhicheverKeyItClaims() {
        KeyPair attacker = LedgerSignatures.generate();
        LedgerDigest real = DIGESTS.decode(digests.get(2));
        LedgerDigest own = LedgerSignatures.sign(
                LedgerDigest.newBuilder(real)
                        .setKeyId(LedgerSignatures.keyId(attacker.getPublic()))
                        .build(),
                attacker.getPrivate());
        LedgerDigest claimed =
                LedgerSignatures.sign(LedgerDigest.newBuilder(real).build(), attacker.getPrivate());

        assertThat(verify(entries, List.of(digests.get(0), digests.get(1), DIGESTS.encode(own)))
                        .firstBreak())
                .hasValueSatisfying(b -> assertThat(b.reason()).contains("unknown key"));
        assertThat(verify(entries, List.of(digests.get(0), digests.get(1), DIGESTS.encode(claimed)))
                        .firstBreak())
                .hasValueSatisfying(b -> {
                    assertThat(b.reason()).contains("bad signature");
                    assertThat(b.offset()).isEqualTo(2);
                });
    }

    @Test
    void aReplayedOldDigestDoesNotFollowTheLastOne() {
        List<byte[]> replayed = new ArrayList<>(digests);
        replayed.add(digests.get(0));

        assertThat(verify(entries, replayed).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.inDigests()).isTrue();
            assertThat(b.offset()).isEqualTo(3);
        });
    }

    @Test
    void entriesWrittenBeforeSigningStartedAreUnsignedNotBroken() {
        List<byte[]> lateDigests = List.of(digests.get(1), digests.get(2));
        // The first digest read then links to one that is not there: the verifier says so.
        assertThat(verify(entries, lateDigests).firstBreak())
                .hasValueSatisfying(b -> assertThat(b.reason()).contains("first digest read"));

        // Signing switched on at sequence 4: its first digest links to nothing.
        List<LedgerEntry> late =
                entries.subList(4, 9).stream().map(ENTRIES::decode).toList();
        LedgerDigest first = LedgerSignatures.sign(
                LedgerDigest.newBuilder(DIGESTS.decode(digests.get(0)))
                        .setFirstSequence(4)
                        .setLastSequence(8)
                        .setHeadHash(late.get(4).getHash())
                        .setMerkleRoot(HexFormat.of()
                                .formatHex(MerkleTree.root(late.stream()
                                        .map(e -> MerkleTree.leafHash(
                                                HexFormat.of().parseHex(e.getHash())))
                                        .toList())))
                        .build(),
                keys.getPrivate());
        LedgerVerifier.Result switchedOn = verify(entries, List.of(DIGESTS.encode(first)));
        assertThat(switchedOn.intact()).isTrue();
        assertThat(partition(switchedOn).signed().unsignedEarly()).isEqualTo(4);
        assertThat(partition(switchedOn).signed().signed()).isEqualTo(5);

        LedgerVerifier.Result unsignedLedger = verify(entries, List.of());
        assertThat(unsignedLedger.intact()).isTrue();
        assertThat(partition(unsignedLedger).signed().unsignedTail()).isEqualTo(9);
    }

    @Test
    void digestsGoneFromTheTopicsStartByRetentionAnchorOnTheFirstOneLeft() {
        LedgerVerifier.Result result = verify(entries.subList(4, 9), 4, digests.subList(1, 3), 1);

        assertThat(result.intact()).as("%s", result.firstBreak()).isTrue();
        assertThat(partition(result).signed().anchoredAt()).isEqualTo(1);
        assertThat(partition(result).signed().signed()).isEqualTo(5);

        // The same digests gone while the ledger still starts at its first entry: deleted, not expired.
        assertThat(verify(entries, 0, digests.subList(1, 3), 1).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.inDigests()).isTrue();
            assertThat(b.offset()).isEqualTo(1);
            assertThat(b.reason()).contains("digests were deleted");
        });
    }

    /** The third interval signed by a new key, as a monitor restarted with it signs. */
    private byte[] rotatedThird(KeyPair next, String previousKeyId) {
        LedgerDigest third = DIGESTS.decode(digests.get(2));
        return DIGESTS.encode(LedgerSignatures.sign(
                LedgerDigest.newBuilder(third)
                        .setKeyId(LedgerSignatures.keyId(next.getPublic()))
                        .setPreviousKeyId(previousKeyId)
                        .build(),
                next.getPrivate()));
    }

    @Test
    void aRotatedKeyChainsFromTheOldKeysLastDigestAndNeedsBothPublicKeys() {
        KeyPair next = LedgerSignatures.generate();
        List<byte[]> rotated =
                List.of(digests.get(0), digests.get(1), rotatedThird(next, LedgerSignatures.keyId(keys.getPublic())));

        LedgerVerifier.Result both = verify(entries, rotated, keys, next);
        assertThat(both.intact()).as("%s", both.firstBreak()).isTrue();
        assertThat(partition(both).signed().signed()).isEqualTo(9);
        assertThat(partition(both).signed().keyIds())
                .containsExactly(LedgerSignatures.keyId(keys.getPublic()), LedgerSignatures.keyId(next.getPublic()));

        assertThat(verify(entries, rotated, next).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.offset()).as("the old key's first digest").isZero();
            assertThat(b.reason()).contains("unknown key");
        });
    }

    @Test
    void aDigestThatLiesAboutThePreviousKeyBreaksTheChain() {
        KeyPair next = LedgerSignatures.generate();
        List<byte[]> lying = List.of(digests.get(0), digests.get(1), rotatedThird(next, "0123456789abcdef"));

        assertThat(verify(entries, lying, keys, next).firstBreak()).hasValueSatisfying(b -> {
            assertThat(b.inDigests()).isTrue();
            assertThat(b.offset()).isEqualTo(2);
            assertThat(b.reason()).contains("previous digest's key");
        });
    }
}
