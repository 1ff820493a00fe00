package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The real Snowflake rows under test resources (see NOTICE there), and the variants the tests derive. */
public final class SnowflakeFixtures {

    public static final String SELECT_FULL_ROW = "panther-query-history-select-full-row.json";
    public static final String UNLOAD = "panther-query-history-unload-copy-into-stage.json";
    public static final String GET_FILES = "panther-query-history-get-files.json";
    public static final String TRANSFER_ZERO = "panther-data-transfer-copy-zero-bytes.json";
    public static final String TRANSFER_COPY = "panther-data-transfer-copy-eu-west-1.json";
    public static final String TRANSFER_ORG = "panther-data-transfer-org-usage-lexcorp.json";

    public static final String LOGIN_SUCCESS = "panther-login-history-success.json";
    public static final String LOGIN_JWT_MISMATCH = "panther-login-history-jwt-fingerprint-mismatch.json";
    public static final String LOGIN_OVERFLOW = "panther-login-history-overflow-failure.json";

    public static final List<String> ALL = List.of(
            SELECT_FULL_ROW,
            UNLOAD,
            GET_FILES,
            TRANSFER_ZERO,
            TRANSFER_COPY,
            TRANSFER_ORG,
            LOGIN_SUCCESS,
            LOGIN_JWT_MISMATCH,
            LOGIN_OVERFLOW);

    private SnowflakeFixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = SnowflakeFixtures.class.getResourceAsStream("/snowflake/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's row as a tree, to derive a variant from (the caller says what it changes). */
    public static ObjectNode tree(String path) {
        try {
            return (ObjectNode) JsonPayloads.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Variant: an ACCESS_HISTORY row made of the real QUERY_HISTORY row's query_id, user_name
     * and start_time (as query_start_time), with the documented object columns empty; no
     * licensed real ACCESS_HISTORY row was found.
     */
    public static ObjectNode accessHistoryVariant() {
        ObjectNode real = tree(SELECT_FULL_ROW);
        ObjectNode row = JsonPayloads.mapper().createObjectNode();
        row.put("QUERY_ID", real.get("query_id").asText());
        row.put("QUERY_START_TIME", real.get("start_time").asText());
        row.put("USER_NAME", real.get("user_name").asText());
        row.putArray("DIRECT_OBJECTS_ACCESSED");
        row.putArray("BASE_OBJECTS_ACCESSED");
        row.putArray("OBJECTS_MODIFIED");
        return row;
    }

    /** Variant: a QUERY_HISTORY fixture with the QUERY_ID and START_TIME the Panther test events leave out. */
    public static ObjectNode withIdAndTime(String path, String queryId) {
        ObjectNode row = tree(path);
        row.put("QUERY_ID", queryId);
        row.put("START_TIME", "2024-10-09 19:38:06.158 +0000");
        return row;
    }

    /** Variant: a DATA_TRANSFER_HISTORY fixture with the START_TIME the Panther test events leave out. */
    public static ObjectNode withStartTime(String path) {
        ObjectNode row = tree(path);
        row.put("START_TIME", "2024-10-09 19:00:00.000 +0000");
        return row;
    }

    /**
     * Variant: the real successful login (Panther's "Successful Login") by another user, from
     * another address, at another time; the other columns as published.
     */
    public static ObjectNode loginVariant(String user, String clientIp, String eventTimestamp) {
        ObjectNode row = tree(LOGIN_SUCCESS);
        row.put("USER_NAME", user);
        row.put("CLIENT_IP", clientIp);
        row.put("EVENT_TIMESTAMP", eventTimestamp);
        return row;
    }
}
