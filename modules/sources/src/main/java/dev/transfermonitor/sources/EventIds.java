package dev.transfermonitor.sources;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.Printable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ids a mapper may put in an event: at most {@value #MAX} characters and no control
 * characters, as the monitor's validator takes them. A record that names another is invalid at
 * the mapper, with the record's text, rather than a dead letter later without it.
 */
public final class EventIds {

    public static final int MAX = 256;

    private EventIds() {}

    /**
     * An id for a record that has none of its own: {@code sha256:} and the first 128 bits of
     * the digest of its text, so that a record delivered twice still has one id.
     */
    public static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static boolean acceptable(String id) {
        return id != null && id.length() <= MAX && Printable.isSafe(id);
    }

    /** Whether the principal, the credential (null: none) or an id of the events would be refused. */
    public static boolean anyRefused(String principal, String credential, List<SpecificRecord> events) {
        if (!acceptable(principal) || (credential != null && !acceptable(credential))) {
            return true;
        }
        for (SpecificRecord e : events) {
            if (e instanceof DataAccessEvent a && !acceptable(a.getAssetId())) {
                return true;
            }
            if (e instanceof ReplicationEvent r
                    && (!acceptable(r.getSourceAssetId())
                            || (r.getDestinationAssetId() != null && !acceptable(r.getDestinationAssetId()))
                            || (r.getDestinationAccount() != null && !acceptable(r.getDestinationAccount())))) {
                return true;
            }
        }
        return false;
    }
}
