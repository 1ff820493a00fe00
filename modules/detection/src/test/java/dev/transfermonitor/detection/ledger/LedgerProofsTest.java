package dev.transfermonitor.detection.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.events.AvroCodec;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One entry's proof from a ledger the topology wrote: it holds, and fails for anything changed. */
class LedgerProofsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final AvroCodec<LedgerEntry> ENTRIES = AvroCodec.of(LedgerEntry.class);
    private static final AvroCodec<LedgerDigest> DIGESTS = AvroCodec.of(LedgerDigest.class);

    private final KeyPair keys = LedgerSignatures.generate();
    private final Map<String, PublicKey> trusted = Map.of(LedgerSignatures.keyId(keys.getPublic()), keys.getPublic());
    private final Harness tm =
            new Harness(Harness.statelessOnly(), new LedgerSigner(keys, INTERVAL)).withSampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void everyEntrysProofHoldsAndNothingChangedPasses() {
        tm.sendBackups(7);
        List<byte[]> entries = tm.ledgerBytes();
        tm.advanceWallClock(INTERVAL);
        byte[] digest = DIGESTS.encode(tm.digests().get(0));
        List<String> hashes =
                entries.stream().map(e -> ENTRIES.decode(e).getHash()).toList();

        for (int i = 0; i < entries.size(); i++) {
            assertThat(LedgerProofs.check(entries.get(i), i, 7, LedgerProofs.path(hashes, i), digest, trusted))
                    .as("entry %d", i)
                    .isNull();
        }

        List<byte[]> path = LedgerProofs.path(hashes, 3);
        assertThat(LedgerProofs.check(entries.get(3), 4, 7, path, digest, trusted))
                .contains("is not leaf 4");
        assertThat(LedgerProofs.check(entries.get(4), 4, 7, path, digest, trusted))
                .contains("audit path");
        LedgerEntry changed = LedgerEntry.newBuilder(ENTRIES.decode(entries.get(3)))
                .setRecordCount(0L)
                .build();
        assertThat(LedgerProofs.check(ENTRIES.encode(changed), 3, 7, path, digest, trusted))
                .contains("hash mismatch");
        changed.setHash("");
        changed.setHash(LedgerChain.hashOf(changed.getPreviousHash(), changed));
        assertThat(LedgerProofs.check(ENTRIES.encode(changed), 3, 7, path, digest, trusted))
                .as("a rewritten entry with its hash recomputed")
                .contains("audit path");
        LedgerDigest forged = LedgerDigest.newBuilder(DIGESTS.decode(digest))
                .setLastSequence(7)
                .build();
        assertThat(LedgerProofs.check(entries.get(3), 3, 7, path, DIGESTS.encode(forged), trusted))
                .contains("bad signature");
        assertThat(LedgerProofs.check(entries.get(3), 3, 7, path, digest, Map.of()))
                .contains("not among the public keys");
    }
}
