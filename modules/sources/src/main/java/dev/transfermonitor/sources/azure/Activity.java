package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Activity log operations that expose or copy data: a disk's or snapshot's download URL issued, a
 * storage account or container opened to anonymous reads, a disk or snapshot made as a copy of
 * another, an object replication policy set up, and an account made geo-redundant. ARM resource ids are case-insensitive
 * and logged in either case, so they are named in lower case; a storage account by its name and
 * a container as {@code account/container}, as the azure-storage source names them.
 */
final class Activity {

    /** Far above any request body ARM logs; a longer one is not parsed. */
    private static final int MAX_REQUEST_BODY = 1024 * 1024;

    private static final String UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    private static final String NAME = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
    private static final String OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    private static final Pattern ACCOUNT =
            Pattern.compile("(?i)/providers/microsoft\\.storage/storageaccounts/([a-z0-9]{3,24})"
                    + "(?:/blobservices/[^/]+/containers/([^/]+))?/?$");
    private static final Pattern POLICY = Pattern.compile(
            "(?i)/providers/microsoft\\.storage/storageaccounts/([a-z0-9]{3,24})/objectreplicationpolicies/[^/]+/?$");
    private static final Pattern ACCOUNT_NAME = Pattern.compile("(?i)[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("\\$?[A-Za-z0-9-]{1,63}");
    private static final Pattern ARM_ID = Pattern.compile("(?i)/subscriptions/[0-9a-z-]{1,64}/[^\\s?#]+");
    private static final Set<String> PUBLIC_LEVELS = Set.of("blob", "container");
    private static final Set<String> COPY_OPTIONS = Set.of("copy", "copystart");
    private static final Set<String> IMPORT_OPTIONS = Set.of("import", "importsecure");
    /** The redundancy skus that keep a copy in a second region (as the Storage REST API names them). */
    private static final Set<String> GEO_REDUNDANT = Set.of(
            "standard_grs", "standard_ragrs", "standard_gzrs", "standard_ragzrs", "standardv2_grs", "standardv2_gzrs");

    /** As the Activity log writes them, and as some pipelines re-case them. */
    private static final String[] REQUEST = {"requestbody", "requestBody"};

    private static final String[] RESPONSE = {"responseBody", "responsebody"};
    private static final int MAX_URI = 2048;

    private Activity() {}

    /**
     * The caller: {@code caller} (a UPN, or an application id), else the token's UPN, name or
     * object id claim, else the role assignment's {@code principalId}. An application id with no
     * user is a service token.
     */
    static boolean identify(Entry e) {
        JsonNode identity = Json.get(e.record, "identity");
        JsonNode claims = Json.get(identity, "claims");
        String upn = Json.text(claims, UPN);
        String objectId = Json.text(claims, OBJECT_ID);
        String appId = Json.text(claims, "appid");
        String evidence = Json.text(Json.get(Json.get(identity, "authorization"), "evidence"), "principalId");
        String caller = Json.text(e.record, "caller");
        e.principal = first(caller, upn, Json.text(claims, NAME), objectId, appId, evidence);
        if (e.principal == null) {
            return false;
        }
        e.alias(upn);
        e.alias(objectId);
        e.alias(evidence);
        if (upn == null && e.principal.indexOf('@') < 0 && (e.principal.equals(appId) || appId == null)) {
            e.authMethod = AuthMethod.SERVICE_TOKEN;
        }
        return true;
    }

    private static String first(String... names) {
        for (String name : names) {
            if (name != null) {
                return name;
            }
        }
        return null;
    }

    /**
     * beginGetAccess: a SAS URL to download the disk (or snapshot) was issued. Whoever holds it
     * can copy the disk out from anywhere, so it is an EXPORT to no named destination.
     */
    static String diskAccess(Entry e) {
        String disk = Json.text(e.record, "resourceId").toLowerCase(Locale.ROOT);
        e.replication(ReplicationKind.EXPORT, disk, e.subscription, e.region, null, null, null, false);
        return null;
    }

    /**
     * A storage account write. A request setting {@code properties.allowBlobPublicAccess} true is a
     * public grant of the account; one setting a geo-redundant {@code sku.name} (GRS, RA-GRS, GZRS,
     * RA-GZRS) is a REPLICA of the account to its secondary region, which the request cannot name:
     * it is taken from the logged response's {@code properties.secondaryLocation}, else left
     * unknown for the monitor to fail closed on. The log does not say whether the sku was already
     * geo-redundant, so every such write is a REPLICA.
     */
    static String accountWrite(Entry e) {
        Matcher id = ACCOUNT.matcher(Json.text(e.record, "resourceId"));
        if (!id.find() || id.group(2) != null) {
            return "resourceId names no storage account";
        }
        Body request = body(e, REQUEST);
        if (request.json() == null) {
            return request.problem();
        }
        String account = id.group(1).toLowerCase(Locale.ROOT);
        JsonNode allow = Json.get(Json.get(request.json(), "properties"), "allowBlobPublicAccess");
        if (allow != null && allow.asText().equalsIgnoreCase("true")) {
            grant(e, account);
        }
        String sku = Json.cut(Json.text(Json.get(request.json(), "sku"), "name"), 40);
        if (sku != null && GEO_REDUNDANT.contains(sku.toLowerCase(Locale.ROOT))) {
            JsonNode response = body(e, RESPONSE).json();
            String secondary = Records.regionId(Json.text(Json.get(response, "properties"), "secondaryLocation"));
            e.replication(
                    ReplicationKind.REPLICA, account, e.subscription, e.region, null, secondary, e.subscription, false);
        }
        return e.events().isEmpty()
                ? "the request does not set allowBlobPublicAccess true or a geo-redundant sku"
                : null;
    }

    /** A container write whose request sets {@code properties.publicAccess} Blob or Container: a public grant of the container. */
    static String containerWrite(Entry e) {
        Matcher id = ACCOUNT.matcher(Json.text(e.record, "resourceId"));
        if (!id.find() || id.group(2) == null) {
            return "resourceId names no blob container";
        }
        Body request = body(e, REQUEST);
        if (request.json() == null) {
            return request.problem();
        }
        String level = Json.text(Json.get(request.json(), "properties"), "publicAccess");
        if (level == null || !PUBLIC_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            return "the request does not set publicAccess Blob or Container";
        }
        grant(e, id.group(1).toLowerCase(Locale.ROOT) + "/" + id.group(2));
        return null;
    }

    private static void grant(Entry e, String asset) {
        e.replication(ReplicationKind.GRANT, asset, e.subscription, e.region, null, e.region, null, true);
    }

    /**
     * A disk or snapshot written as a copy of another: {@code properties.creationData} with
     * {@code createOption} Copy or CopyStart names the source in {@code sourceResourceId} (a disk,
     * snapshot or restore point), Import or ImportSecure a blob in {@code sourceUri}. A SNAPSHOT_COPY
     * from the source (lower case, as disks are named; a blob as its container) to the new resource,
     * in the request's {@code location} (else the record's) and the record's subscription. The
     * source's subscription is its id's, or for an import the {@code storageAccountId}'s; its
     * region is not logged. A write without creationData is an update and moves nothing. Where no
     * request is logged, the response's creationData serves.
     */
    static String diskCopy(Entry e) {
        String target = Json.text(e.record, "resourceId").toLowerCase(Locale.ROOT);
        Body request = body(e, REQUEST);
        Body logged = request;
        JsonNode creation = creationData(request.json());
        if (creation == null && request.json() == null) {
            logged = body(e, RESPONSE);
            creation = creationData(logged.json());
        }
        if (creation == null) {
            return request.json() == null
                    ? request.problem()
                    : "the request has no properties.creationData: an update, not a new copy";
        }
        String option = Json.cut(Json.text(creation, "createOption"), 40);
        String key = option == null ? "" : option.toLowerCase(Locale.ROOT);
        String source;
        String sourceAccount;
        if (COPY_OPTIONS.contains(key)) {
            source = armId(Json.text(creation, "sourceResourceId"));
            sourceAccount = Records.subscription(source);
        } else if (IMPORT_OPTIONS.contains(key)) {
            String uri = Json.text(creation, "sourceUri");
            source = uri == null || uri.length() > MAX_URI ? null : Blobs.uriAsset(uri);
            sourceAccount = Records.subscription(armId(Json.text(creation, "storageAccountId")));
        } else {
            return "createOption " + (option == null ? "absent" : option) + ": the disk copies no existing data";
        }
        if (source == null) {
            return "createOption " + option + " names no source (sourceResourceId an ARM id, sourceUri a URL)";
        }
        if (source.equals(target)) {
            return "the resource names itself as its source";
        }
        String region = Records.regionId(Json.text(logged.json(), "location"));
        e.replication(
                ReplicationKind.SNAPSHOT_COPY,
                source,
                sourceAccount,
                null,
                target,
                region != null ? region : e.region,
                e.subscription,
                false);
        return null;
    }

    /**
     * An object replication policy written: each rule copies new blobs of {@code sourceContainer}
     * in {@code properties.sourceAccount} to {@code destinationContainer} in
     * {@code destinationAccount}, each a storage account's name or resource id. A REPLICA per rule,
     * {@code account/container} to {@code account/container}, with the destination's subscription
     * when the request gives its resource id (else the inventory must know it, or the monitor fails
     * closed); the destination's region is not logged. The policy is written first on the
     * destination account, then on the source: only the source's write is mapped, so a copy is
     * counted once, and seen when only the source is ours.
     */
    static String replicationPolicy(Entry e) {
        Matcher id = POLICY.matcher(Json.text(e.record, "resourceId"));
        if (!id.find()) {
            return "resourceId names no object replication policy";
        }
        Body request = body(e, REQUEST);
        if (request.json() == null) {
            return request.problem();
        }
        String here = id.group(1).toLowerCase(Locale.ROOT);
        JsonNode properties = Json.get(request.json(), "properties");
        StorageAccount from = StorageAccount.of(Json.text(properties, "sourceAccount"));
        StorageAccount to = StorageAccount.of(Json.text(properties, "destinationAccount"));
        if (from == null || to == null) {
            return "the request names no sourceAccount and destinationAccount (a storage account's name or id)";
        }
        if (!from.name().equals(here) && to.name().equals(here)) {
            return "the destination account's half of a policy: the source account's write is mapped";
        }
        boolean local = from.name().equals(here);
        String sourceSubscription = from.subscription() != null ? from.subscription() : local ? e.subscription : null;
        Set<String> seen = new HashSet<>();
        JsonNode rules = Json.get(properties, "rules");
        for (JsonNode rule : rules != null && rules.isArray() ? rules : Json.items(rules)) {
            if (e.events().size() >= Entry.MAX_EVENTS) {
                break;
            }
            String sourceContainer = container(Json.text(rule, "sourceContainer"));
            String destinationContainer = container(Json.text(rule, "destinationContainer"));
            if (sourceContainer == null || destinationContainer == null) {
                continue;
            }
            String source = from.name() + "/" + sourceContainer;
            String destination = to.name() + "/" + destinationContainer;
            if (seen.add(source + " " + destination)) {
                e.replication(
                        ReplicationKind.REPLICA,
                        source,
                        sourceSubscription,
                        local ? e.region : null,
                        destination,
                        null,
                        to.subscription(),
                        false);
            }
        }
        return e.events().isEmpty() ? "no rule names a sourceContainer and a destinationContainer" : null;
    }

    /** A storage account as a policy names it: its name, or its resource id. */
    private record StorageAccount(String name, String subscription) {

        static StorageAccount of(String value) {
            if (value == null || value.length() > MAX_URI) {
                return null;
            }
            if (ACCOUNT_NAME.matcher(value).matches()) {
                return new StorageAccount(value.toLowerCase(Locale.ROOT), null);
            }
            Matcher id = ACCOUNT.matcher(value);
            if (!value.regionMatches(true, 0, "/subscriptions/", 0, 15) || !id.find() || id.group(2) != null) {
                return null;
            }
            return new StorageAccount(id.group(1).toLowerCase(Locale.ROOT), Records.subscription(value));
        }
    }

    private static String container(String name) {
        return name != null && CONTAINER.matcher(name).matches() ? name : null;
    }

    /** An ARM resource id, lower case (ids are case-insensitive); null for anything else. */
    private static String armId(String id) {
        return id != null && id.length() <= MAX_URI && ARM_ID.matcher(id).matches()
                ? id.toLowerCase(Locale.ROOT)
                : null;
    }

    private static JsonNode creationData(JsonNode body) {
        JsonNode creation = Json.get(Json.get(body, "properties"), "creationData");
        return creation != null && creation.isObject() ? creation : null;
    }

    /** A request or response body as logged, parsed, or why it cannot be read. */
    record Body(JsonNode json, String problem) {}

    /**
     * {@code properties.requestbody} (or the response's): Azure writes it as JSON text, some
     * pipelines as an object. Longer than {@link #MAX_REQUEST_BODY}, or not a JSON object, it is
     * not read, and the reason says so.
     */
    static Body body(Entry e, String... names) {
        JsonNode value = Json.get(Json.get(e.record, "properties"), names);
        String field = "properties." + names[0];
        if (value == null) {
            return new Body(null, field + " is not logged");
        }
        if (value.isObject()) {
            return new Body(value, null);
        }
        if (!value.isTextual()) {
            return new Body(null, field + " is neither JSON text nor an object");
        }
        if (value.asText().length() > MAX_REQUEST_BODY) {
            return new Body(null, field + " is longer than " + MAX_REQUEST_BODY + " characters and is not read");
        }
        try {
            JsonNode parsed = JsonPayloads.mapper().readTree(value.asText());
            return parsed != null && parsed.isObject()
                    ? new Body(parsed, null)
                    : new Body(null, field + " is not a JSON object");
        } catch (IOException notJson) {
            return new Body(null, field + " is not JSON the mapper can read (malformed, or nested too deep)");
        }
    }
}
