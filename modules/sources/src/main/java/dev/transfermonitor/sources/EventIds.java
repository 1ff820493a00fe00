package dev.transfermonitor.sources;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.Printable;
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
