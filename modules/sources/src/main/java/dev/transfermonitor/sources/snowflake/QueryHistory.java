package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * QUERY_HISTORY: one row per statement, with its type, status and counts but not the objects
 * it read. A SELECT is a QUERY of the database (and schema) it ran in, with
 * {@code ROWS_PRODUCED}; an UNLOAD ({@code COPY INTO <location>}) is an EXPORT of the first
 * table its text reads from to the stage or URI it names, with {@code ROWS_UNLOADED}; a
 * GET_FILES is a READ of the stage it downloads from (the files go to the client's disk, as
 * an object read does). A failed statement moved nothing.
 */
final class QueryHistory {

    private static final int MAX_TYPE = 64;
    private static final int MAX_ERROR = 64;
    /** EXECUTION_STATUS of statements that ended in error. */
    private static final Set<String> FAILED =
            Set.of("FAIL", "FAILED", "FAILED_WITH_ERROR", "FAILED_WITH_INCIDENT", "INCIDENT");
    /** Statements that have not ended: their counts are not final, a later row has them. */
    private static final Set<String> UNFINISHED = Set.of("RUNNING", "QUEUED", "BLOCKED", "RESUMING_WAREHOUSE");

    private static final Map<String, String> IGNORED = Map.of(
            "PUT_FILES", "an upload: files come into a stage, none leave",
            "COPY", "a load (COPY INTO <table>): data comes into Snowflake, none leaves",
            "INSERT", "a write inside Snowflake: its reads are ACCESS_HISTORY's",
            "SHOW", "metadata, no rows of a table",
            "DESCRIBE", "metadata, no rows of a table",
            "USE", "a session setting moves no rows");

    private QueryHistory() {}

    static Outcome map(SnowflakeSource source, JsonNode node) {
        String view = SnowflakeSource.QUERY_HISTORY;
        String typeText = Json.text(node, "QUERY_TYPE", "query_type");
        String type = typeText == null ? null : Json.cut(typeText.toUpperCase(Locale.ROOT), MAX_TYPE);
        String event = SnowflakeSource.eventName(view, type);
        String[] why = new String[1];
        Row row = SnowflakeSource.statement(node, view, event, "START_TIME", why);
        if (row == null) {
            return SnowflakeSource.invalid(event, why[0], node);
        }
        row.clientIp = source.clientIp(row.principal, row.occurredAt);
        String status = row.text("EXECUTION_STATUS");
        String upperStatus = status == null ? "" : status.toUpperCase(Locale.ROOT);
        String error = row.text("ERROR_CODE");
        if (error != null || FAILED.contains(upperStatus)) {
            return new Outcome.Failed(
                    event, error != null ? Json.cut(Printable.of(error), MAX_ERROR) : Json.cut(upperStatus, MAX_ERROR));
        }
        if (UNFINISHED.contains(upperStatus)) {
            return new Outcome.Ignored(
                    event, "the statement has not ended (" + upperStatus + "): its counts are not final");
        }
        if (type == null) {
            return new Outcome.Ignored(event, "no QUERY_TYPE");
        }
        return switch (type) {
            case "SELECT" -> select(source, row, node);
            case "UNLOAD" -> unload(source, row, node);
            case "GET_FILES" -> get(source, row, node);
            default ->
                new Outcome.Ignored(
                        event, IGNORED.getOrDefault(type, "not a statement that reads rows or moves them out"));
        };
    }

    private static Outcome select(SnowflakeSource source, Row row, JsonNode node) {
        String earlier = source.mappedBy(row.recordId, SnowflakeSource.Mapped.READ);
        if (earlier != null) {
            return new Outcome.Ignored(row.eventName, "the statement's read is already mapped from " + earlier);
        }
        String context = context(row);
        if (context == null) {
            return new Outcome.Ignored(
                    row.eventName, "no DATABASE_NAME: the statement's ACCESS_HISTORY row names what it read");
        }
        long rows = row.count("ROWS_PRODUCED");
        if (rows < 0) {
            rows = row.count("ROWS_WRITTEN_TO_RESULT");
        }
        row.access(AccessAction.QUERY, context, rows < 0 ? 1 : rows, row.count("BYTES_WRITTEN_TO_RESULT"));
        return claimed(source, row, node, SnowflakeSource.Mapped.READ);
    }

    private static Outcome unload(SnowflakeSource source, Row row, JsonNode node) {
        String earlier = source.mappedBy(row.recordId, SnowflakeSource.Mapped.EXPORT);
        if (earlier != null) {
            return new Outcome.Ignored(row.eventName, "the statement's export is already mapped from " + earlier);
        }
        String text = row.text("QUERY_TEXT");
        String target = Locations.copyTarget(text);
        if (target == null) {
            return new Outcome.Ignored(row.eventName, "QUERY_TEXT names no COPY INTO location");
        }
        if (Locations.internalStage(target)) {
            return new Outcome.Ignored(
                    row.eventName, "an unload to the user's or a table's stage stays in Snowflake: its GET is mapped");
        }
        String destination = Locations.asset(target);
        String from = Locations.firstFrom(text);
        String sourceAsset = from != null ? from : context(row);
        if (destination == null || sourceAsset == null) {
            return new Outcome.Ignored(row.eventName, "the unload names no table it read or no store it wrote");
        }
        String region = row.has("OUTBOUND_DATA_TRANSFER_CLOUD")
                ? Transfers.regionId(
                        row.text("OUTBOUND_DATA_TRANSFER_CLOUD"), row.text("OUTBOUND_DATA_TRANSFER_REGION"))
                : null;
        row.replication(
                ReplicationKind.EXPORT,
                sourceAsset,
                destination,
                region,
                row.count("ROWS_UNLOADED"),
                row.count("OUTBOUND_DATA_TRANSFER_BYTES"));
        return claimed(source, row, node, SnowflakeSource.Mapped.EXPORT);
    }

    private static Outcome get(SnowflakeSource source, Row row, JsonNode node) {
        String earlier = source.mappedBy(row.recordId, SnowflakeSource.Mapped.READ);
        if (earlier != null) {
            return new Outcome.Ignored(row.eventName, "the statement's read is already mapped from " + earlier);
        }
        String stage = Locations.getSource(row.text("QUERY_TEXT"));
        String asset = stage == null ? null : Locations.asset(stage);
        if (asset == null) {
            return new Outcome.Ignored(row.eventName, "QUERY_TEXT names no stage to GET from");
        }
        row.access(AccessAction.READ, asset, 1, row.count("OUTBOUND_DATA_TRANSFER_BYTES"));
        return claimed(source, row, node, SnowflakeSource.Mapped.READ);
    }

    private static Outcome claimed(SnowflakeSource source, Row row, JsonNode node, SnowflakeSource.Mapped what) {
        Outcome outcome = SnowflakeSource.mappedOrIgnored(row, null, node);
        if (outcome instanceof Outcome.Mapped) {
            source.claim(row.recordId, what, row.view);
        }
        return outcome;
    }

    /** {@code database.schema} (or the database alone) the statement ran in, lower case; null for none. */
    private static String context(Row row) {
        String database = row.text("DATABASE_NAME");
        if (database == null) {
            return null;
        }
        String schema = row.text("SCHEMA_NAME");
        return Locations.objectAsset(schema == null ? database : database + "." + schema);
    }
}
