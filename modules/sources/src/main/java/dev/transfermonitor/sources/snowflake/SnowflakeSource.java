package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.sources.BoundedMap;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonRecords;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rows of Snowflake's ACCOUNT_USAGE views in, monitor events out: ACCESS_HISTORY (the objects
 * a statement read and the stages it wrote), QUERY_HISTORY (SELECTs, unloads, GETs),
 * DATA_TRANSFER_HISTORY (bytes that left a cloud or region), LOGIN_HISTORY (the client
 * addresses the statement views do not name) and REPLICATION_USAGE_HISTORY (ignored: it names
 * no destination). Accepts one row, a JSON array of rows and JSON lines;
 * columns in upper or lower case; VARIANT columns as JSON or as JSON text. The view is told by
 * its columns. A row without its view's id, time or user is invalid.
 *
 * <p>State, bounded: the statements whose reads and exports were already mapped, by QUERY_ID,
 * so that a statement exported from both QUERY_HISTORY and ACCESS_HISTORY counts once (the
 * first to arrive maps it); and the users' recent successful logins ({@link Logins}).
 */
public final class SnowflakeSource implements Source {

    public static final String NAME = "snowflake";

    static final String ACCESS_HISTORY = "ACCESS_HISTORY";
    static final String QUERY_HISTORY = "QUERY_HISTORY";
    static final String DATA_TRANSFER_HISTORY = "DATA_TRANSFER_HISTORY";
    static final String REPLICATION_USAGE_HISTORY = "REPLICATION_USAGE_HISTORY";

    /** Snowflake's query ids are 36 characters; a longer one is no query id. */
    static final int MAX_QUERY_ID = 200;

    static final int MAX_EVENT_NAME = 128;
    /** Statements remembered: as pgaudit's, far above the rows one export interleaves. */
    static final int MAX_REMEMBERED = 4096;

    /** What of a statement is already mapped, by QUERY_ID. */
    enum Mapped {
        READ,
        EXPORT
    }

    private final Map<String, String> mapped = new BoundedMap<>(MAX_REMEMBERED);

    private final Logins logins = new Logins();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        JsonRecords.read(payload, out, this::map, null, "a Snowflake ACCOUNT_USAGE row");
    }

    /** Maps one parsed row. */
    public Outcome map(JsonNode row) {
        if (isAccessHistory(row)) {
            return AccessHistory.map(this, row);
        }
        if (Row.get(row, "QUERY_TYPE") != null || Row.get(row, "EXECUTION_STATUS") != null) {
            return QueryHistory.map(this, row);
        }
        if (Row.get(row, "TRANSFER_TYPE") != null || Row.get(row, "TARGET_CLOUD") != null) {
            return Transfers.map(row);
        }
        if (Row.get(row, "EVENT_ID") != null
                && (Row.get(row, "IS_SUCCESS") != null || Row.get(row, "EVENT_TIMESTAMP") != null)) {
            return logins.map(row);
        }
        if (Row.get(row, "CREDITS_USED") != null && Row.get(row, "BYTES_TRANSFERRED") != null) {
            return new Outcome.Ignored(
                    REPLICATION_USAGE_HISTORY,
                    "database replication usage names no destination account or region; the"
                            + " DATA_TRANSFER_HISTORY rows of TRANSFER_TYPE REPLICATION carry the regions");
        }
        return invalid(
                null,
                "not a Snowflake ACCOUNT_USAGE row: no QUERY_TYPE, QUERY_START_TIME, *_OBJECTS_ACCESSED,"
                        + " TRANSFER_TYPE, TARGET_CLOUD or EVENT_ID column",
                row);
    }

    private static boolean isAccessHistory(JsonNode row) {
        return Row.get(row, "QUERY_START_TIME") != null
                || Row.get(row, "BASE_OBJECTS_ACCESSED") != null
                || Row.get(row, "DIRECT_OBJECTS_ACCESSED") != null
                || Row.get(row, "OBJECTS_MODIFIED") != null;
    }

    /** The view that already mapped this statement's read or export, or null. */
    String mappedBy(String queryId, Mapped what) {
        return mapped.get(what + "/" + queryId);
    }

    /** The client address of the user's session at this time, from LOGIN_HISTORY; null when unknown. */
    String clientIp(String user, Instant at) {
        return logins.addressOf(user, at);
    }

    Logins logins() {
        return logins;
    }

    /** Marks a statement's read or export as mapped, from this view. */
    void claim(String queryId, Mapped what, String view) {
        mapped.putIfAbsent(what + "/" + queryId, view);
    }

    /**
     * Reads the id, time and user every row of a statement view has; null when one is missing
     * or unusable, with the reason in {@code why[0]}.
     */
    static Row statement(JsonNode node, String view, String eventName, String timeColumn, String[] why) {
        Row row = new Row(node, view, eventName);
        row.recordId = row.text("QUERY_ID");
        row.occurredAt = row.time(timeColumn);
        row.principal = row.text("USER_NAME");
        StringBuilder missing = new StringBuilder();
        if (row.recordId == null) {
            missing.append("QUERY_ID, ");
        }
        if (row.get(timeColumn) == null) {
            missing.append(timeColumn).append(", ");
        }
        if (row.principal == null) {
            missing.append("USER_NAME, ");
        }
        if (missing.length() > 0) {
            why[0] = view + " row without " + missing.substring(0, missing.length() - 2);
            return null;
        }
        if (row.recordId.length() > MAX_QUERY_ID || !Printable.isSafe(row.recordId)) {
            why[0] = "QUERY_ID is longer than " + MAX_QUERY_ID + " characters or holds control characters";
            return null;
        }
        if (row.occurredAt == null) {
            why[0] = timeColumn + " is not a time (2024-04-01 00:11:04.374Z, 2022-01-25 16:17:47.388 +0000)";
            return null;
        }
        row.role = row.text("ROLE_NAME");
        return row;
    }

    static Outcome invalid(String eventName, String reason, JsonNode row) {
        return new Outcome.Invalid(eventName, reason, JsonRecords.raw(row));
    }

    static Outcome mappedOrIgnored(Row row, String why, JsonNode node) {
        if (row.oversized()) {
            return invalid(
                    row.eventName, "the row names an id longer than 256 characters or with control characters", node);
        }
        if (row.events().isEmpty()) {
            return new Outcome.Ignored(row.eventName, why == null ? "nothing moved" : why);
        }
        return new Outcome.Mapped(row.eventName, row.events(), List.of());
    }

    static String eventName(String view, String type) {
        return type == null ? view : Json.cut(view + "/" + type, MAX_EVENT_NAME);
    }
}
