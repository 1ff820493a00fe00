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
