package dev.transfermonitor.app.config;

import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The ledger signing key on disk: a PEM file holding a PKCS#8 PRIVATE KEY and its PUBLIC KEY
 * block (what {@code audit keygen} writes, owner-only), or a PKCS#12 keystore made with
 * {@code keytool -genkeypair -keyalg Ed25519 -storetype PKCS12}. Errors name the file and what
 * is wrong with it, never the key or the password.
 */
public final class SigningKeys {

    private SigningKeys() {}

    /** The signer for a key file; {@code password} only for PKCS#12 (may be null). */
    public static LedgerSigner load(Path file, String password, Duration interval) {
        KeyPair keys;
        try {
            keys = isKeystore(file) ? fromKeystore(file, password) : fromPem(file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ledger signing key " + file + ": " + e.getMessage());
        }
        try {
            return new LedgerSigner(keys, interval);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ledger signing key " + file + ": " + e.getMessage());
        }
    }

    /**
     * Writes a new key pair: {@code file} (private and public PEM, readable by its owner only) and
     * {@code file}'s name with {@code .pub.pem} (the public key, to publish); refuses to replace either.
     *
     * @return the key pair written
     */
    public static KeyPair create(Path file) throws IOException {
        KeyPair keys = LedgerSignatures.generate();
        Path pub = publicKeyFile(file);
        if (Files.exists(pub)) {
            throw new FileAlreadyExistsException(pub.toString());
        }
        byte[] pem = (LedgerSignatures.privatePem(keys.getPrivate()) + LedgerSignatures.publicPem(keys.getPublic()))
                .getBytes(StandardCharsets.US_ASCII);
        if (Files.getFileStore(absolute(file).getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.write(file, pem, StandardOpenOption.CREATE_NEW);
        }
        Files.writeString(pub, LedgerSignatures.publicPem(keys.getPublic()), StandardOpenOption.CREATE_NEW);
        return keys;
    }

    /**
     * Public keys by key id: a PEM file with a PUBLIC KEY block, or every {@code *.pem} of a
     * directory that has one (private key blocks beside it are ignored, never read).
     */
    public static Map<String, PublicKey> publicKeys(Path fileOrDir) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(fileOrDir)) {
            try (Stream<Path> list = Files.list(fileOrDir)) {
                list.filter(f -> f.getFileName()
                                .toString()
                                .toLowerCase(Locale.ROOT)
                                .endsWith(".pem"))
                        .sorted()
                        .forEach(files::add);
            } catch (IOException e) {
                throw new ConfigException("--public-key " + fileOrDir + ": cannot be listed ("
                        + e.getClass().getSimpleName() + ")");
            }
        } else {
            files.add(fileOrDir);
        }
        Map<String, PublicKey> keys = new TreeMap<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new ConfigException("--public-key " + file + ": cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (!text.contains("-----BEGIN PUBLIC KEY-----") && Files.isDirectory(fileOrDir)) {
                continue;
            }
            try {
                PublicKey key = LedgerSignatures.readPublicKey(text);
                keys.put(LedgerSignatures.keyId(key), key);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--public-key " + file + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new ConfigException("--public-key " + fileOrDir + ": no PUBLIC KEY in it");
        }
        return keys;
    }

    /** {@code ledger-signing.pem} -> {@code ledger-signing.pub.pem}. */
    public static Path publicKeyFile(Path file) {
        String name = file.getFileName().toString();
        String base = name.toLowerCase(Locale.ROOT).endsWith(".pem") ? name.substring(0, name.length() - 4) : name;
        return file.resolveSibling(base + ".pub.pem");
    }

    private static Path absolute(Path file) {
        return file.toAbsolutePath();
    }

    private static boolean isKeystore(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx");
    }

    private static KeyPair fromPem(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return LedgerSignatures.readKeyPair(text);
    }

    private static KeyPair fromKeystore(Path file, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, secret);
                Certificate certificate = store.getCertificate(alias);
                if (key instanceof PrivateKey privateKey && certificate != null) {
                    if (!LedgerSignatures.ALGORITHM.equals(privateKey.getAlgorithm())
                            && !"EdDSA".equals(privateKey.getAlgorithm())) {
                        throw new IllegalArgumentException(
                                "entry '" + alias + "' is a " + privateKey.getAlgorithm() + " key, not Ed25519");
                    }
                    return new KeyPair(certificate.getPublicKey(), privateKey);
                }
            }
            throw new IllegalArgumentException("holds no private key with its certificate");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    e.getCause() instanceof UnrecoverableKeyException
                            ? "the password does not open it (ledger.signing.key.password)"
                            : "cannot be read as PKCS#12 (" + e.getClass().getSimpleName() + "; wrong password?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot be read as PKCS#12 (" + e.getClass().getSimpleName() + ")");
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}
