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
 * newer {@code BigQueryAuditMetadata} (a {@code jobChange} or {@code jobInsertion} per job, a
 * {@code tableDataRead} per table a job or request read). Both formats map a job the same way;
 * {@link Entry#completes} names the job so that the source counts it once whichever format, or
 * both, logged it. Tables are named as the newer format names them:
 * {@code projects/P/datasets/D/tables/T}.
 */
final class BigQuery {

    /** Far above the 100 KB BigQuery writes per entry; a longer {@code metadataJson} is not parsed. */
    private static final int MAX_METADATA_JSON = 1024 * 1024;

    private static final Pattern TABLE = Pattern.compile("projects/([^/]+)/datasets/([^/]+)/tables/[^/]+");

    private static final String DONE = "DONE";
    /** TableDataRead.Reason: the table was a source of a BigQuery job. */
    private static final String JOB = "JOB";

    private static final String LOAD = "a load job: data comes into BigQuery, none leaves";

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

    /** A legacy job's failure ({@code jobStatus.error}, a google.rpc.Status), or null when it succeeded. */
    static String jobError(JsonNode payload) {
        return statusError(Json.get(Json.get(completedJob(payload), "jobStatus"), "error"));
    }

    /** The failure of a jobChange's or jobInsertion's job ({@code jobStatus.errorResult}), or null. */
    static String metadataJobError(JsonNode metadata) {
        return statusError(Json.get(Json.get(metadataJob(metadata), "jobStatus"), "errorResult"));
    }

    private static String statusError(JsonNode error) {
        if (error == null) {
            return null;
        }
        long code = Json.count(error, "code");
        if (code > 0) {
            return GcpAuditSource.statusName(code);
        }
        return Json.text(error, "message") != null ? "job error" : null;
    }

    /** The job a jobChange or jobInsertion is about, or null. */
    private static JsonNode metadataJob(JsonNode metadata) {
        JsonNode event = Json.get(metadata, "jobChange", "jobInsertion");
        return Json.get(event, "job");
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
        String name = legacyJobName(job);
        e.completes(name);
        JsonNode config = Json.get(job, "jobConfiguration");
        String region = Entry.regionId(Json.text(Json.get(job, "jobName"), "location"));
        if (Json.get(config, "query") != null) {
            JsonNode statistics = Json.get(job, "jobStatistics");
            Map<String, String> tables = new LinkedHashMap<>();
            for (JsonNode table : Json.items(Json.get(statistics, "referencedTables"))) {
                String resource = tableName(table);
                if (resource != null && tables.size() < Entry.MAX_EVENTS) {
                    tables.putIfAbsent(resource, Json.text(table, "projectId"));
                }
            }
            return query(
                    e,
                    tables,
                    Json.count(statistics, "queryOutputRowCount"),
                    Json.count(statistics, "totalProcessedBytes"),
                    region,
                    "jobStatistics.referencedTables");
        }
        JsonNode extract = Json.get(config, "extract");
        if (extract != null) {
            JsonNode sourceTable = Json.get(extract, "sourceTable");
            return extract(
                    e,
                    name,
                    tableName(sourceTable),
                    Json.text(sourceTable, "projectId"),
                    Json.get(extract, "destinationUris"),
                    region);
        }
        if (Json.get(config, "load") != null) {
            return LOAD;
        }
        JsonNode copy = Json.get(config, "tableCopy");
        if (copy != null) {
            List<String> sources = new ArrayList<>();
            for (JsonNode table : Json.items(Json.get(copy, "sourceTables"))) {
                sources.add(tableName(table));
            }
            return copy(e, name, sources, tableName(Json.get(copy, "destinationTable")), region);
        }
        return "no query, extract, load or tableCopy in jobConfiguration";
    }

    /**
     * A query: a QUERY of each table (at most {@link Entry#MAX_EVENTS}), each with the job's
     * totals.
     *
     * @param tables resource name to project
     * @param rows   output rows, -1 when not given (one record then)
     */
    private static String query(
            Entry e, Map<String, String> tables, long rows, long bytes, String region, String field) {
        if (tables.isEmpty()) {
            return "the query read no table (no " + field + ")";
        }
        tables.forEach(
                (name, project) -> e.access(AccessAction.QUERY, name, project, region, rows < 0 ? 1 : rows, bytes));
        return null;
    }

    /** An extract: an EXPORT of the source table to each destination the mapper can name (at most 100). */
    private static String extract(
            Entry e, String jobName, String source, String project, JsonNode uris, String region) {
        if (source == null) {
            return "no extract sourceTable";
        }
        Set<String> destinations = new LinkedHashSet<>();
        for (String uri : Json.texts(uris)) {
            String destination = destinationAsset(uri);
            if (destination != null && destinations.size() < Entry.MAX_EVENTS) {
                destinations.add(destination);
            }
        }
        if (destinations.isEmpty()) {
            return "no extract destinationUris the mapper can name";
        }
        for (String destination : destinations) {
            e.replication(ReplicationKind.EXPORT, jobName, source, project, region, destination, null, null, false);
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
     * Any BigQuery method whose metadata has a {@code tableDataRead}, {@code jobChange} or
     * {@code jobInsertion}. A tableDataRead is a READ of the table the entry's resourceName names
     * (no count is given, so one record), unless a job made it (reason JOB with a jobName): that
     * job's end is mapped instead, with its statistics. A job done, from a jobChange or from a
     * jobInsertion of a job already done (the synchronous jobs.query), is mapped as the legacy
     * format's jobcompleted is.
     */
    static String auditMetadata(Entry e) {
        JsonNode metadata = e.metadata;
        JsonNode read = Json.get(metadata, "tableDataRead");
        if (read == null) {
            JsonNode change = Json.get(metadata, "jobChange");
            if (change != null) {
                JsonNode job = Json.get(change, "job");
                String after = Json.text(change, "after");
                return job(e, job, after != null ? after : state(job));
            }
            JsonNode insertion = Json.get(metadata, "jobInsertion");
            if (insertion != null) {
                return job(e, Json.get(insertion, "job"), state(Json.get(insertion, "job")));
            }
            return "no tableDataRead, jobChange or jobInsertion in the BigQueryAuditMetadata";
        }
        String resource = Json.text(e.payload, "resourceName");
        Matcher table = resource == null ? null : TABLE.matcher(resource);
        if (table == null || !table.matches()) {
            return "resourceName names no table (projects/P/datasets/D/tables/T)";
        }
        // A job of the table's own project ends in the same project's log; a job run from another
        // project (an outsider's, say) may end where nobody collects, so its read stays a READ.
        String jobName = Json.text(read, "jobName");
        if (JOB.equals(Json.text(read, "reason"))
                && jobName != null
                && jobName.startsWith("projects/" + table.group(1) + "/jobs/")) {
            return "a job's read of a table of its own project: the job's end (jobChange or jobInsertion"
                    + " to DONE, or jobservice.jobcompleted) is the event, with its row and byte counts";
        }
        e.access(AccessAction.READ, resource, table.group(1), e.resourceRegion(), 1, 0);
        return null;
    }

    private static String state(JsonNode job) {
        return Json.text(Json.get(job, "jobStatus"), "jobState");
    }

    /** A job of the newer format: mapped once DONE (a failed one never gets here: it is a Failed outcome). */
    private static String job(Entry e, JsonNode job, String state) {
        if (!DONE.equals(state)) {
            return "a job not done yet (" + (state == null ? "no state" : Json.cut(state, 40))
                    + "): it is mapped when its jobChange to DONE comes";
        }
        String name = Json.text(job, "jobName");
        e.completes(name);
        JsonNode config = Json.get(job, "jobConfig");
        String region = e.resourceRegion();
        JsonNode query = Json.get(config, "queryConfig");
        if (query != null) {
            JsonNode statistics = Json.get(Json.get(job, "jobStats"), "queryStats");
            Map<String, String> tables = new LinkedHashMap<>();
            for (String table : Json.texts(Json.get(statistics, "referencedTables"))) {
                Matcher m = TABLE.matcher(table);
                if (m.matches() && tables.size() < Entry.MAX_EVENTS) {
                    tables.putIfAbsent(table, m.group(1));
                }
            }
            return query(
                    e,
                    tables,
                    Json.count(statistics, "outputRowCount"),
                    Json.count(statistics, "totalProcessedBytes"),
                    region,
                    "jobStats.queryStats.referencedTables");
        }
        JsonNode extract = Json.get(config, "extractConfig");
        if (extract != null) {
            String source = Json.text(extract, "sourceTable");
            Matcher m = source == null ? null : TABLE.matcher(source);
            boolean named = m != null && m.matches();
            return extract(
                    e,
                    name,
                    named ? source : null,
                    named ? m.group(1) : null,
                    Json.get(extract, "destinationUris"),
                    region);
        }
        if (Json.get(config, "loadConfig") != null) {
            return LOAD;
        }
        JsonNode copy = Json.get(config, "tableCopyConfig");
        if (copy != null) {
            return copy(
                    e, name, Json.texts(Json.get(copy, "sourceTables")), Json.text(copy, "destinationTable"), region);
        }
        return "no queryConfig, extractConfig, loadConfig or tableCopyConfig in jobConfig";
    }
}
