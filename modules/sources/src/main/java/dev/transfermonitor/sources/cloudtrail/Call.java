package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.sources.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One valid CloudTrail record, with what every mapping needs, and the events it becomes. The
 * events carry the record's region, account and client in attributes; ids are the record's
 * {@code eventID}, with {@code #2}, {@code #3}... when one record yields several.
 */
final class Call {

    static final String SOURCE = "cloudtrail";
    /** One record may share a snapshot with many accounts; more events than this are not made. */
    static final int MAX_EVENTS = 100;

    private static final int MAX_ATTRIBUTE = 256;

    final JsonNode record;
    final String eventId;
    final String eventName;
    final Instant occurredAt;
    final Identity identity;
    /** The record's region ({@code awsRegion}), or null. */
    final String region;
    /** The account the call was made in ({@code recipientAccountId}, else the caller's). */
    final String account;

    private final String clientIp;
    private final String serviceClient;
    private final String workload;
    private final List<SpecificRecord> events = new ArrayList<>(1);
    private final List<Credential> credentials = new ArrayList<>(0);

    Call(JsonNode record, String eventId, String eventName, Instant occurredAt, Identity identity, String workload) {
        this.record = record;
        this.eventId = eventId;
        this.eventName = eventName;
        this.occurredAt = occurredAt;
        this.identity = identity;
        this.workload = workload;
        this.region = Json.text(record, "awsRegion");
        String recipient = Json.text(record, "recipientAccountId");
        this.account = recipient != null ? recipient : Json.text(Json.get(record, "userIdentity"), "accountId");
        String source = Json.text(record, "sourceIPAddress");
        boolean address = source != null && Cidr.parseAddress(source) != null;
        this.clientIp = address ? source : null;
        this.serviceClient = address ? null : Json.cut(source, MAX_ATTRIBUTE);
    }

    JsonNode request() {
        return Json.get(record, "requestParameters");
    }

    JsonNode response() {
        return Json.get(record, "responseElements");
    }

    JsonNode additional() {
        return Json.get(record, "additionalEventData");
    }

    /** {@code aws:us-east-1} for a region name; null for none. */
    static String regionId(String region) {
        return region == null ? null : "aws:" + region;
    }

    /** The monitor's ids are at most 256 characters; a record naming a longer one is invalid. */
    static final int MAX_ID = 256;

    /** Whether an event made from this record names an id the monitor would refuse. */
    boolean oversized() {
        for (SpecificRecord e : events) {
            if (e instanceof DataAccessEvent a && (tooLong(a.getPrincipalId()) || tooLong(a.getAssetId()))) {
                return true;
            }
            if (e instanceof ReplicationEvent r
                    && (tooLong(r.getPrincipalId())
                            || tooLong(r.getSourceAssetId())
                            || tooLong(r.getDestinationAssetId())
                            || tooLong(r.getDestinationAccount())
                            || tooLong(r.getJobId()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean tooLong(String id) {
        return id != null && id.length() > MAX_ID;
    }

    boolean full() {
        return events.size() >= MAX_EVENTS;
    }

    List<SpecificRecord> events() {
        return events;
    }

    void access(AccessAction action, String assetId, long bytes) {
        if (full()) {
            return;
        }
        events.add(DataAccessEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(identity.principalId())
                .setCredentialId(identity.credentialId())
                .setAuthMethod(identity.authMethod())
                .setAction(action)
                .setAssetId(assetId)
                .setRecordCount(1)
                .setByteCount(Math.max(0, bytes))
                .setClientIp(clientIp)
                .setApplication(null)
                .setAttributes(attributes(region))
                .build());
    }

    /**
     * @param sourceRegion where the source asset is, when the record says (a copy names it);
     *                     else the record's region
     */
    void replication(
            ReplicationKind kind,
            String sourceAssetId,
            String sourceRegion,
            String destinationAssetId,
            String destinationRegion,
            String destinationAccount,
            boolean publicAccess,
            long bytes) {
        if (full()) {
            return;
        }
        String requestId = Json.text(record, "requestID");
        events.add(ReplicationEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(identity.principalId())
                .setCredentialId(identity.credentialId())
                .setJobId(requestId != null && requestId.length() <= MAX_ATTRIBUTE ? requestId : eventId)
                .setKind(kind)
                .setSourceAssetId(sourceAssetId)
                .setDestinationAssetId(destinationAssetId)
                .setDestinationRegion(regionId(destinationRegion))
                .setDestinationAccount(destinationAccount)
                .setRecordCount(0)
                .setByteCount(Math.max(0, bytes))
                .setPublicAccess(publicAccess)
                .setAttributes(attributes(sourceRegion != null ? sourceRegion : region))
                .build());
    }

    List<Credential> credentials() {
        return credentials;
    }

    void credential(Credential credential) {
        credentials.add(credential);
    }

    private String nextId() {
        return events.isEmpty() ? eventId : eventId + "#" + (events.size() + 1);
    }

    private Map<String, String> attributes(String assetRegion) {
        Map<String, String> a = new HashMap<>(16);
        a.put(EventAttributes.SOURCE, SOURCE);
        a.put(EventAttributes.SOURCE_EVENT, eventName);
        a.put(EventAttributes.SOURCE_RECORD, eventId);
        put(a, EventAttributes.ASSET_REGION, regionId(assetRegion));
        put(a, EventAttributes.ASSET_ACCOUNT, account);
        if (!identity.aliases().isEmpty()) {
            a.put(EventAttributes.PRINCIPAL_ALIASES, identity.aliases());
        }
        put(a, EventAttributes.SESSION_CREDENTIAL, identity.sessionKey());
        put(a, EventAttributes.WORKLOAD, workload);
        put(a, EventAttributes.USER_AGENT, Json.text(record, "userAgent"));
        put(a, EventAttributes.VPC_ENDPOINT, Json.text(record, "vpcEndpointId"));
        put(a, EventAttributes.SERVICE_CLIENT, serviceClient);
        return a;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, Json.cut(value, MAX_ATTRIBUTE));
        }
    }
}
