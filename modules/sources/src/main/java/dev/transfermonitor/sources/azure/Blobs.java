package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blob reads and copies, and who made them. A blob's asset is its container:
 * {@code account/container} (account lower case), read from {@code properties.objectKey}
 * ({@code /account/container/blob}) or else from the {@code uri}. Nothing of a URI's query is
 * kept: a SAS signature is a secret.
 */
final class Blobs {

    /** {@code https://account.blob.core.windows.net/container/...} (or {@code .dfs.}, any cloud's suffix). */
    private static final Pattern STORAGE_URI =
            Pattern.compile("(?i)^https?://([a-z0-9]{3,24})\\.(?:blob|dfs)\\.[^/?#]+(?:/([^/?#]+))?");

    private static final Pattern OTHER_URI = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]{0,15}://[^/?#@]+)");
    private static final Pattern ACCOUNT = Pattern.compile("(?i)/storageAccounts/([a-z0-9]{3,24})(?:/|$)");
    private static final Pattern SAS_SIGNATURE = Pattern.compile("(?i)[?&]sig=");

    private Blobs() {}

    /**
     * Who made the call, from {@code identity}: the requester's {@code upn}, else its
     * {@code objectId}, else its {@code appId}. With SAS or an account key the key is the
     * credential (its {@code tokenHash} when logged) and, when no requester is named, the
     * principal is {@code sas:ACCOUNT} or {@code accountkey:ACCOUNT}, and anonymous reads are
     * {@code anonymous:ACCOUNT}: the log names no one else. A record without {@code identity}
     * whose {@code uri} carries a SAS signature was made with a SAS. False when none of this applies.
     */
    static boolean identify(Entry e) {
        JsonNode identity = Json.get(e.record, "identity");
        JsonNode requester = Json.get(identity, "requester");
        String upn = Json.text(requester, "upn");
        String objectId = Json.text(requester, "objectId");
        String appId = Json.text(requester, "appId");
        String type = Json.text(identity, "type");
        String uri = Json.text(e.record, "uri");
        if (type == null && uri != null && SAS_SIGNATURE.matcher(uri).find()) {
            type = "SAS";
        }
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        String account = account(e);
        String keyed = switch (kind) {
            case "sas", "delegationsas" -> "sas";
            case "accountkey" -> "accountkey";
            default -> null;
        };
        e.principal = upn != null ? upn : objectId != null ? objectId : appId;
        if (e.principal == null && account != null && (keyed != null || kind.equals("anonymous"))) {
            e.principal = (keyed != null ? keyed : kind) + ":" + account;
        }
        if (e.principal == null) {
            return false;
        }
        e.alias(objectId);
        e.alias(appId);
        if (keyed != null) {
            String hash = Json.text(identity, "tokenHash");
            e.credential = hash != null ? hash : account == null ? keyed : keyed + ":" + account;
            e.authMethod = AuthMethod.API_KEY;
        } else if (upn == null && objectId == null) {
            e.authMethod = kind.equals("oauth") ? AuthMethod.SERVICE_TOKEN : AuthMethod.UNKNOWN;
        }
        e.userAgent = Json.text(Json.get(e.record, "properties"), "userAgentHeader");
        return true;
    }

    /**
     * GetBlob: one read of one blob of the container, counting the bytes sent
     * ({@code properties.responseBodySize}; none when not logged).
     */
    static String read(Entry e) {
        String asset = asset(e);
        if (asset == null) {
            return "no container in properties.objectKey or uri";
        }
        long bytes = Json.count(Json.get(e.record, "properties"), "responseBodySize");
        e.access(AccessAction.READ, asset, e.subscription, e.region, 1, bytes);
        return null;
    }

    /**
     * CopyBlob, CopyBlobFromURL, PutBlockFromURL: logged by the account written to, with the
     * source in {@code properties.sourceUri}. A copy from another container (of this or another
     * account) or from any other URL is an EXPORT of the source to this container, as a
     * CloudTrail CopyObject between buckets is. The source's subscription and region are not
     * logged, so none is given for a source in another account.
     */
    static String copy(Entry e) {
        JsonNode properties = Json.get(e.record, "properties");
        String sourceUri = Json.text(properties, "sourceUri");
        String source = uriAsset(sourceUri);
        if (source == null) {
            return "no properties.sourceUri the mapper can name";
        }
        String destinationUri = Json.text(properties, "destinationUri");
        String destination = destinationUri != null ? uriAsset(destinationUri) : asset(e);
        if (destination == null) {
            return "no container in properties.objectKey, destinationUri or uri";
        }
        if (source.equals(destination)) {
            return "a copy within one container";
        }
        String account = account(e);
        boolean sameAccount = account != null && source.startsWith(account + "/");
        boolean here = destinationUri == null || (account != null && destination.startsWith(account + "/"));
        e.replication(
                ReplicationKind.EXPORT,
                source,
                sameAccount ? e.subscription : null,
                sameAccount ? e.region : null,
                destination,
                here ? e.region : null,
                here ? e.subscription : null,
                false);
        return null;
    }

    /** The storage account the record is of: {@code properties.accountName}, else the uri's or resourceId's. */
    static String account(Entry e) {
        String name = Json.text(Json.get(e.record, "properties"), "accountName");
        if (name == null) {
            Matcher uri = match(STORAGE_URI, Json.text(e.record, "uri"));
            Matcher id = match(ACCOUNT, Json.text(e.record, "resourceId"));
            name = uri != null ? uri.group(1) : id != null ? id.group(1) : null;
        }
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    /** The record's own container as {@code account/container}, or null. */
    private static String asset(Entry e) {
        String key = Json.text(Json.get(e.record, "properties"), "objectKey");
        if (key != null && key.startsWith("/")) {
            String[] parts = key.split("/", 4);
            if (parts.length >= 3 && !parts[1].isBlank() && !parts[2].isBlank()) {
                return parts[1].toLowerCase(Locale.ROOT) + "/" + parts[2];
            }
        }
        Matcher uri = match(STORAGE_URI, Json.text(e.record, "uri"));
        return uri == null || uri.group(2) == null ? null : uri.group(1).toLowerCase(Locale.ROOT) + "/" + uri.group(2);
    }

    /**
     * A URI as the monitor names the store: a blob or Data Lake endpoint as {@code account/container}
     * (as reads name it), any other as {@code scheme://host}; null for no URI.
     */
    static String uriAsset(String uri) {
        Matcher storage = match(STORAGE_URI, uri);
        if (storage != null && storage.group(2) != null) {
            return storage.group(1).toLowerCase(Locale.ROOT) + "/" + storage.group(2);
        }
        Matcher other = match(OTHER_URI, uri);
        return other == null ? null : other.group(1).toLowerCase(Locale.ROOT);
    }

    private static Matcher match(Pattern pattern, String text) {
        if (text == null || text.length() > 8 * 1024) {
            return null;
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? m : null;
    }
}
