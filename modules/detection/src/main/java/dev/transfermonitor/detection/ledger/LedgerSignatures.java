package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerDigest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Ed25519 signatures over ledger digests, from the JDK: a digest is signed over the Avro binary
 * encoding of itself with {@code signature ""}; keys travel as PEM (PKCS#8 private, X.509
 * public) and are named by {@link #keyId}.
 */
public final class LedgerSignatures {

    public static final String ALGORITHM = "Ed25519";

    private LedgerSignatures() {}

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 15+ runtime", e);
        }
    }

    /** First 16 hex digits of SHA-256 over the public key's X.509 encoding. */
    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A key id as a message may show it: a forged digest chooses its own, of any length. */
    public static String shown(String keyId) {
        return keyId.length() <= 32 ? keyId : keyId.substring(0, 32) + "... (" + keyId.length() + " characters)";
    }

    /** The bytes a digest's signature covers. */
    public static byte[] signedBytes(LedgerDigest digest) {
        LedgerDigest unsigned = LedgerDigest.newBuilder(digest).setSignature("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(LedgerDigest.class).write(unsigned, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The digest with its signature filled in. */
    public static LedgerDigest sign(LedgerDigest digest, PrivateKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(signedBytes(digest));
            return LedgerDigest.newBuilder(digest)
                    .setSignature(Base64.getEncoder().encodeToString(s.sign()))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with an " + key.getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /** Whether the digest's signature is the key's over its content; false for a malformed one. */
    public static boolean verifies(LedgerDigest digest, PublicKey key) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(signedBytes(digest));
            return s.verify(Base64.getDecoder().decode(digest.getSignature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /**
     * The key pair in a PEM text holding a PRIVATE KEY and a PUBLIC KEY block (what {@code
     * audit keygen} writes); the two must belong together.
     *
     * @throws IllegalArgumentException naming what is missing or wrong, never the key material
     */
    public static KeyPair readKeyPair(String pem) {
        byte[] privateDer = block(pem, "PRIVATE KEY");
        byte[] publicDer = block(pem, "PUBLIC KEY");
        if (privateDer == null) {
            throw new IllegalArgumentException("no PRIVATE KEY block (PKCS#8 PEM)");
        }
        if (publicDer == null) {
            throw new IllegalArgumentException(
                    "no PUBLIC KEY block next to the private key (audit keygen writes both)");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            KeyPair pair = new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
            requireMatching(pair);
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 key pair (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** @throws IllegalArgumentException when the text holds no Ed25519 PUBLIC KEY block */
    public static PublicKey readPublicKey(String pem) {
        byte[] der = block(pem, "PUBLIC KEY");
        if (der == null) {
            throw new IllegalArgumentException("no PUBLIC KEY block");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 public key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A private key and a public key that do not sign and verify together are two keys, not a pair. */
    public static void requireMatching(KeyPair pair) {
        byte[] probe = "transfer-monitor key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(pair.getPrivate());
            s.update(probe);
            byte[] signature = s.sign();
            s.initVerify(pair.getPublic());
            s.update(probe);
            if (!s.verify(signature)) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "not an Ed25519 key pair (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] block(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (from < 0 || to < 0) {
            return null;
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + type + " block is not base64");
        }
    }
}
