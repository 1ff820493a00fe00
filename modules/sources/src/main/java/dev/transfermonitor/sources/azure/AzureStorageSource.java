package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Azure Storage resource logs in, monitor events out: the JSON records diagnostic settings
 * write to a storage account or an Event Hub (one record, an array, a {@code records} batch,
 * JSON lines). A call with {@code statusCode} 400 or more, or a {@code statusText} or
 * {@code properties.metricResponseType} other than Success, moved nothing; a record that says
 * neither is taken as a success. Operations it does not map are ignored by name; a record
 * without {@code time}, {@code operationName} or a storage {@code category} is invalid, and
 * so is a mapped call whose identity names nobody. Stateless.
 */
public final class AzureStorageSource implements Source {

    public static final String NAME = "azure-storage";

    private static final Set<String> CATEGORIES = Set.of("StorageRead", "StorageWrite", "StorageDelete");

    private static final Map<String, Function<Entry, String>> MAPPINGS = Map.of(
            "GetBlob", Blobs::read,
            "CopyBlob", Blobs::copy,
            "CopyBlobFromURL", Blobs::copy,
            "PutBlockFromURL", Blobs::copy);

    /** Operations with a reason of their own; the rest are ignored as not moving data. */
    private static final Map<String, String> IGNORED = Map.of(
            "ListBlobs", "a listing names blobs and reads none (as CloudTrail's ListObjects)",
            "ListContainers", "a listing names containers and reads none",
            "GetBlobProperties", "a blob's properties and metadata, not its content");

    @Override
    public String name() {
        return NAME;
    }

    /** The operations this source maps, for documentation and tests. */
    public Set<String> mappedOperations() {
        return new TreeSet<>(MAPPINGS.keySet());
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        Records.read(payload, out, this::map, "an Azure Storage resource log record");
    }

    /** Maps one parsed record. */
    public Outcome map(JsonNode record) {
        String operation = Json.cut(Json.text(record, "operationName"), Records.MAX_OPERATION);
        String category = Json.text(record, "category");
        String missing = missing(record, operation, category);
        if (missing != null) {
            return Records.invalid(operation, "not an Azure Storage resource log record: " + missing, record);
        }
        if (!CATEGORIES.contains(category)) {
            return Records.invalid(
                    operation,
                    "category '" + Json.cut(category, 40) + "' is none of StorageRead, StorageWrite, StorageDelete",
                    record);
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
        String failure = failure(record);
        if (failure != null) {
            return new Outcome.Failed(operation, failure);
        }
        Function<Entry, String> mapping = MAPPINGS.get(operation);
        if (mapping == null) {
            return new Outcome.Ignored(
                    operation, IGNORED.getOrDefault(operation, "not an operation that moves or exposes data"));
        }
        Entry e = new Entry(NAME, record, recordId, operation, at);
        if (!Blobs.identify(e)) {
            return Records.invalid(
                    operation,
                    "identity names nobody (no requester, and no SAS, account key or anonymous access)",
                    record);
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

    /** The call's failure, or null when it succeeded or the record does not say. */
    private static String failure(JsonNode record) {
        JsonNode code = Json.get(record, "statusCode");
        long status = Json.count(record, "statusCode");
        String text = Json.cut(Json.text(record, "statusText"), 60);
        String metric = Json.cut(Json.text(Json.get(record, "properties"), "metricResponseType"), 60);
        boolean failedCode = status >= 400 || (code != null && status < 0);
        boolean failedText = text != null && !text.startsWith("Success");
        // Storage writes SuccessWithThrottling and the like for calls that still succeeded.
        boolean failedMetric = metric != null && !metric.startsWith("Success");
        if (!failedCode && !failedText && !failedMetric) {
            return null;
        }
        String why = failedText ? text : failedMetric ? metric : "statusCode";
        String shown = status >= 0 ? String.valueOf(status) : code == null ? null : Json.cut(code.toString(), 20);
        return shown == null ? why : why + " (HTTP " + shown + ")";
    }

    private static String missing(JsonNode record, String operation, String category) {
        StringBuilder missing = new StringBuilder();
        if (operation == null) {
            missing.append("operationName, ");
        }
        if (Json.get(record, "time") == null) {
            missing.append("time, ");
        }
        if (category == null) {
            missing.append("category, ");
        }
        return missing.length() == 0 ? null : "no " + missing.substring(0, missing.length() - 2);
    }
}
