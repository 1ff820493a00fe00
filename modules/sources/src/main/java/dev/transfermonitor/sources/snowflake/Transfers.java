package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.reference.RegionCatalog;
import dev.transfermonitor.sources.EventIds;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Times;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DATA_TRANSFER_HISTORY: bytes that left the account's cloud or region in a window (hourly in
 * ACCOUNT_USAGE, by day in ORGANIZATION_USAGE), by TRANSFER_TYPE. REPLICATION is a REPLICA;
 * COPY and COPY_FILES (unloads and file copies) and EXTERNAL_FUNCTION and EXTERNAL_ACCESS
 * (rows sent to code outside Snowflake) are EXPORTs; the others are ignored by type. The view
 * names no user, statement or object: the principal is Snowflake itself, the asset the
 * account ({@code snowflake:account}, or {@code snowflake:<account_name>} in
 * ORGANIZATION_USAGE), the id a digest of the row. The view names no target account either;
 * but replication (replication and failover groups, and database replication) only ever
 * targets accounts of the source account's own Snowflake organization, so a REPLICATION's
 * destination account is {@link #ORGANIZATION_ACCOUNT}: one stable name for "an account of
 * this Snowflake organization", which the rules file lists among organisationAccounts when the
 * organization is the company's.
 */
final class Transfers {

    static final String PRINCIPAL = "snowflake";
    static final String ACCOUNT_ASSET = "snowflake:account";
    static final String ORGANIZATION_ACCOUNT = "snowflake:organization";

    private static final int MAX_TYPE = 64;
    private static final Pattern PROVIDER = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,15}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9._-]{1,63}");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

    /** The cloud names the view writes ("AWS", "Amazon Web Services", ...), upper case, by catalogue provider. */
    private static final Map<String, String> PROVIDERS = Map.of(
            "AWS", "aws",
            "AMAZON WEB SERVICES", "aws",
            "GCP", "gcp",
            "GOOGLE CLOUD PLATFORM", "gcp",
            "AZURE", "azure",
            "MICROSOFT AZURE", "azure");

    private static final Map<String, ReplicationKind> KINDS = Map.of(
            "REPLICATION", ReplicationKind.REPLICA,
            "COPY", ReplicationKind.EXPORT,
            "COPY_FILES", ReplicationKind.EXPORT,
            "EXTERNAL_FUNCTION", ReplicationKind.EXPORT,
            "EXTERNAL_ACCESS", ReplicationKind.EXPORT);

    private Transfers() {}

    static Outcome map(JsonNode node) {
        String view = SnowflakeSource.DATA_TRANSFER_HISTORY;
        String typeText = Json.text(node, "TRANSFER_TYPE", "transfer_type");
        String type = typeText == null ? null : Json.cut(typeText.toUpperCase(Locale.ROOT), MAX_TYPE);
        String event = SnowflakeSource.eventName(view, type);
        Row row = new Row(node, view, event);
        row.occurredAt = row.has("START_TIME") ? row.time("START_TIME") : date(row.text("USAGE_DATE"));
        if (!row.has("START_TIME") && !row.has("USAGE_DATE")) {
            return SnowflakeSource.invalid(event, view + " row without START_TIME (or USAGE_DATE)", node);
        }
        if (row.occurredAt == null) {
            return SnowflakeSource.invalid(event, "START_TIME or USAGE_DATE is not a time or date", node);
        }
        if (type == null || !row.has("TARGET_CLOUD") || !row.has("TARGET_REGION")) {
            return SnowflakeSource.invalid(
                    event, view + " row without TRANSFER_TYPE, TARGET_CLOUD or TARGET_REGION", node);
        }
        long bytes = row.count("BYTES_TRANSFERRED");
        if (bytes < 0) {
            return SnowflakeSource.invalid(event, "BYTES_TRANSFERRED is absent or not a count", node);
        }
        ReplicationKind kind = KINDS.get(type);
        if (kind == null) {
            return new Outcome.Ignored(event, "a transfer type that copies no rows of the account out (" + type + ")");
        }
        if (bytes == 0) {
            return new Outcome.Ignored(event, "no bytes moved in the window");
        }
        String account = row.text("ACCOUNT_NAME");
        boolean named = account != null && ACCOUNT.matcher(account).matches();
        row.recordId = EventIds.digest(node.toString());
        row.principal = PRINCIPAL;
        row.serviceClient = PRINCIPAL;
        row.assetAccount = named ? account : null;
        row.assetRegion = regionId(row.text("SOURCE_CLOUD"), row.text("SOURCE_REGION"));
        row.destinationAccount = type.equals("REPLICATION") ? ORGANIZATION_ACCOUNT : null;
        String sourceAsset = named ? "snowflake:" + account.toLowerCase(Locale.ROOT) : ACCOUNT_ASSET;
        row.replication(
                kind, sourceAsset, null, regionId(row.text("TARGET_CLOUD"), row.text("TARGET_REGION")), 0, bytes);
        return SnowflakeSource.mappedOrIgnored(row, null, node);
    }

    /** ORGANIZATION_USAGE's USAGE_DATE, {@code 2024-04-01}: the start of that day, UTC. */
    private static Instant date(String text) {
        if (text == null || text.length() != 10) {
            return text == null || text.length() > 40 ? null : Times.parse(text.trim());
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException notDate) {
            return null;
        }
    }

    /**
     * A cloud and region as the view writes them ({@code AWS} and {@code US-EAST-2},
     * {@code Microsoft Azure} and {@code westeurope}, or Snowflake's own {@code AWS_US_EAST_2})
     * as the region catalogue's id ({@code aws:us-east-2}, {@code azure:westeurope},
     * {@code gcp:europe-west3}). A region the catalogue does not know is kept as written after
     * the provider ({@code aws:US-NEW-9}), so that the monitor fails closed on it rather than
     * on a guess; null when either is missing or could be no region id.
     */
    static String regionId(String cloud, String region) {
        if (cloud == null || region == null) {
            return null;
        }
        String given = region.trim();
        String provider = PROVIDERS.get(cloud.trim().toUpperCase(Locale.ROOT));
        if (provider == null) {
            String c = cloud.trim();
            return PROVIDER.matcher(c).matches() && REGION.matcher(given).matches()
                    ? c.toLowerCase(Locale.ROOT) + ":" + given
                    : null;
        }
        if (!REGION.matcher(given).matches()) {
            return null;
        }
        String r = given.toLowerCase(Locale.ROOT);
        if (r.startsWith(provider + "_") || r.startsWith(provider + "-")) {
            r = r.substring(provider.length() + 1);
        }
        String name = provider.equals("azure") ? r.replace("-", "").replace("_", "") : r.replace('_', '-');
        String id = provider + ":" + name;
        return RegionCatalog.get(id) != null ? id : provider + ":" + given;
    }
}
