package dev.transfermonitor.events;

import dev.transfermonitor.avro.AlertType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The alert-key format and the alert id derived from it, in one place for the monitor's rules,
 * the simulator's rule mirror and the benchmark peer. Alert ids are a function of the key, so
 * any change here changes the ids of every alert: the format is fixed by golden tests.
 *
 * <p>Keys: {@code TYPE|entity}, where the entity is a route ({@code principal|O>D}), an account
 * ({@code principal>account}), an identity ({@code principal[/credential]}) or a volume entity
 * ({@code p:principal}, {@code c:principal/credential}); an unknown part is {@code ?}.
 */
public final class AlertKeys {

    /** Keys become the alert's Kafka key and part of the lifecycle store's keys: they stay this short. */
    public static final int MAX_LENGTH = 2_000;
    /** Stands for a jurisdiction or an account nobody could tell. */
    public static final String UNKNOWN = "?";

    private static final int DIGEST_CHARS = 64;

    private AlertKeys() {}

    /** {@code TYPE|entity}. */
    public static String of(AlertType type, String entity) {
        return bounded(type.name() + '|' + entity);
    }

    /** {@code TYPE|principal|O>D}: one case per principal and route; a null jurisdiction is {@code ?}. */
    public static String route(AlertType type, String principalId, String origin, String destination) {
        return of(type, principalId + '|' + orUnknown(origin) + '>' + orUnknown(destination));
    }

    /** {@code TYPE|principal>account}; a null account is {@code ?}. */
    public static String account(AlertType type, String principalId, String account) {
        return of(type, principalId + '>' + orUnknown(account));
    }

    /** {@code TYPE|principal} or, with a credential, {@code TYPE|principal/credential}. */
    public static String identity(AlertType type, String principalId, String credentialId) {
        return of(type, credentialId == null ? principalId : principalId + '/' + credentialId);
    }

    /** The volume rules' entity for a principal: {@code p:principal}. */
    public static String principalEntity(String principalId) {
        return "p:" + principalId;
    }

    /** The volume rules' entity for a credential, which always belongs to its user: {@code c:principal/credential}. */
    public static String credentialEntity(String principalId, String credentialId) {
        return "c:" + principalId + '/' + credentialId;
    }

    /**
     * The key as stored: one over {@link #MAX_LENGTH} keeps its head and ends in {@code #} and
     * the SHA-256 of the whole key, so it stays unique and small. Unreachable with validated ids.
     */
    public static String bounded(String key) {
        if (key.length() <= MAX_LENGTH) {
            return key;
        }
        return key.substring(0, MAX_LENGTH - DIGEST_CHARS - 1) + '#' + sha256(key);
    }

    /** The alert id of a key's episode, a name-based UUID: the same input gives the same ids on every run and replay. */
    public static String alertId(String alertKey, Instant episodeStart) {
        return UUID.nameUUIDFromBytes((alertKey + '|' + episodeStart).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static String orUnknown(String part) {
        return part == null ? UNKNOWN : part;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
