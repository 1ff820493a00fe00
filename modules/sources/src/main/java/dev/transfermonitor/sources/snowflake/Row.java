package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.sources.EventIds;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Times;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One row of an ACCOUNT_USAGE view, with its columns read in either case (Snowflake writes them
 * upper case, many exporters lower case), and the events it becomes. Ids are
 * {@code view:recordId} with {@code #2}, {@code #3}... when one row yields several.
 */
final class Row {

    static final String SOURCE = SnowflakeSource.NAME;
    /** As the other sources': more events than this are not made from one row. */
    static final int MAX_EVENTS = 100;
    /** The role the statement ran with: who may read what in Snowflake, not a name of the user. */
    static final String ROLE = "snowflake.role";

    /** A VARIANT column written as JSON text is parsed only up to this length. */
    private static final int MAX_VARIANT = 1024 * 1024;

    private static final int MAX_ATTRIBUTE = 256;

    final JsonNode node;
    final String view;
    final String eventName;

    String recordId;
    Instant occurredAt;
    String principal;
    String role;
    String assetRegion;
    String assetAccount;
    String serviceClient;
    /** The session's client address, from LOGIN_HISTORY: only ever text that parses as one. */
    String clientIp;
    /** The replica's account, for replication that can only target the organisation's own. */
    String destinationAccount;

    private final List<SpecificRecord> events = new ArrayList<>(1);

    Row(JsonNode node, String view, String eventName) {
        this.node = node;
        this.view = view;
        this.eventName = eventName;
    }

    /** A column's value in upper or lower case, null when absent or null. */
    static JsonNode get(JsonNode node, String column) {
        JsonNode value = Json.get(node, column);
        return value != null ? value : Json.get(node, column.toLowerCase(Locale.ROOT));
    }

    JsonNode get(String column) {
        return get(node, column);
    }

    boolean has(String column) {
        return get(column) != null;
    }

    String text(String column) {
        JsonNode value = get(column);
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** A count, -1 when absent or no count. */
    long count(String column) {
        return Json.count(node, column, column.toLowerCase(Locale.ROOT));
    }

    /** A time column: {@code 2024-04-01 00:11:04.374Z}, {@code 2022-01-25 16:17:47.388 +0000}, ISO; null for none. */
    Instant time(String column) {
        JsonNode value = get(column);
        if (value == null || !value.isTextual() || value.asText().length() > 40) {
            return null;
        }
        return Times.parse(value.asText().trim());
    }

    /**
     * A VARIANT array column: a JSON array, or JSON text holding one (as CSV-to-JSON exports and
     * connectors write it); an empty list when absent, null when it is neither.
     */
    List<JsonNode> variant(String column) {
        JsonNode value = get(column);
        if (value == null) {
            return List.of();
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (text.isBlank()) {
                return List.of();
            }
            if (text.length() > MAX_VARIANT) {
                return null;
            }
            try {
                value = JsonPayloads.mapper().readTree(text);
            } catch (IOException notJson) {
                return null;
            }
            if (value == null) {
                return null;
            }
        }
        return value.isArray() ? Json.items(value) : value.isObject() ? List.of(value) : null;
    }

    List<SpecificRecord> events() {
        return events;
    }

    boolean full() {
        return events.size() >= MAX_EVENTS;
    }

    void access(AccessAction action, String assetId, long records, long bytes) {
        if (full()) {
            return;
        }
        events.add(DataAccessEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId(null)
                .setAuthMethod(AuthMethod.UNKNOWN)
                .setAction(action)
                .setAssetId(assetId)
                .setRecordCount(Math.max(0, records))
                .setByteCount(Math.max(0, bytes))
                .setClientIp(clientIp)
                .setApplication(null)
                .setAttributes(attributes())
                .build());
    }

    void replication(
            ReplicationKind kind,
            String sourceAssetId,
            String destinationAssetId,
            String destinationRegion,
            long records,
            long bytes) {
        if (full()) {
            return;
        }
        events.add(ReplicationEvent.newBuilder()
                .setEventId(nextId())
                .setOccurredAt(occurredAt)
                .setPrincipalId(principal)
                .setCredentialId(null)
                .setJobId(view + ":" + recordId)
                .setKind(kind)
                .setSourceAssetId(sourceAssetId)
                .setDestinationAssetId(destinationAssetId)
                .setDestinationRegion(destinationRegion)
                .setDestinationAccount(destinationAccount)
                .setRecordCount(Math.max(0, records))
                .setByteCount(Math.max(0, bytes))
                .setPublicAccess(false)
                .setAttributes(attributes())
                .build());
    }

    /** Whether an event names an id the monitor would refuse: too long, or with control characters. */
    boolean oversized() {
        return EventIds.anyRefused(principal, null, events);
    }

    private String nextId() {
        String id = view + ":" + recordId;
        return events.isEmpty() ? id : id + "#" + (events.size() + 1);
    }

    private Map<String, String> attributes() {
        Map<String, String> a = new HashMap<>(8);
        a.put(EventAttributes.SOURCE, SOURCE);
        a.put(EventAttributes.SOURCE_EVENT, eventName);
        a.put(EventAttributes.SOURCE_RECORD, recordId);
        put(a, EventAttributes.ASSET_REGION, assetRegion);
        put(a, EventAttributes.ASSET_ACCOUNT, assetAccount);
        put(a, EventAttributes.SERVICE_CLIENT, serviceClient);
        put(a, ROLE, role);
        return a;
    }

    private static void put(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, Json.cut(value, MAX_ATTRIBUTE));
        }
    }
}
