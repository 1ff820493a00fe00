package dev.transfermonitor.detection.volume;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.events.AlertKeys;
import dev.transfermonitor.events.UtcDays;
import java.util.List;

/**
 * Who a volume rule counts for: the principal, and the credential it used. Both keys begin
 * with the principal, which is the input key, so their state stays on the input partition.
 * These are state-store keys (a stored format); alert keys name the same entities in
 * {@link AlertKeys}' printable form.
 */
final class Entities {

    static final long MINUTE_MS = 60_000L;
    /** The class of a transfer that has none; it has a burst bucket of its own, vocabulary or not. */
    static final String UNCLASSIFIED_CLASS = "UNCLASSIFIED";

    private static final List<String> UNCLASSIFIED = List.of(UNCLASSIFIED_CLASS);

    private Entities() {}

    /** Between a principal and its credential; ids cannot hold control characters (the validator refuses them). */
    static final char PART = '\u0000';
    /** Between an entity and the sub-keys of its state (days, the union). */
    static final char SUB = '\u0001';

    static String principal(Transfer t) {
        return "p:" + t.principalId();
    }

    /** Null when the transfer names no credential. */
    static String credential(Transfer t) {
        return t.credentialId() == null ? null : "c:" + t.principalId() + PART + t.credentialId();
    }

    /** For summaries: {@code emp-2040} or {@code emp-2040 (credential key-emp-2040-api)}. */
    static String describe(String entity) {
        int part = entity.indexOf(PART);
        if (part > 0) {
            return entity.substring(2, part) + " (credential " + entity.substring(part + 1) + ")";
        }
        return entity.substring(2);
    }

    /** The alert key of a finding about the entity: {@code TYPE|p:principal} or {@code TYPE|c:principal/credential}. */
    static String alertKey(AlertType type, String entity) {
        int part = entity.indexOf(PART);
        String printable = part < 0
                ? AlertKeys.principalEntity(entity.substring(2))
                : AlertKeys.credentialEntity(entity.substring(2, part), entity.substring(part + 1));
        return AlertKeys.of(type, printable);
    }

    static List<String> classes(Transfer t) {
        return t.dataClasses().isEmpty() ? UNCLASSIFIED : t.dataClasses();
    }

    static long day(Transfer t) {
        return UtcDays.of(t.occurredAt());
    }
}
