package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.StorageUris;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BigQuery, in both of its audit formats: the legacy {@code AuditData} of
 * {@code jobservice.jobcompleted} (queries and extracts, with the job's statistics) and the
 * newer {@code BigQueryAuditMetadata} (a {@code tableDataRead} per table a job or request read).
 * Tables are named as the newer format names them: {@code projects/P/datasets/D/tables/T}.
 */
final class BigQuery {

    /** Far above the 100 KB BigQuery writes per entry; a longer {@code metadataJson} is not parsed. */
    private static final int MAX_METADATA_JSON = 1024 * 1024;

    private static final Pattern TABLE = Pattern.compile("projects/([^/]+)/datasets/([^/]+)/tables/[^/]+");

    private BigQuery() {}

    /** The {@code BigQueryAuditMetadata}: {@code metadata}, or a log-sink row's {@code metadataJson} text. */
    static JsonNode metadata(JsonNode payload) {
        JsonNode metadata = Json.get(payload, "metadata");
        if (metadata != null && metadata.isObject()) {
            return metadata;
        }
        JsonNode text = Json.get(payload, "metadataJson");
        if (text == null || !text.isTextual() || text.asText().length() > MAX_METADATA_JSON) {
            return null;
        }
        try {
            JsonNode parsed = JsonPayloads.mapper().readTree(text.asText());
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The legacy job of a {@code jobservice.jobcompleted} entry, or null. */
    static JsonNode completedJob(JsonNode payload) {
        return Json.get(Json.get(Json.get(payload, "serviceData"), "jobCompletedEvent"), "job");
    }

    /** The job's own failure ({@code jobStatus.error}, a google.rpc.Status), or null when it succeeded. */
    static String jobError(JsonNode payload) {
        JsonNode error = Json.get(Json.get(completedJob(payload), "jobStatus"), "error");
        long code = Json.count(error, "code");
        if (code > 0) {
            return GcpAuditSource.statusName(code);
        }
        return Json.text(error, "message") != null ? "job error" : null;
    }

    /**
     * jobservice.jobcompleted: a query is a QUERY of each table it referenced, each event with
     * the job's output rows ({@code queryOutputRowCount}) and bytes processed, since the log does
     * not say which table they came from; an extract is an EXPORT of its source table to each
     * destination bucket; a table copy is a REPLICA of each source table in another dataset.
     */
    static String jobCompleted(Entry e) {
        JsonNode job = completedJob(e.payload);
        if (job == null) {
            return "no serviceData.jobCompletedEvent.job";
        }
        JsonNode config = Json.get(job, "jobConfiguration");
        String region = Entry.regionId(Json.text(Json.get(job, "jobName"), "location"));
        if (Json.get(config, "query") != null) {
            return query(e, Json.get(job, "jobStatistics"), region);
        }
        JsonNode extract = Json.get(config, "extract");
        if (extract != null) {
            return extract(e, job, extract, region);
        }
        if (Json.get(config, "load") != null) {
            return "a load job: data comes into BigQuery, none leaves";
        }
        JsonNode copy = Json.get(config, "tableCopy");
        if (copy != null) {
            List<String> sources = new ArrayList<>();
            for (JsonNode table : Json.items(Json.get(copy, "sourceTables"))) {
                sources.add(tableName(table));
            }
            return copy(e, legacyJobName(job), sources, tableName(Json.get(copy, "destinationTable")), region);
        }
        return "no query, extract, load or tableCopy in jobConfiguration";
    }

    private static String query(Entry e, JsonNode statistics, String region) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (JsonNode table : Json.items(Json.get(statistics, "referencedTables"))) {
            String name = tableName(table);
            if (name != null && tables.size() < Entry.MAX_EVENTS) {
                tables.putIfAbsent(name, Json.text(table, "projectId"));
            }
        }
        if (tables.isEmpty()) {
            return "the query read no table (no jobStatistics.referencedTables)";
        }
        long rows = Json.count(statistics, "queryOutputRowCount");
        long bytes = Json.count(statistics, "totalProcessedBytes");
        tables.forEach(
                (name, project) -> e.access(AccessAction.QUERY, name, project, region, rows < 0 ? 1 : rows, bytes));
        return null;
    }

    private static String extract(Entry e, JsonNode job, JsonNode extract, String region) {
        JsonNode sourceTable = Json.get(extract, "sourceTable");
        String source = tableName(sourceTable);
        if (source == null) {
            return "no extract.sourceTable";
        }
        Set<String> destinations = new LinkedHashSet<>();
        for (String uri : Json.texts(Json.get(extract, "destinationUris"))) {
            String destination = destinationAsset(uri);
            if (destination != null && destinations.size() < Entry.MAX_EVENTS) {
                destinations.add(destination);
            }
        }
        if (destinations.isEmpty()) {
            return "no extract.destinationUris the mapper can name";
        }
        String jobName = legacyJobName(job);
        for (String destination : destinations) {
            e.replication(
                    ReplicationKind.EXPORT,
                    jobName,
                    source,
                    Json.text(sourceTable, "projectId"),
                    region,
                    destination,
                    null,
                    null,
                    false);
        }
        return null;
    }

    /** A legacy job's JobName as the newer format writes it, {@code projects/P/jobs/J}; null without both. */
    private static String legacyJobName(JsonNode job) {
        JsonNode name = Json.get(job, "jobName");
        String project = Json.text(name, "projectId");
        String jobId = Json.text(name, "jobId");
        return project == null || jobId == null ? null : "projects/" + project + "/jobs/" + jobId;
    }

    /**
     * A table copy: a REPLICA of each source table (at most {@link Entry#MAX_EVENTS}) that is
     * not in the destination's dataset, to the destination table, destination account its
     * project. Neither format gives the destination dataset's location (the job runs where the
     * sources are), so the destination region is left to the inventory.
     *
     * @param sources table resource names, null for one the log did not name whole
     * @param region  the job's location, as the sources' region, or null
     */
    private static String copy(Entry e, String jobName, List<String> sources, String destination, String region) {
        Matcher to = destination == null ? null : TABLE.matcher(destination);
        if (to == null || !to.matches()) {
            return "the copy names no destination table";
        }
        Map<String, String> copied = new LinkedHashMap<>();
        boolean named = false;
        for (String source : sources) {
            Matcher from = source == null ? null : TABLE.matcher(source);
            if (from == null || !from.matches()) {
                continue;
            }
            named = true;
            boolean sameDataset =
                    from.group(1).equals(to.group(1)) && from.group(2).equals(to.group(2));
            if (!sameDataset && copied.size() < Entry.MAX_EVENTS) {
                copied.putIfAbsent(source, from.group(1));
            }
        }
        if (copied.isEmpty()) {
            return named ? "a copy within one dataset: the data stays where it was" : "the copy names no source table";
        }
        copied.forEach((source, project) -> e.replication(
                ReplicationKind.REPLICA, jobName, source, project, region, destination, null, to.group(1), false));
        return null;
    }

    /** An extract destination as the monitor names the store ({@link StorageUris#asset}). */
    static String destinationAsset(String uri) {
        return StorageUris.asset(uri);
    }

    /** A legacy TableName ({@code projectId}, {@code datasetId}, {@code tableId}) as a resource name. */
    static String tableName(JsonNode table) {
        String project = Json.text(table, "projectId");
        String dataset = Json.text(table, "datasetId");
        String id = Json.text(table, "tableId");
        return project == null || dataset == null || id == null
                ? null
                : "projects/" + project + "/datasets/" + dataset + "/tables/" + id;
    }

    /**
     * Any BigQuery method whose metadata has a {@code tableDataRead}: a READ of the table the
     * entry's resourceName names. The entry gives no count, so one record. A {@code jobChange} to
     * DONE of a table copy is the copy (its reads are logged as tableDataRead, its queries and
     * extracts as jobservice.jobcompleted).
     */
    static String auditMetadata(Entry e) {
        JsonNode metadata = metadata(e.payload);
        if (Json.get(metadata, "tableDataRead") == null) {
            JsonNode change = Json.get(metadata, "jobChange");
            if (change != null) {
                return jobChange(e, Json.get(change, "job"));
            }
            return Json.get(metadata, "jobInsertion") != null
                    ? "a job inserted: it has read nothing yet"
                    : "no tableDataRead in the BigQueryAuditMetadata";
        }
        String resource = Json.text(e.payload, "resourceName");
        Matcher table = resource == null ? null : TABLE.matcher(resource);
        if (table == null || !table.matches()) {
            return "resourceName names no table (projects/P/datasets/D/tables/T)";
        }
        e.access(AccessAction.READ, resource, table.group(1), e.resourceRegion(), 1, 0);
        return null;
    }

    private static String jobChange(Entry e, JsonNode job) {
        JsonNode copy = Json.get(Json.get(job, "jobConfig"), "tableCopyConfig");
        if (copy == null) {
            return "a job's change of state: its reads are the tableDataRead entries, its extracts"
                    + " the jobservice.jobcompleted ones";
        }
        JsonNode status = Json.get(job, "jobStatus");
        if (!"DONE".equals(Json.text(status, "jobState"))) {
            return "a table copy not done yet";
        }
        if (Json.get(status, "errorResult") != null) {
            return "a table copy that failed (jobStatus.errorResult)";
        }
        String name = Json.text(job, "jobName");
        return copy(
                e,
                name,
                Json.texts(Json.get(copy, "sourceTables")),
                Json.text(copy, "destinationTable"),
                e.resourceRegion());
    }
}
