package dev.transfermonitor.detection.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.LedgerDigest;
import java.security.KeyPair;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerSignaturesTest {

    private final KeyPair pair = LedgerSignatures.generate();

    private static LedgerDigest digest() {
        return LedgerDigest.newBuilder()
                .setPartition(2)
                .setKeyId("k")
                .setFirstSequence(10)
                .setLastSequence(19)
                .setHeadHash("ab".repeat(32))
                .setMerkleRoot("cd".repeat(32))
                .setSignedAt(Instant.parse("2026-12-03T10:00:00Z"))
                .setSignature("")
                .build();
    }

    @Test
    void aSignedDigestVerifiesAndAnyChangeBreaksIt() {
        LedgerDigest signed = LedgerSignatures.sign(digest(), pair.getPrivate());

        assertThat(LedgerSignatures.verifies(signed, pair.getPublic())).isTrue();
        assertThat(LedgerSignatures.verifies(
                        LedgerDigest.newBuilder(signed).setLastSequence(20).build(), pair.getPublic()))
                .isFalse();
        assertThat(LedgerSignatures.verifies(
                        LedgerDigest.newBuilder(signed)
                                .setHeadHash("00".repeat(32))
                                .build(),
                        pair.getPublic()))
                .isFalse();
        assertThat(LedgerSignatures.verifies(signed, LedgerSignatures.generate().getPublic()))
                .as("another key")
                .isFalse();
        assertThat(LedgerSignatures.verifies(
                        LedgerDigest.newBuilder(signed)
                                .setSignature("not base64!")
                                .build(),
                        pair.getPublic()))
                .isFalse();
    }

    @Test
    void aKeyPairSurvivesItsPemAndIsNamedByItsPublicHalf() {
        String pem = LedgerSignatures.privatePem(pair.getPrivate()) + LedgerSignatures.publicPem(pair.getPublic());

        KeyPair read = LedgerSignatures.readKeyPair(pem);
        LedgerDigest signed = LedgerSignatures.sign(digest(), read.getPrivate());

        assertThat(LedgerSignatures.verifies(signed, pair.getPublic())).isTrue();
        assertThat(LedgerSignatures.keyId(read.getPublic()))
                .isEqualTo(LedgerSignatures.keyId(
                        LedgerSignatures.readPublicKey(LedgerSignatures.publicPem(pair.getPublic()))))
                .hasSize(16)
                .isNotEqualTo(LedgerSignatures.keyId(LedgerSignatures.generate().getPublic()));
    }

    @Test
    void badKeyFilesSayWhatIsWrongWithoutShowingTheKey() {
        String privatePem = LedgerSignatures.privatePem(pair.getPrivate());
        String otherPublic =
                LedgerSignatures.publicPem(LedgerSignatures.generate().getPublic());

        assertThatThrownBy(() -> LedgerSignatures.readKeyPair(privatePem)).hasMessageContaining("no PUBLIC KEY block");
        assertThatThrownBy(() -> LedgerSignatures.readKeyPair(otherPublic)).hasMessageContaining("no PRIVATE KEY");
        assertThatThrownBy(() -> LedgerSignatures.readKeyPair(privatePem + otherPublic))
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() ->
                        LedgerSignatures.readPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("not an Ed25519 public key");
        String body = privatePem.substring(privatePem.indexOf('\n') + 1, privatePem.indexOf("-----END"));
        assertThatThrownBy(() -> LedgerSignatures.readKeyPair(privatePem + otherPublic))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(body.strip()));
    }
}
