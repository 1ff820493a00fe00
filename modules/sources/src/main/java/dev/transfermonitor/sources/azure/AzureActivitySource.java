package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Azure Activity log records in, monitor events out, as diagnostic settings export them (one
 * record, an array, a {@code records} batch, JSON lines). Operation names are matched without
 * regard to case, as ARM writes them either way. A long operation logs a Start and then a
 * Success or Failure record: only the Success one is mapped, a Failure moved nothing, and any
 * other {@code resultType} (or none) is ignored. A record without {@code time},
 * {@code operationName} or {@code resourceId} is invalid, and so is a mapped call that names
 * no caller. Stateless.
 */
public final class AzureActivitySource implements Source {

    public static final String NAME = "azure-activity";

    private static final String ACCOUNT_WRITE = "microsoft.storage/storageaccounts/write";
    private static final String CONTAINER_WRITE = "microsoft.storage/storageaccounts/blobservices/containers/write";

    private static final Map<String, Function<Entry, String>> MAPPINGS = Map.of(
            "microsoft.compute/disks/begingetaccess/action",
            Activity::diskAccess,
            "microsoft.compute/snapshots/begingetaccess/action",
            Activity::diskAccess,
            ACCOUNT_WRITE,
            Activity::accountWrite,
            CONTAINER_WRITE,
            Activity::containerWrite,
            "microsoft.compute/disks/write",
            Activity::diskCopy,
            "microsoft.compute/snapshots/write",
            Activity::diskCopy,
            "microsoft.storage/storageaccounts/objectreplicationpolicies/write",
            Activity::replicationPolicy);

    private static final String KEYS =
            "hands out a key or SAS: nothing moves until it is used, and the reads made with it are in the"
                    + " storage resource logs (azure-storage)";

    /** Operations with a reason of their own; the rest are ignored as not moving data. */
    private static final Map<String, String> IGNORED = Map.of(
            "microsoft.storage/storageaccounts/listkeys/action", KEYS,
            "microsoft.storage/storageaccounts/listaccountsas/action", KEYS,
            "microsoft.storage/storageaccounts/listservicesas/action", KEYS,
            "microsoft.compute/disks/endgetaccess/action", "revokes a disk's download URL");

    private static final Set<String> SUCCESS = Set.of("success", "succeeded");
    private static final Set<String> FAILURE = Set.of("failure", "failed");

    @Override
    public String name() {
        return NAME;
    }

    /** The operations this source maps, lower case. */
    public Set<String> mappedOperations() {
        return new TreeSet<>(MAPPINGS.keySet());
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        Records.read(payload, out, this::map, "an Azure Activity log record");
    }

    /** Maps one parsed record. */
    public Outcome map(JsonNode record) {
        String operation = Json.cut(Json.text(record, "operationName"), Records.MAX_OPERATION);
        String missing = missing(record, operation);
        if (missing != null) {
            return Records.invalid(operation, "not an Azure Activity log record: " + missing, record);
        }
        Instant at = Records.time(Json.get(record, "time"));
        if (at == null) {
            return Records.invalid(operation, "time is not an ISO 8601 time", record);
        }
        String recordId = Records.recordId(record);
        if (recordId == null) {
            return Records.invalid(
                    operation,
                    "correlationId is longer than " + Records.MAX_RECORD_ID + " characters or holds control characters",
                    record);
        }
        String result = Json.cut(Json.text(record, "resultType"), 40);
        String resultKey = result == null ? "" : result.toLowerCase(Locale.ROOT);
        if (FAILURE.contains(resultKey)) {
            String signature = Json.cut(Json.text(record, "resultSignature"), 60);
            String status = Json.cut(Json.text(Json.get(record, "properties"), "statusCode"), 60);
            return new Outcome.Failed(operation, signature != null ? signature : status != null ? status : result);
        }
        String key = operation.toLowerCase(Locale.ROOT);
        Function<Entry, String> mapping = MAPPINGS.get(key);
        if (mapping == null) {
            return new Outcome.Ignored(
                    operation, IGNORED.getOrDefault(key, "not an operation that moves or exposes data"));
        }
        if (!SUCCESS.contains(resultKey)) {
            return new Outcome.Ignored(
                    operation,
                    result == null
                            ? "no resultType: the record does not say the operation succeeded"
                            : "resultType " + result + ": only the operation's Success record is mapped");
        }
        Entry e = new Entry(NAME, record, recordId, operation, at);
        if (!Activity.identify(e)) {
            return Records.invalid(
                    operation, "the record names no caller (no caller, identity.claims or principalId)", record);
        }
        String why = mapping.apply(e);
        if (e.oversized()) {
            return Records.invalid(
                    operation,
                    "the record names an id longer than " + Entry.MAX_ID + " characters or with control characters",
                    record);
        }
        if (e.events().isEmpty()) {
            return new Outcome.Ignored(operation, why == null ? "nothing moved" : why);
        }
        return new Outcome.Mapped(operation, e.events(), List.of());
    }

    private static String missing(JsonNode record, String operation) {
        StringBuilder missing = new StringBuilder();
        if (operation == null) {
            missing.append("operationName, ");
        }
        if (Json.get(record, "time") == null) {
            missing.append("time, ");
        }
        if (Json.text(record, "resourceId") == null) {
            missing.append("resourceId, ");
        }
        return missing.length() == 0 ? null : "no " + missing.substring(0, missing.length() - 2);
    }
}
