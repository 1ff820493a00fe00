package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Times;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * CloudTrail records in, monitor events out. Accepts log files ({@code {"Records":[...]}}),
 * EventBridge envelopes ({@code detail}), CloudTrail Lake rows, single records and JSON lines.
 * Failed calls ({@code errorCode}) moved nothing; operations it does not map are ignored by
 * name; a record without {@code eventName}, {@code eventTime}, {@code eventID} and
 * {@code userIdentity} is invalid. Keeps bounded state: sessions issued to workloads and the
 * volumes of snapshots it saw taken. One instance per reader thread.
 */
public final class CloudTrailSource implements Source {

    public static final String NAME = "cloudtrail";

    private static final int MAX_ID = 200;

    private final boolean trackKeys;
    private final Snapshots snapshots = new Snapshots();
    private final Credentials credentials = new Credentials();
    private final Map<String, Function<Call, String>> mappings;

    /** @param trackKeys map IAM key lifecycle records to credential updates */
    public CloudTrailSource(boolean trackKeys) {
        this.trackKeys = trackKeys;
        this.mappings = Map.ofEntries(
                Map.entry("s3:GetObject", c -> S3.read(c, AccessAction.READ)),
                Map.entry("s3:SelectObjectContent", c -> S3.read(c, AccessAction.QUERY)),
                Map.entry("s3:CopyObject", S3::copyObject),
                Map.entry("s3:PutBucketReplication", S3::replication),
                Map.entry("s3:PutBucketPolicy", S3::policy),
                Map.entry("s3:PutBucketAcl", S3::acl),
                Map.entry("ec2:CreateSnapshot", snapshots::created),
                Map.entry(
                        "ec2:ModifySnapshotAttribute",
                        c -> snapshots.ec2Share(c, "snapshotId", "createVolumePermission")),
                Map.entry("ec2:ModifyImageAttribute", c -> snapshots.ec2Share(c, "imageId", "launchPermission")),
                Map.entry("ec2:CopySnapshot", c -> snapshots.ec2Copy(c, "sourceSnapshotId", "snapshotId", "snapshot")),
                Map.entry("ec2:CopyImage", c -> snapshots.ec2Copy(c, "sourceImageId", "imageId", "image")),
                Map.entry("ec2:CreateInstanceExportTask", Exports::instance),
                Map.entry("ec2:ExportImage", Exports::image),
                Map.entry(
                        "rds:ModifyDBSnapshotAttribute",
                        c -> snapshots.rdsShare(c, "dBSnapshotIdentifier", "snapshot")),
                Map.entry(
                        "rds:ModifyDBClusterSnapshotAttribute",
                        c -> snapshots.rdsShare(c, "dBClusterSnapshotIdentifier", "cluster-snapshot")),
                Map.entry("rds:CopyDBSnapshot", c -> Snapshots.rdsCopy(c, "sourceDBSnapshotIdentifier", "snapshot")),
                Map.entry(
                        "rds:CopyDBClusterSnapshot",
                        c -> Snapshots.rdsCopy(c, "sourceDBClusterSnapshotIdentifier", "cluster-snapshot")),
                Map.entry("rds:StartExportTask", Exports::rds),
                Map.entry("dynamodb:ExportTableToPointInTime", Exports::dynamo),
                Map.entry("iam:CreateAccessKey", c -> keys(c, Credentials::created)),
                Map.entry("iam:UpdateAccessKey", c -> keys(c, k -> Credentials.changed(k, false))),
                Map.entry("iam:DeleteAccessKey", c -> keys(c, k -> Credentials.changed(k, true))),
                Map.entry("sts:AssumeRole", credentials::assumed));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The operations this source maps, as {@code service:EventName}, for documentation and tests. */
    public Set<String> mappedOperations() {
        return new TreeSet<>(mappings.keySet());
    }

    @Override
    public void read(byte[] payload, Consumer<Outcome> out) {
        JsonPayloads.read(payload, new JsonPayloads.Handler() {
            @Override
            public void value(JsonNode value) {
                unwrap(value, out, 0);
            }

            @Override
            public void broken(String reason, String raw) {
                out.accept(new Outcome.Invalid(null, reason, raw));
            }
        });
    }

    /** Maps one parsed record (already unwrapped). */
    public Outcome map(JsonNode record) {
        String eventName = Json.text(record, "eventName");
        String missing = missing(record, eventName);
        if (missing != null) {
            return invalid(eventName, "not a CloudTrail record: " + missing, record);
        }
        String eventId = Json.text(record, "eventID", "eventId");
        if (eventId.length() > MAX_ID || !Printable.isSafe(eventId)) {
            return invalid(
                    eventName, "eventID is longer than " + MAX_ID + " characters or holds control characters", record);
        }
        Instant at = time(Json.get(record, "eventTime", "@timestamp"));
        if (at == null) {
            return invalid(eventName, "eventTime is not an ISO-8601 time", record);
        }
        Identity identity = Identity.of(Json.get(record, "userIdentity"), record);
        if (identity == null) {
            return invalid(eventName, "userIdentity names nobody (no arn, invokedBy, userName or principalId)", record);
        }
        String errorCode = Json.text(record, "errorCode");
        if (errorCode != null) {
            return new Outcome.Failed(eventName, Json.cut(errorCode, 128));
        }
        Function<Call, String> mapping = mappings.get(service(Json.text(record, "eventSource")) + ":" + eventName);
        if (mapping == null) {
            return new Outcome.Ignored(eventName, "not an operation that moves or exposes data");
        }
        String workload = identity.ec2Role() ? "ec2" : credentials.workload(identity.sessionKey(), at);
        Call call = new Call(record, eventId, eventName, at, identity, workload);
        String why = mapping.apply(call);
        if (call.oversized()) {
            return invalid(eventName, "the record names an id longer than " + Call.MAX_ID + " characters", record);
        }
        if (call.events().isEmpty() && call.credentials().isEmpty()) {
            return new Outcome.Ignored(eventName, why == null ? "nothing moved" : why);
        }
        return new Outcome.Mapped(eventName, call.events(), call.credentials());
    }

    private String keys(Call c, Function<Call, String> mapping) {
        return trackKeys ? mapping.apply(c) : "key lifecycle is not tracked (enable it to keep credentials current)";
    }

    private void unwrap(JsonNode value, Consumer<Outcome> out, int depth) {
        if (value.isArray() && depth < 2) {
            value.forEach(v -> unwrap(v, out, depth + 1));
            return;
        }
        if (!value.isObject()) {
            out.accept(new Outcome.Invalid(null, "not a CloudTrail record: not a JSON object", raw(value)));
            return;
        }
        JsonNode records = Json.get(value, "Records", "records");
        if (records != null && records.isArray() && depth < 2) {
            records.forEach(r -> unwrap(r, out, 2));
            return;
        }
        JsonNode detail = Json.get(value, "detail");
        if (detail != null && detail.isObject() && value.has("detail-type")) {
            out.accept(map(detail));
            return;
        }
        JsonNode rows = Json.get(value, "QueryResultRows");
        if (rows != null && rows.isArray() && depth < 2) {
            rows.forEach(row -> unwrap(lakeRow(row), out, 2));
            return;
        }
        JsonNode eventData = Json.get(value, "eventData");
        if (eventData != null && eventData.isTextual() && depth < 2) {
            JsonPayloads.read(eventData.asText(), new JsonPayloads.Handler() {
                @Override
                public void value(JsonNode inner) {
                    unwrap(inner, out, 2);
                }

                @Override
                public void broken(String reason, String raw) {
                    out.accept(new Outcome.Invalid(null, "eventData " + reason, raw));
                }
            });
            return;
        }
        out.accept(map(value));
    }

    /** A Lake result row, a list of one-column objects, as one object. */
    private static JsonNode lakeRow(JsonNode row) {
        if (!row.isArray()) {
            return row;
        }
        ObjectNode merged = JsonPayloads.mapper().createObjectNode();
        for (JsonNode column : row) {
            if (column.isObject()) {
                column.properties().forEach(e -> merged.set(e.getKey(), lakeValue(e.getValue())));
            }
        }
        return merged;
    }

    /** Lake writes nested blocks as JSON text. */
    private static JsonNode lakeValue(JsonNode value) {
        if (value.isTextual() && value.asText().startsWith("{")) {
            try {
                return JsonPayloads.mapper().readTree(value.asText());
            } catch (IOException e) {
                return value;
            }
        }
        return value;
    }

    private static String missing(JsonNode record, String eventName) {
        StringBuilder missing = new StringBuilder();
        if (eventName == null) {
            missing.append("eventName, ");
        }
        if (Json.get(record, "eventTime", "@timestamp") == null) {
            missing.append("eventTime, ");
        }
        if (Json.text(record, "eventID", "eventId") == null) {
            missing.append("eventID, ");
        }
        if (Json.get(record, "userIdentity") == null
                || !Json.get(record, "userIdentity").isObject()) {
            missing.append("userIdentity, ");
        }
        return missing.length() == 0 ? null : "no " + missing.substring(0, missing.length() - 2);
    }

    /** {@code s3.amazonaws.com} -> {@code s3}. */
    private static String service(String eventSource) {
        if (eventSource == null) {
            return "";
        }
        int dot = eventSource.indexOf('.');
        return dot < 0 ? eventSource : eventSource.substring(0, dot);
    }

    /** ISO-8601, Lake's {@code 2023-01-22 16:53:53.000} (UTC), or epoch milliseconds. */
    static Instant time(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (!value.isTextual() || value.asText().length() > 40) {
            return null;
        }
        return Times.parse(value.asText().trim());
    }

    private static Outcome invalid(String eventName, String reason, JsonNode record) {
        return new Outcome.Invalid(eventName == null ? null : Json.cut(eventName, 128), reason, raw(record));
    }

    private static String raw(JsonNode value) {
        return Json.cut(value.toString(), JsonPayloads.MAX_RAW);
    }
}
