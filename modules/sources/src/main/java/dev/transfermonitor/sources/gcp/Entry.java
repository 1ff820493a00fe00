package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.sources.EventIds;
import dev.transfermonitor.sources.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * One valid audit-log entry, with what every mapping needs, and the events it becomes. Ids are
 * {@code insertId@timestamp} (Cloud Logging treats entries with both equal as one), with
 * {@code #2}, {@code #3}... when one entry yields several.
 */
final class Entry {

    static final String SOURCE = "gcp-audit";
    /** As CloudTrail's: more events than this are not made from one entry. */
    static final int MAX_EVENTS = 100;
    /** The monitor's ids are at most 256 characters; an entry naming a longer one is invalid. */
    static final int MAX_ID = EventIds.MAX;

    private static final int MAX_ATTRIBUTE = 256;
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    /** A delegation chain is short; a longer list is not kept whole. */
    private static final int MAX_ALIASES = 4;

    final JsonNode entry;
    /** The AuditLog: {@code protoPayload}, or a log-sink table row's {@code protopayload_auditlog}. */
    final JsonNode payload;

    /** BigQuery's BigQueryAuditMetadata, parsed once (a sink row carries it as text), or null. */
    final JsonNode metadata;

    final String eventId;
    final String insertId;
    final String method;
    final Instant occurredAt;
    /** The project of the resource ({@code resource.labels.project_id}), or null. */
    final String project;

    private String principal;
    private String aliases = "";
    private String credential;
    private AuthMethod authMethod = AuthMethod.UNKNOWN;
    private final String clientIp;
    private final String serviceClient;
    private final String userAgent;
    private final List<SpecificRecord> events = new ArrayList<>(1);
    private String job;

    Entry(JsonNode entry, JsonNode payload, JsonNode metadata, String insertId, String method, Instant occurredAt) {
        this.entry = entry;
        this.payload = payload;
        this.metadata = metadata;
        this.insertId = insertId;
        this.eventId = insertId + "@" + occurredAt;
        this.method = method;
        this.occurredAt = occurredAt;
        this.project = Json.text(Json.get(Json.get(entry, "resource"), "labels"), "project_id");
        JsonNode request = Json.get(payload, "requestMetadata");
        String caller = Json.text(request, "callerIp");
        boolean address = caller != null && Cidr.parseAddress(caller) != null;
        this.clientIp = address ? caller : null;
        // "private": one Google service calling another, as CloudTrail's "AWS Internal". Not
        // "gce-internal-ip": that is a VM of another organisation, anywhere.
        this.serviceClient = "private".equals(caller) ? caller : null;
        this.userAgent = Json.text(request, "callerSuppliedUserAgent");
    }

    /**
     * Reads who acted from {@code authenticationInfo}; false when it names nobody. The principal
     * is {@code principalEmail}, else {@code principalSubject} (federated identities); further
     * names are the subject and the accounts the call was delegated through.
     */
    boolean identify() {
        JsonNode auth = Json.get(payload, "authenticationInfo");
        String email = Json.text(auth, "principalEmail");
        String subject = Json.text(auth, "principalSubject");
        principal = email != null ? email : subject;
        if (principal == null) {
            return false;
        }
        List<String> names = new ArrayList<>(2);
        if (subject != null && !subject.equals(principal) && !subject.endsWith(":" + principal)) {
            add(names, subject);
        }
        for (JsonNode delegation : Json.items(Json.get(auth, "serviceAccountDelegationInfo"))) {
            if (names.size() >= MAX_ALIASES) {
                break;
            }
            JsonNode first = Json.get(delegation, "firstPartyPrincipal", "thirdPartyPrincipal");
            add(names, Json.text(first, "principalEmail"));
        }
        names.remove(principal);
        aliases = String.join(" ", names);
        credential = Json.text(auth, "serviceAccountKeyName");
        if (credential != null) {
            authMethod = AuthMethod.API_KEY;
        } else if (principal.toLowerCase(Locale.ROOT).endsWith(".gserviceaccount.com")) {
            authMethod = AuthMethod.SERVICE_TOKEN;
        }
        return true;
    }

    /** Names with a space would split the alias list; long ones are no account name. */
    private static void add(List<String> names, String name) {
        if (name != null && name.indexOf(' ') < 0 && name.length() <= MAX_ID && !names.contains(name)) {
            names.add(name);
        }
    }

    /**
     * {@code gcp:us-central1} for the one location {@code resourceLocation.currentLocations}
     * names (a multi-region such as {@code us} as written), else the resource label's; null for none.
     */
    String resourceRegion() {
        List<String> locations = Json.texts(Json.get(Json.get(payload, "resourceLocation"), "currentLocations"));
        String location = locations.size() == 1
                ? locations.get(0)
                : Json.text(Json.get(Json.get(entry, "resource"), "labels"), "location");
        return regionId(location);
    }

    /** {@code gcp:} and the location, lower case; null for none or for one no region id could be. */
    static String regionId(String location) {
        return location == null || !LOCATION.matcher(location).matches()
                ? null
                : "gcp:" + location.toLowerCase(Locale.ROOT);
    }

    /**
     * The entry ends this job ({@code projects/P/jobs/J}), so that the source maps each job once;
     * a name longer than any id is not remembered.
     */
    void completes(String jobName) {
        this.job = jobName != null && jobName.length() <= MAX_ID ? jobName : null;
    }

    /** The job this entry ends, or null. */
    String job() {
        return job;
    }

    boolean full() {
        return events.size() >= MAX_EVENTS;
    }

    List<SpecificRecord> events() {
        return events;
    }

    /**
     * @param account the asset's project
     * @param region  the asset's region id, or null
     */
    void access(AccessAction action, String assetId, String account, String region, long records, long bytes) {
        if (full()) {
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
            String jobId,
            String sourceAssetId,
            String account,
            String region,
            String destinationAssetId,
            String destinationRegion,
            String destinationAccount,
            boolean publicAccess) {
        if (full()) {
            return;
        }
        events.add(ReplicationEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId(credential)
                .setJobId(jobId != null && jobId.length() <= MAX_ATTRIBUTE ? jobId : eventId)
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
        a.put(EventAttributes.SOURCE, SOURCE);
        a.put(EventAttributes.SOURCE_EVENT, Json.cut(method, MAX_ATTRIBUTE));
        a.put(EventAttributes.SOURCE_RECORD, insertId);
        put(a, EventAttributes.ASSET_REGION, region);
        put(a, EventAttributes.ASSET_ACCOUNT, account);
        if (!aliases.isEmpty()) {
            a.put(EventAttributes.PRINCIPAL_ALIASES, aliases);
        }
        put(a, EventAttributes.USER_AGENT, userAgent);
        put(a, EventAttributes.SERVICE_CLIENT, serviceClient);
        return a;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, Json.cut(value, MAX_ATTRIBUTE));
        }
    }
}
