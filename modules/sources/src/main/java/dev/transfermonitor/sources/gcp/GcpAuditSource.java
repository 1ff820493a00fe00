package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.sources.BoundedMap;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.JsonRecords;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Google Cloud Audit Logs entries in, monitor events out. Accepts one LogEntry, a JSON array of
 * them (as {@code gcloud logging read --format=json} prints), an {@code entries} list (the
 * Logging API's), JSON lines, and rows of a BigQuery log sink ({@code protopayload_auditlog},
 * {@code metadataJson}). A call with a non-zero {@code status.code} moved nothing; methods it
 * does not map are ignored by name; an entry without a protoPayload, {@code methodName},
 * {@code timestamp} or {@code insertId} is invalid, and so is a mapped call that names no
 * principal.
 *
 * <p>State, bounded: the BigQuery jobs already mapped (at most {@value #MAX_JOBS} names), so that
 * a job logged in both formats (jobservice.jobcompleted and a jobChange), or by a jobInsertion
 * of a done job and then its jobChange, counts once.
 */
public final class GcpAuditSource implements Source {

    public static final String NAME = "gcp-audit";

    private static final int MAX_ID = 200;
    private static final int MAX_METHOD = 128;
    private static final String JOB_COMPLETED = "jobservice.jobcompleted";
    private static final String BIGQUERY = "bigquery.googleapis.com";
    /** As pgaudit's memories: far more jobs than end between two logs of one. */
    static final int MAX_JOBS = 4096;

    /** google.rpc.Code, by number. */
    private static final List<String> CODES = List.of(
            "OK",
            "CANCELLED",
            "UNKNOWN",
            "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED",
            "NOT_FOUND",
            "ALREADY_EXISTS",
            "PERMISSION_DENIED",
            "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION",
            "ABORTED",
            "OUT_OF_RANGE",
            "UNIMPLEMENTED",
            "INTERNAL",
            "UNAVAILABLE",
            "DATA_LOSS",
            "UNAUTHENTICATED");

    private static final Map<String, Function<Entry, String>> MAPPINGS = Map.ofEntries(
            Map.entry("storage.objects.get", Storage::read),
            Map.entry("storage.setIamPermissions", Policies::grant),
            Map.entry("SetIamPolicy", Policies::grant),
            Map.entry(JOB_COMPLETED, BigQuery::jobCompleted),
            Map.entry("google.cloud.bigquery.v2.JobService.InsertJob", BigQuery::auditMetadata),
            Map.entry("google.cloud.bigquery.v2.JobService.Query", BigQuery::auditMetadata),
            Map.entry("v1.compute.snapshots.insert", Compute::snapshot),
            Map.entry("beta.compute.snapshots.insert", Compute::snapshot),
            Map.entry("v1.compute.disks.createSnapshot", Compute::snapshot),
            Map.entry("beta.compute.disks.createSnapshot", Compute::snapshot));

    /** Methods with a reason of their own; the rest are ignored as not moving data. */
    private static final Map<String, String> IGNORED = Map.of(
            "storage.objects.list",
            "a listing names objects and reads none (as CloudTrail's ListObjects)",
            "storage.objects.create",
            "a write names the object written, not where its data came from (a rewrite or copy is"
                    + " logged so, at the destination; the source's read is a storage.objects.get)");

    /** Job name to the method of the entry it was mapped from. */
    private final Map<String, String> jobs = new BoundedMap<>(MAX_JOBS);

    @Override
    public String name() {
        return NAME;
    }

    /** The methods this source maps, for documentation and tests ({@code *.SetIamPolicy} as SetIamPolicy). */
    public Set<String> mappedMethods() {
        return new TreeSet<>(MAPPINGS.keySet());
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        JsonRecords.read(payload, out, this::map, "entries", "a Cloud Audit Logs entry");
    }

    /** Maps one parsed LogEntry. */
    public Outcome map(JsonNode entry) {
        JsonNode payload = Json.get(entry, "protoPayload", "protopayload_auditlog");
        // Cut as an invalid entry's is, so that no outcome carries a name of any length.
        String method = Json.cut(Json.text(payload, "methodName"), MAX_METHOD);
        String missing = missing(entry, payload, method);
        if (missing != null) {
            return invalid(method, "not a Cloud Audit Logs entry: " + missing, entry);
        }
        String insertId = Json.text(entry, "insertId");
        if (insertId.length() > MAX_ID || !Printable.isSafe(insertId)) {
            return invalid(
                    method, "insertId is longer than " + MAX_ID + " characters or holds control characters", entry);
        }
        Instant at = time(Json.get(entry, "timestamp"));
        if (at == null) {
            return invalid(method, "timestamp is not an RFC 3339 time", entry);
        }
        JsonNode metadata = BIGQUERY.equals(Json.text(payload, "serviceName")) ? BigQuery.metadata(payload) : null;
        String failure = failure(payload);
        if (failure == null && method.equals(JOB_COMPLETED)) {
            failure = BigQuery.jobError(payload);
        } else if (failure == null) {
            failure = BigQuery.metadataJobError(metadata);
        }
        if (failure != null) {
            return new Outcome.Failed(method, failure);
        }
        Function<Entry, String> mapping = mapping(method, metadata);
        if (mapping == null) {
            return new Outcome.Ignored(method, IGNORED.getOrDefault(method, "not a method that moves or exposes data"));
        }
        Entry e = new Entry(entry, payload, metadata, insertId, method, at);
        if (!e.identify()) {
            return invalid(method, "authenticationInfo names nobody (no principalEmail or principalSubject)", entry);
        }
        String why = mapping.apply(e);
        if (e.oversized()) {
            return invalid(
                    method,
                    "the entry names an id longer than " + Entry.MAX_ID + " characters or with control characters",
                    entry);
        }
        if (e.events().isEmpty()) {
            return new Outcome.Ignored(method, why == null ? "nothing moved" : why);
        }
        String earlier = e.job() == null ? null : jobs.putIfAbsent(e.job(), method);
        if (earlier != null) {
            return new Outcome.Ignored(method, "the job is already mapped, from its " + earlier + " entry");
        }
        return new Outcome.Mapped(method, e.events(), List.of());
    }

    /** @param metadata a BigQuery entry's BigQueryAuditMetadata; null for other services */
    private static Function<Entry, String> mapping(String method, JsonNode metadata) {
        Function<Entry, String> mapping = MAPPINGS.get(method);
        if (mapping != null) {
            return mapping;
        }
        // IAM's SetIamPolicy of any service, and Compute's v1.compute.disks.setIamPolicy and the like.
        if (method.endsWith(".SetIamPolicy") || method.endsWith(".setIamPolicy")) {
            return Policies::grant;
        }
        // Every BigQuery method that reads rows (jobs, tabledata.list, read sessions) logs a
        // tableDataRead; a job's end is a jobChange (or a jobInsertion of a done job), whichever
        // method logged it.
        if (metadata == null) {
            return null;
        }
        if (Json.get(metadata, "datasetChange") != null) {
            return Policies::grant; // a dataset's access list changed through datasets.update or patch
        }
        boolean mapped = Json.get(metadata, "tableDataRead", "jobChange", "jobInsertion") != null;
        return mapped ? BigQuery::auditMetadata : null;
    }

    /** The call's failure from {@code status} (google.rpc.Status), or null when it succeeded. */
    private static String failure(JsonNode payload) {
        JsonNode status = Json.get(payload, "status");
        if (status == null || Json.get(status, "code") == null) {
            return null;
        }
        long code = Json.count(status, "code");
        if (code == 0) {
            return null;
        }
        return code < 0 ? "status.code " + Json.cut(Json.get(status, "code").toString(), 40) : statusName(code);
    }

    static String statusName(long code) {
        return code < CODES.size() ? CODES.get((int) code) : "status.code " + code;
    }

    private static String missing(JsonNode entry, JsonNode payload, String method) {
        StringBuilder missing = new StringBuilder();
        if (payload == null || !payload.isObject()) {
            missing.append("protoPayload, ");
        } else if (method == null) {
            missing.append("protoPayload.methodName, ");
        }
        if (Json.get(entry, "timestamp") == null) {
            missing.append("timestamp, ");
        }
        if (Json.text(entry, "insertId") == null) {
            missing.append("insertId, ");
        }
        return missing.length() == 0 ? null : "no " + missing.substring(0, missing.length() - 2);
    }

    private static Instant time(JsonNode value) {
        if (value == null || !value.isTextual() || value.asText().length() > 40) {
            return null;
        }
        return Times.parse(value.asText().trim());
    }

    private static Outcome invalid(String method, String reason, JsonNode entry) {
        return new Outcome.Invalid(method, reason, raw(entry));
    }

    private static String raw(JsonNode value) {
        return Json.cut(value.toString(), JsonPayloads.MAX_RAW);
    }
}
