package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.sources.EventIds;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.JsonRecords;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Times;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What both Azure formats share: the export envelope, times, ids, caller addresses, ARM ids. */
final class Records {

    static final int MAX_OPERATION = 128;
    static final int MAX_RECORD_ID = 200;

    private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)^/subscriptions/([0-9A-Za-z-]{1,64})(?:/|$)");
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9]{1,40}");

    private Records() {}

    /**
     * Every record of a payload: one record, a JSON array of them, or the {@code records} batch
     * that diagnostic settings write to a storage account or an Event Hub.
     */
    static void read(byte[] payload, Consumer<Outcome> out, Function<JsonNode, Outcome> map, String what) {
        JsonRecords.read(payload, out, map, "records", what);
    }

    static Instant time(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().length() > 40) {
            return null;
        }
        return Times.parse(value.asText().trim());
    }

    /**
     * The record's id: {@code correlationId} when it is a usable one, else a digest of the record
     * as read, so that a record delivered twice still has one id; null for an unusable one.
     */
    static String recordId(JsonNode record) {
        JsonNode correlation = Json.get(record, "correlationId");
        if (correlation == null) {
            return EventIds.digest(record.toString());
        }
        String id = Json.text(record, "correlationId");
        return id != null && id.length() <= MAX_RECORD_ID && Printable.isSafe(id) ? id : null;
    }

    /**
     * The caller's address without the port Storage appends: {@code 8.8.8.8:44321},
     * {@code [2001:db8::1]:443}, or a bare IPv4 or IPv6 address; null for anything else.
     */
    static String address(String caller) {
        if (caller == null || caller.length() > 64) {
            return null;
        }
        String c = caller.trim();
        String candidate;
        if (c.startsWith("[")) {
            int close = c.indexOf(']');
            candidate = close < 0 ? null : c.substring(1, close);
        } else if (Cidr.parseAddress(c) != null) {
            candidate = c;
        } else {
            int colon = c.indexOf(':');
            // One colon: IPv4 and a port. More, and it is no address (IPv6 came bare or bracketed).
            candidate = colon > 0 && colon == c.lastIndexOf(':') ? c.substring(0, colon) : null;
        }
        return candidate != null && Cidr.parseAddress(candidate) != null ? candidate : null;
    }

    /** The subscription of an ARM resource id, lower case (ARM ids are case-insensitive); null for none. */
    static String subscription(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        Matcher m = SUBSCRIPTION.matcher(resourceId);
        return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    /** {@code azure:} and the location ({@code eastus}), as the region catalogue names it; null for none. */
    static String regionId(String location) {
        if (location == null || !LOCATION.matcher(location).matches() || location.equalsIgnoreCase("global")) {
            return null;
        }
        return "azure:" + location.toLowerCase(Locale.ROOT);
    }

    static Outcome invalid(String operation, String reason, JsonNode record) {
        return new Outcome.Invalid(operation, reason, raw(record));
    }

    static String raw(JsonNode value) {
        return Json.cut(value.toString(), JsonPayloads.MAX_RAW);
    }
}
