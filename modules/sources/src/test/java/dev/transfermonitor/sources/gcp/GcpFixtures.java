package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real Cloud Audit Logs entries under test resources (see NOTICE there). */
public final class GcpFixtures {

    /** Every fixture file, each one entry. */
    public static final String STORAGE_GET = "storage.objects.get-gsutil-cp-user.json";

    public static final String STORAGE_GET_DELEGATED = "storage.objects.get-sa-delegation-thanos-gateway.json";
    public static final String STORAGE_LIST = "storage.objects.list-gsutil-cp-user.json";
    public static final String STORAGE_GET_DENIED = "google.storage.objects.get-vpcsc-denied-no-access-level.json";
    public static final String STORAGE_PUBLIC = "storage.setIamPermissions-bucket-allUsers-objectViewer.json";
    public static final String QUERY_REDDIT = "jobservice.jobcompleted-query-select-reddit-sample.json";
    public static final String QUERY_AUSTIN = "jobservice.jobcompleted-query-select-austin-incidents.json";
    public static final String TABLE_DATA_READ =
            "google.cloud.bigquery.v2.JobService.InsertJob-tableDataRead-bq-sink-export.json";
    public static final String JOB_CHANGE_QUERY =
            "google.cloud.bigquery.v2.JobService.InsertJob-jobChange-query-large-scan.json";
    public static final String PUBSUB_KEY = "google.pubsub.v1.Publisher.CreateTopic-serviceAccountKeyName.json";
    public static final String BUCKET_USER_GRANT = "storage.setIamPermissions-bucket-user-storageAdmin.json";
    public static final String PROJECT_USER_GRANT = "SetIamPolicy-project-user-organizationAdmin.json";
    public static final String OBJECT_CREATE = "storage.objects.create-usage-log-write.json";
    public static final String DISK_POLICY = "v1.compute.disks.setIamPolicy-user-owner-policy-as-set.json";
    public static final String SNAPSHOT_INSERT = "v1.compute.snapshots.insert-unexpected-domain-no-request.json";

    private GcpFixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = GcpFixtures.class.getResourceAsStream("/gcp-audit/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * No published copy job was found: the reddit query's real entry with its query
     * configuration replaced by a tableCopy, as AuditData's JobConfiguration.TableCopy names the
     * fields, copying {@code my-project:crm.customers} to {@code partner-project:drop.customers}.
     */
    public static ObjectNode legacyCopy() {
        ObjectNode entry = tree(QUERY_REDDIT);
        ObjectNode job = (ObjectNode) entry.at("/protoPayload/serviceData/jobCompletedEvent/job");
        ObjectNode copy = job.putObject("jobConfiguration").putObject("tableCopy");
        copy.putArray("sourceTables")
                .addObject()
                .put("projectId", "my-project")
                .put("datasetId", "crm")
                .put("tableId", "customers");
        copy.putObject("destinationTable")
                .put("projectId", "partner-project")
                .put("datasetId", "drop")
                .put("tableId", "customers");
        return entry;
    }

    /**
     * No published jobChange was found: the real tableDataRead sink row with its metadataJson a
     * jobChange to DONE of a copy, as BigQueryAuditMetadata names the fields (JobChange.job,
     * JobConfig.tableCopyConfig, JobStatus.jobState).
     */
    public static ObjectNode jobChangeCopy() {
        ObjectNode entry = tree(TABLE_DATA_READ);
        entry.withObject("protopayload_auditlog")
                .put("methodName", "google.cloud.bigquery.v2.JobService.InsertJob")
                .put("resourceName", "projects/1234/jobs/copy-1")
                .put(
                        "metadataJson",
                        "{\"@type\":\"type.googleapis.com/google.cloud.audit.BigQueryAuditMetadata\","
                                + "\"jobChange\":{\"before\":\"RUNNING\",\"after\":\"DONE\",\"job\":{"
                                + "\"jobName\":\"projects/1234/jobs/copy-1\","
                                + "\"jobConfig\":{\"type\":\"COPY\",\"tableCopyConfig\":{"
                                + "\"sourceTables\":[\"projects/1234/datasets/my_dataset/tables/my_table\"],"
                                + "\"destinationTable\":\"projects/partner/datasets/drop/tables/my_table\"}},"
                                + "\"jobStatus\":{\"jobState\":\"DONE\"}}}}");
        return entry;
    }

    /**
     * The published jobChange of a query as Cloud Logging writes it: Panther's test event keeps
     * Google's fields but writes {@code insertid}, so the id is restored as {@code insertId}.
     */
    public static ObjectNode jobChangeQuery() {
        ObjectNode entry = tree(JOB_CHANGE_QUERY);
        entry.set("insertId", entry.remove("insertid"));
        return entry;
    }

    /** The jobChange of {@link #jobChangeQuery}, its metadata's job. */
    public static ObjectNode jobOf(ObjectNode entry) {
        return (ObjectNode) entry.at("/protoPayload/metadata/jobChange/job");
    }

    /**
     * No published extract jobChange was found: {@link #jobChangeQuery} with its job an extract
     * (JobConfig.type EXPORT, extractConfig.sourceTable and destinationUris, JobStats.extractStats),
     * of {@code projects/gcp-project1/datasets/crm/tables/customers} to two objects of the bucket
     * {@code partner-drop}.
     */
    public static ObjectNode jobChangeExtract() {
        ObjectNode entry = jobChangeQuery();
        ObjectNode job = jobOf(entry);
        ObjectNode config = job.putObject("jobConfig").put("type", "EXPORT");
        ObjectNode extract = config.putObject("extractConfig")
                .put("sourceTable", "projects/gcp-project1/datasets/crm/tables/customers");
        extract.putArray("destinationUris")
                .add("gs://partner-drop/customers-*.csv")
                .add("gs://partner-drop/again.csv");
        ObjectNode stats = job.putObject("jobStats");
        stats.putObject("extractStats").put("totalInputBytes", "1024").put("totalBytesExtracted", "2048");
        return entry;
    }

    /**
     * No published jobInsertion was found: {@link #jobChangeQuery} as the synchronous
     * {@code JobService.Query} would log it, a jobInsertion (reason QUERY_REQUEST) of the job
     * already DONE.
     */
    public static ObjectNode jobInsertionQuery() {
        ObjectNode entry = jobChangeQuery();
        ObjectNode payload = entry.withObject("protoPayload");
        ObjectNode metadata = payload.withObject("metadata");
        ObjectNode change = (ObjectNode) metadata.remove("jobChange");
        metadata.putObject("jobInsertion").put("reason", "QUERY_REQUEST").set("job", change.get("job"));
        payload.put("methodName", "google.cloud.bigquery.v2.JobService.Query");
        return entry;
    }

    /**
     * The real tableDataRead sink row as a direct read logs it: TableDataRead.reason
     * TABLEDATA_LIST_REQUEST and no jobName (Google sets it only for reason JOB).
     */
    public static ObjectNode directTableDataRead() {
        ObjectNode entry = tree(TABLE_DATA_READ);
        ObjectNode payload = entry.withObject("protopayload_auditlog");
        payload.put(
                "metadataJson",
                payload.get("metadataJson")
                        .asText()
                        .replace(
                                ",\"jobName\":\"projects/1234/jobs/12345678\",\"reason\":\"JOB\"",
                                ",\"reason\":\"TABLEDATA_LIST_REQUEST\""));
        return entry;
    }

    /**
     * The published snapshots.insert, which logs no request, with the request Compute's
     * snapshots.insert takes (Snapshot.name, sourceDisk, storageLocations): a snapshot in
     * {@code test-project}, stored in {@code eu}, of a disk of {@code victim-project}.
     */
    public static ObjectNode snapshotWithRequest() {
        ObjectNode entry = tree(SNAPSHOT_INSERT);
        ObjectNode request = entry.withObject("protoPayload").putObject("request");
        request.put("@type", "type.googleapis.com/compute.snapshots.insert")
                .put("name", "snapshot-1")
                .put(
                        "sourceDisk",
                        "https://www.googleapis.com/compute/v1/projects/victim-project/zones/us-central1-a/disks/disk-1");
        request.putArray("storageLocations").add("eu");
        return entry;
    }

    /** A fixture's entry as a tree, to derive a variant from (the caller says what it changes). */
    public static ObjectNode tree(String path) {
        try {
            return (ObjectNode) JsonPayloads.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
