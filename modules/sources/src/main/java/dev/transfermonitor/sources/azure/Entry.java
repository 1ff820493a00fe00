package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.sources.EventIds;
import dev.transfermonitor.sources.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One valid record of either Azure format, with who acted and the events it becomes. Ids are
 * {@code recordId@time} ({@link Records#recordId}), with {@code #2}... when one record yields several.
 */
final class Entry {

    /** As CloudTrail's and GCP's: more events than this are not made from one record. */
    static final int MAX_EVENTS = 100;
    /** The monitor's ids are at most 256 characters; a record naming a longer one is invalid. */
    static final int MAX_ID = EventIds.MAX;

    private static final int MAX_ATTRIBUTE = 256;
    private static final int MAX_ALIASES = 4;

    final JsonNode record;
    final String source;
    final String operation;
    final String recordId;
    final String eventId;
    final Instant occurredAt;
    /** The subscription of the record's {@code resourceId}, or null. */
    final String subscription;
    /** The region of the record's {@code location}, or null. */
    final String region;

    String principal;
    String credential;
    AuthMethod authMethod = AuthMethod.UNKNOWN;
    String clientIp;
    String userAgent;
    private final List<String> aliases = new ArrayList<>(2);
    private final List<SpecificRecord> events = new ArrayList<>(1);

    Entry(String source, JsonNode record, String recordId, String operation, Instant occurredAt) {
        this.source = source;
        this.record = record;
        this.operation = operation;
        this.recordId = recordId;
        this.eventId = recordId + "@" + occurredAt;
        this.occurredAt = occurredAt;
        this.subscription = Records.subscription(Json.text(record, "resourceId"));
        this.region = Records.regionId(Json.text(record, "location"));
        this.clientIp = Records.address(Json.text(record, "callerIpAddress"));
    }

    /** A further name of the principal; names with a space would split the list, long ones are no name. */
    void alias(String name) {
        if (name != null
                && !name.equals(principal)
                && name.indexOf(' ') < 0
                && name.length() <= MAX_ID
                && !aliases.contains(name)
                && aliases.size() < MAX_ALIASES) {
            aliases.add(name);
        }
    }

    List<SpecificRecord> events() {
        return events;
    }

    void access(AccessAction action, String assetId, String account, String region, long records, long bytes) {
        if (events.size() >= MAX_EVENTS) {
            return;
        }
        events.add(DataAccessEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId(credential)
                .setAuthMethod(authMethod)
                .setAction(action)
                .setAssetId(assetId)
                .setRecordCount(Math.max(0, records))
                .setByteCount(Math.max(0, bytes))
                .setClientIp(clientIp)
                .setApplication(null)
                .setAttributes(attributes(account, region))
                .build());
    }

    void replication(
            ReplicationKind kind,
            String sourceAssetId,
            String account,
            String region,
            String destinationAssetId,
            String destinationRegion,
            String destinationAccount,
            boolean publicAccess) {
        if (events.size() >= MAX_EVENTS) {
            return;
        }
        events.add(ReplicationEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId(credential)
                .setJobId(eventId)
                .setKind(kind)
                .setSourceAssetId(sourceAssetId)
                .setDestinationAssetId(destinationAssetId)
                .setDestinationRegion(destinationRegion)
                .setDestinationAccount(destinationAccount)
                .setRecordCount(0)
                .setByteCount(0)
                .setPublicAccess(publicAccess)
                .setAttributes(attributes(account, region))
                .build());
    }

    /** Whether an event names an id the monitor would refuse: too long, or with control characters. */
    boolean oversized() {
        return EventIds.anyRefused(principal, credential, events);
    }

    private String nextId() {
        return events.isEmpty() ? eventId : eventId + "#" + (events.size() + 1);
    }

    private Map<String, String> attributes(String account, String region) {
        Map<String, String> a = new HashMap<>(16);
        a.put(EventAttributes.SOURCE, source);
        a.put(EventAttributes.SOURCE_EVENT, Json.cut(operation, MAX_ATTRIBUTE));
        a.put(EventAttributes.SOURCE_RECORD, recordId);
        put(a, EventAttributes.ASSET_REGION, region);
        put(a, EventAttributes.ASSET_ACCOUNT, account);
        if (!aliases.isEmpty()) {
            a.put(EventAttributes.PRINCIPAL_ALIASES, String.join(" ", aliases));
        }
        put(a, EventAttributes.USER_AGENT, userAgent);
        return a;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, Json.cut(value, MAX_ATTRIBUTE));
        }
    }
}
