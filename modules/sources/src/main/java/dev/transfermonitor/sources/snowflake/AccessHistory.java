package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.StorageUris;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ACCESS_HISTORY (Enterprise Edition): one row per statement, with the objects it read
 * ({@code base_objects_accessed}, the tables under any views; {@code direct_objects_accessed}
 * when that is empty) and wrote ({@code objects_modified}). A write to an external named stage
 * or an external location is an EXPORT of each object read to it; a write to a local
 * {@code file://} location is a GET, a READ of each stage read; otherwise each table or view
 * read is a QUERY. The view gives no row counts: one record per object.
 */
final class AccessHistory {

    /** objectDomain values of objects that hold rows (the docs write them in mixed case). */
    private static final Set<String> RELATIONS = Set.of(
            "TABLE",
            "VIEW",
            "MATERIALIZED VIEW",
            "SECURE VIEW",
            "EXTERNAL TABLE",
            "DYNAMIC TABLE",
            "ICEBERG TABLE",
            "HYBRID TABLE",
            "EVENT TABLE",
            "STREAM");

    private static final String STAGE = "STAGE";
    private static final String EXTERNAL_STAGE = "EXTERNAL NAMED";

    private AccessHistory() {}

    static Outcome map(SnowflakeSource source, JsonNode node) {
        String view = SnowflakeSource.ACCESS_HISTORY;
        String[] why = new String[1];
        Row row = SnowflakeSource.statement(node, view, view, "QUERY_START_TIME", why);
        if (row == null) {
            return SnowflakeSource.invalid(view, why[0], node);
        }
        row.clientIp = source.clientIp(row.principal, row.occurredAt);
        List<JsonNode> base = row.variant("BASE_OBJECTS_ACCESSED");
        List<JsonNode> direct = row.variant("DIRECT_OBJECTS_ACCESSED");
        List<JsonNode> modified = row.variant("OBJECTS_MODIFIED");
        if (base == null || direct == null || modified == null) {
            return SnowflakeSource.invalid(
                    view,
                    "BASE_OBJECTS_ACCESSED, DIRECT_OBJECTS_ACCESSED or OBJECTS_MODIFIED is neither a JSON array"
                            + " nor JSON text of one",
                    node);
        }
        Set<String> tables = new LinkedHashSet<>();
        Set<String> stages = new LinkedHashSet<>();
        for (JsonNode object : base.isEmpty() ? direct : base) {
            if (tables.size() + stages.size() >= Row.MAX_EVENTS) {
                break;
            }
            String domain = upper(Json.text(object, "objectDomain"));
            String name = Json.text(object, "objectName");
            if (name != null && RELATIONS.contains(domain)) {
                tables.add(Locations.objectAsset(name));
            } else if (name != null && STAGE.equals(domain)) {
                stages.add(Locations.objectAsset(name));
            }
        }
        Set<String> exports = new LinkedHashSet<>();
        boolean download = false;
        boolean internal = false;
        for (JsonNode object : modified) {
            if (exports.size() >= Row.MAX_EVENTS) {
                break;
            }
            String name = Json.text(object, "objectName");
            String location = Json.text(object, "location");
            if (name != null && STAGE.equals(upper(Json.text(object, "objectDomain")))) {
                if (EXTERNAL_STAGE.equals(upper(Json.text(object, "stageKind")))) {
                    exports.add(Locations.objectAsset(name));
                } else {
                    internal = true;
                }
            } else if (location != null && location.regionMatches(true, 0, "file://", 0, 7)) {
                download = true;
            } else if (location != null && StorageUris.asset(location) != null) {
                exports.add(StorageUris.asset(location));
            }
        }
        String queryId = row.recordId;
        if (!exports.isEmpty()) {
            return export(source, row, node, tables.isEmpty() ? stages : tables, exports);
        }
        String earlier = source.mappedBy(queryId, SnowflakeSource.Mapped.READ);
        if (earlier != null && (!tables.isEmpty() || download)) {
            return new Outcome.Ignored(view, "the statement's read is already mapped from " + earlier);
        }
        if (download) {
            stages.forEach(stage -> row.access(AccessAction.READ, stage, 1, 0));
        } else {
            tables.forEach(table -> row.access(AccessAction.QUERY, table, 1, 0));
        }
        Outcome outcome = SnowflakeSource.mappedOrIgnored(
                row,
                internal
                        ? "an unload to a stage inside Snowflake (internal, user or table stage): its GET is what"
                                + " moves the data out"
                        : "the statement read no table or view, and wrote no external stage or location",
                node);
        if (outcome instanceof Outcome.Mapped) {
            source.claim(queryId, SnowflakeSource.Mapped.READ, view);
        }
        return outcome;
    }

    private static Outcome export(
            SnowflakeSource source, Row row, JsonNode node, Set<String> sources, Set<String> destinations) {
        String view = SnowflakeSource.ACCESS_HISTORY;
        if (sources.isEmpty()) {
            return new Outcome.Ignored(view, "an unload that names no table, view or stage it read");
        }
        String earlier = source.mappedBy(row.recordId, SnowflakeSource.Mapped.EXPORT);
        if (earlier != null) {
            return new Outcome.Ignored(view, "the statement's export is already mapped from " + earlier);
        }
        for (String from : sources) {
            for (String to : destinations) {
                row.replication(ReplicationKind.EXPORT, from, to, null, 0, 0);
            }
        }
        Outcome outcome = SnowflakeSource.mappedOrIgnored(row, null, node);
        if (outcome instanceof Outcome.Mapped) {
            source.claim(row.recordId, SnowflakeSource.Mapped.EXPORT, view);
        }
        return outcome;
    }

    private static String upper(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT);
    }
}
