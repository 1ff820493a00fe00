package dev.transfermonitor.emitter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a raw data-subject id (a customer number, an e-mail address) into the pseudonymous
 * subject key that events carry: lower-case hex of HMAC-SHA256(secret, id), 64 characters.
 *
 * <p>Why a keyed hash and not a plain one: subject ids come from small or guessable spaces
 * (sequential customer numbers, phone numbers), so anyone holding the stream could hash every
 * candidate and reverse a plain SHA-256. Without the secret, which never leaves the producing
 * applications, the key reveals nothing. Why deterministic: the slow-exfiltration rule counts
 * distinct subjects per credential, so the same person must map to the same key in every event
 * and every producer; all producers of one organisation therefore share one secret, and
 * rotating it restarts those counts. Callers must pass ids in one canonical form (the same
 * person, the same string). Raw ids are never logged, not even in error messages.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SubjectKeys {

    /** Shortest secret accepted: an HMAC key of fewer than 128 bits would be guessable. */
    public static final int MIN_SECRET_BYTES = 16;

    private static final String ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    private SubjectKeys(byte[] secret) {
        this.key = new SecretKeySpec(checkSecret(secret), ALGORITHM);
    }

    /** A reusable pseudonymizer for one secret; the secret is copied. */
    public static SubjectKeys withSecret(byte[] secret) {
        return new SubjectKeys(secret);
    }

    /** The subject key of {@code subjectId} under {@code secret}. */
    public static String pseudonymize(byte[] secret, String subjectId) {
        return withSecret(secret).key(subjectId);
    }

    /** The subject key of {@code subjectId} under this instance's secret. */
    public String key(String subjectId) {
        if (subjectId == null || subjectId.isEmpty()) {
            throw new IllegalArgumentException("subject id must not be null or empty");
        }
        try {
            // A Mac per call: instances are not thread-safe and the provider lookup is cached.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HEX.formatHex(mac.doFinal(subjectId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, so this means a broken runtime.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    private static byte[] checkSecret(byte[] secret) {
        if (secret == null) {
            throw new IllegalArgumentException("subject-key secret must not be null");
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "subject-key secret must be at least " + MIN_SECRET_BYTES + " bytes, was " + secret.length);
        }
        return Arrays.copyOf(secret, secret.length);
    }
}
