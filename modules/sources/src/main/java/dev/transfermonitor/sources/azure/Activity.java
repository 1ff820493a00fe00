package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Activity log operations that expose data: a disk's or snapshot's download URL issued, and a
 * storage account or container opened to anonymous reads. ARM resource ids are case-insensitive
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
    private static final Set<String> PUBLIC_LEVELS = Set.of("blob", "container");

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

    /** A storage account write whose request sets {@code properties.allowBlobPublicAccess} true: a public grant of the account. */
    static String accountWrite(Entry e) {
        Matcher id = ACCOUNT.matcher(Json.text(e.record, "resourceId"));
        if (!id.find() || id.group(2) != null) {
            return "resourceId names no storage account";
        }
        JsonNode allow = Json.get(Json.get(requestBody(e), "properties"), "allowBlobPublicAccess");
        if (allow == null || !allow.asText().equalsIgnoreCase("true")) {
            return "the request does not set allowBlobPublicAccess true (or properties.requestbody is not logged)";
        }
        grant(e, id.group(1).toLowerCase(Locale.ROOT));
        return null;
    }

    /** A container write whose request sets {@code properties.publicAccess} Blob or Container: a public grant of the container. */
    static String containerWrite(Entry e) {
        Matcher id = ACCOUNT.matcher(Json.text(e.record, "resourceId"));
        if (!id.find() || id.group(2) == null) {
            return "resourceId names no blob container";
        }
        String level = Json.text(Json.get(requestBody(e), "properties"), "publicAccess");
        if (level == null || !PUBLIC_LEVELS.contains(level.toLowerCase(Locale.ROOT))) {
            return "the request does not set publicAccess Blob or Container (or properties.requestbody is not logged)";
        }
        grant(e, id.group(1).toLowerCase(Locale.ROOT) + "/" + id.group(2));
        return null;
    }

    private static void grant(Entry e, String asset) {
        e.replication(ReplicationKind.GRANT, asset, e.subscription, e.region, null, e.region, null, true);
    }

    /** {@code properties.requestbody}, a JSON text, parsed; null when absent or not JSON. */
    private static JsonNode requestBody(Entry e) {
        JsonNode text = Json.get(Json.get(e.record, "properties"), "requestbody", "requestBody");
        if (text != null && text.isObject()) {
            return text;
        }
        if (text == null || !text.isTextual() || text.asText().length() > MAX_REQUEST_BODY) {
            return null;
        }
        try {
            JsonNode parsed = JsonPayloads.mapper().readTree(text.asText());
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
