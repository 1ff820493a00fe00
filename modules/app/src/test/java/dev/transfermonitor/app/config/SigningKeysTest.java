package dev.transfermonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.app.Keytool;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aCreatedKeyIsOwnerOnlyLoadsBackAndItsPublicHalfIsNextToIt() throws Exception {
        Path file = dir.resolve("ledger-signing.pem");
        KeyPair keys = SigningKeys.create(file);

        LedgerSigner signer = SigningKeys.load(file, null, MINUTE);
        Path pub = dir.resolve("ledger-signing.pub.pem");

        assertThat(signer.keyId()).isEqualTo(LedgerSignatures.keyId(keys.getPublic()));
        assertThat(LedgerSignatures.keyId(LedgerSignatures.readPublicKey(Files.readString(pub))))
                .isEqualTo(signer.keyId());
        assertThat(Files.readString(pub)).doesNotContain("PRIVATE");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(signer.toString()).contains(signer.keyId()).doesNotContain("PRIVATE");
        assertThatThrownBy(() -> SigningKeys.create(file)).isInstanceOf(FileAlreadyExistsException.class);
    }

    @Test
    void aPkcs12KeystoreFromKeytoolSignsWithItsPassword() {
        Path store = dir.resolve("ledger.p12");
        String password = "pw-of-the-keystore";
        Keytool.run(
                Map.of("STOREPASS", password),
                "-genkeypair",
                "-alias",
                "ledger",
                "-keyalg",
                "Ed25519",
                "-dname",
                "CN=transfer-monitor ledger",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass:env",
                "STOREPASS");

        LedgerSigner signer = SigningKeys.load(store, password, MINUTE);

        assertThat(signer.keyId()).hasSize(16);
        assertThatThrownBy(() -> SigningKeys.load(store, "not-it", MINUTE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(store.toString())
                .hasMessageContaining("password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-it"));
    }

    @Test
    void aKeyFileThatIsNotOneSaysWhy() throws Exception {
        Path onlyPublic = dir.resolve("public.pem");
        Files.writeString(
                onlyPublic,
                LedgerSignatures.publicPem(LedgerSignatures.generate().getPublic()));
        Path missing = dir.resolve("absent.pem");
        Path privateOnly = dir.resolve("private.pem");
        Files.writeString(
                privateOnly,
                LedgerSignatures.privatePem(LedgerSignatures.generate().getPrivate()));

        assertThatThrownBy(() -> SigningKeys.load(onlyPublic, null, MINUTE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no PRIVATE KEY block");
        assertThatThrownBy(() -> SigningKeys.load(missing, null, MINUTE)).hasMessageContaining("cannot be read");
        assertThatThrownBy(() -> SigningKeys.load(privateOnly, null, MINUTE))
                .hasMessageContaining("audit keygen writes both");
        assertThatThrownBy(() -> SigningKeys.load(onlyPublic, null, Duration.ZERO))
                .isInstanceOf(ConfigException.class);
        assertThat(Set.of(onlyPublic, privateOnly))
                .allSatisfy(p -> assertThat(Files.exists(p)).isTrue());
    }
}
