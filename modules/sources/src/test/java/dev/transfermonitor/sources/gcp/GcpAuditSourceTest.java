package dev.transfermonitor.sources.gcp;

import static dev.transfermonitor.sources.gcp.GcpFixtures.BUCKET_USER_GRANT;
import static dev.transfermonitor.sources.gcp.GcpFixtures.DISK_POLICY;
import static dev.transfermonitor.sources.gcp.GcpFixtures.JOB_CHANGE_QUERY;
import static dev.transfermonitor.sources.gcp.GcpFixtures.OBJECT_CREATE;
import static dev.transfermonitor.sources.gcp.GcpFixtures.PROJECT_USER_GRANT;
import static dev.transfermonitor.sources.gcp.GcpFixtures.PUBSUB_KEY;
import static dev.transfermonitor.sources.gcp.GcpFixtures.QUERY_AUSTIN;
import static dev.transfermonitor.sources.gcp.GcpFixtures.QUERY_REDDIT;
import static dev.transfermonitor.sources.gcp.GcpFixtures.SNAPSHOT_INSERT;
import static dev.transfermonitor.sources.gcp.GcpFixtures.STORAGE_GET;
import static dev.transfermonitor.sources.gcp.GcpFixtures.STORAGE_GET_DELEGATED;
import static dev.transfermonitor.sources.gcp.GcpFixtures.STORAGE_GET_DENIED;
import static dev.transfermonitor.sources.gcp.GcpFixtures.STORAGE_LIST;
import static dev.transfermonitor.sources.gcp.GcpFixtures.STORAGE_PUBLIC;
import static dev.transfermonitor.sources.gcp.GcpFixtures.TABLE_DATA_READ;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GcpAuditSourceTest {

    private final GcpAuditSource source = new GcpAuditSource();

    private List<Outcome> read(byte[] payload) {
        List<Outcome> out = new ArrayList<>();
        source.read(payload, out::add);
        return out;
    }

    private Outcome one(String fixture) {
        List<Outcome> outcomes = read(GcpFixtures.bytes(fixture));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static List<SpecificRecord> events(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        Outcome.Mapped mapped = (Outcome.Mapped) outcome;
        assertThat(mapped.credentials()).isEmpty();
        for (SpecificRecord event : mapped.events()) {
            RecordKind.of(event).codec().encode(event); // the schema takes it
        }
        return mapped.events();
    }

    private static DataAccessEvent access(Outcome outcome) {
        List<SpecificRecord> events = events(outcome);
        assertThat(events).hasSize(1).first().isInstanceOf(DataAccessEvent.class);
        return (DataAccessEvent) events.get(0);
    }

    private static ReplicationEvent replication(Outcome outcome) {
        List<SpecificRecord> events = events(outcome);
        assertThat(events).hasSize(1).first().isInstanceOf(ReplicationEvent.class);
        return (ReplicationEvent) events.get(0);
    }

    private static String reason(Outcome outcome) {
        if (outcome instanceof Outcome.Ignored i) {
            return i.reason();
        }
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid) outcome).reason();
    }

    @Test
    void anObjectReadIsAReadOfItsBucket() {
        DataAccessEvent e = access(one(STORAGE_GET));

        assertThat(e.getEventId()).isEqualTo("hhu2r3dw556@2021-09-13T03:03:09.008513033Z");
        assertThat(e.getOccurredAt())
                .as("the schema keeps milliseconds; the id keeps the nanoseconds")
                .isEqualTo(Instant.parse("2021-09-13T03:03:09.008Z"));
        assertThat(e.getPrincipalId()).isEqualTo("user@domain.com");
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.UNKNOWN);
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("scc-export-sample");
        assertThat(e.getRecordCount()).as("one object; the log gives no size").isEqualTo(1);
        assertThat(e.getByteCount()).isZero();
        assertThat(e.getClientIp()).isEqualTo("8.8.8.8");
        assertThat(e.getAttributes())
                .containsOnly(
                        Map.entry(EventAttributes.SOURCE, "gcp-audit"),
                        Map.entry(EventAttributes.SOURCE_EVENT, "storage.objects.get"),
                        Map.entry(EventAttributes.SOURCE_RECORD, "hhu2r3dw556"),
                        Map.entry(EventAttributes.ASSET_REGION, "gcp:us"),
                        Map.entry(EventAttributes.ASSET_ACCOUNT, "gsec-monitoring-prod"),
                        Map.entry(
                                EventAttributes.USER_AGENT,
                                "apitools Python/3.6.8 gsutil/4.67 (darwin) analytics/enabled interactive/True"
                                        + " command/cp google-cloud-sdk/356.0.0,gzip(gfe)"));
    }

    @Test
    void aReadByAServiceAccountNamesTheAccountsItWasDelegatedThrough() {
        DataAccessEvent e = access(one(STORAGE_GET_DELEGATED));

        assertThat(e.getEventId()).isEqualTo("ajv4d1f1ch8dr@2021-01-01T02:17:10.655982344Z");
        assertThat(e.getOccurredAt())
                .as("nanoseconds, as Cloud Logging writes them, to the schema's milliseconds")
                .isEqualTo(Instant.parse("2021-01-01T02:17:10.655Z"));
        assertThat(e.getPrincipalId()).isEqualTo("1040409107725-compute@developer.gserviceaccount.com");
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.SERVICE_TOKEN);
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getAssetId()).isEqualTo("dev-us-central1-cortex-tsdb-dev");
        assertThat(e.getClientIp()).isEqualTo("34.66.19.193");
        assertThat(e.getAttributes())
                .containsEntry(
                        EventAttributes.PRINCIPAL_ALIASES,
                        "service-1040409107725@compute-system.iam.gserviceaccount.com")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us-central1")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "grafanalabs-dev")
                .containsEntry(EventAttributes.USER_AGENT, "thanos-store-gateway/1.5.0 (go1.14.9),gzip(gfe)");
    }

    @Test
    void aListingReadsNothing() {
        assertThat(one(STORAGE_LIST))
                .isEqualTo(new Outcome.Ignored(
                        "storage.objects.list",
                        "a listing names objects and reads none (as CloudTrail's ListObjects)"));
    }

    @Test
    void aCallDeniedByAServicePerimeterMovedNothing() {
        assertThat(one(STORAGE_GET_DENIED))
                .isEqualTo(new Outcome.Failed("google.storage.objects.get", "PERMISSION_DENIED"));
    }

    @Test
    void aQueryIsAQueryOfTheTableItReadWithTheJobsCounts() {
        DataAccessEvent e = access(one(QUERY_REDDIT));

        assertThat(e.getEventId()).isEqualTo("jpllvgecd7bx@2021-11-25T21:56:00.276607Z");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2021-11-25T21:56:00.276Z"));
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(e.getAssetId()).isEqualTo("projects/bigquery-samples/datasets/reddit/tables/full");
        assertThat(e.getRecordCount()).as("queryOutputRowCount").isEqualTo(10);
        assertThat(e.getByteCount()).as("totalProcessedBytes").isEqualTo(1_449_319_174L);
        assertThat(e.getPrincipalId()).isEqualTo("my-email@domain.com");
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getClientIp()).isEqualTo("2620:15c:0:200:1a75:e914:115b:e970");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE_EVENT, "jobservice.jobcompleted")
                .containsEntry(EventAttributes.SOURCE_RECORD, "jpllvgecd7bx")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "bigquery-samples")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us")
                .containsEntry(EventAttributes.USER_AGENT, "google-cloud-sdk357.0.0 (gzip),gzip(gfe)");
    }

    @Test
    void aQueryLoggedWithoutRequestMetadataHasNoClient() {
        DataAccessEvent e = access(one(QUERY_AUSTIN));

        assertThat(e.getEventId()).isEqualTo("-jyqvjse6lwjz@2019-05-08T08:23:00.061Z");
        assertThat(e.getAssetId())
                .isEqualTo("projects/bigquery-public-data/datasets/austin_incidents/tables/incidents_2008");
        assertThat(e.getRecordCount()).isEqualTo(179_524);
        assertThat(e.getByteCount()).isEqualTo(3_637_807);
        assertThat(e.getPrincipalId()).isEqualTo("your-user-here@test.com");
        assertThat(e.getClientIp()).isNull();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "bigquery-public-data")
                .doesNotContainKeys(EventAttributes.SERVICE_CLIENT, EventAttributes.USER_AGENT);
    }

    @Test
    void aJobsTableDataReadIsNotASecondEventForTheJob() {
        assertThat(reason(one(TABLE_DATA_READ)))
                .as("reason JOB with a jobName of the table's own project: the job's end is the event")
                .startsWith("a job's read of a table of its own project: the job's end");
    }

    @Test
    void aJobFromAnotherProjectReadingTheTableStaysARead() {
        // The job's end is logged in the project that ran it, which may be nobody's to collect.
        ObjectNode entry = GcpFixtures.tree(TABLE_DATA_READ);
        ObjectNode row = entry.withObject("protopayload_auditlog");
        row.put(
                "metadataJson",
                row.get("metadataJson").asText().replace("projects/1234/jobs/", "projects/outsider/jobs/"));

        DataAccessEvent e = access(source.map(entry));

        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("projects/1234/datasets/my_dataset/tables/my_table");
    }

    @Test
    void aTableDataReadInALogSinkRowIsARead() {
        DataAccessEvent e = access(source.map(GcpFixtures.directTableDataRead()));

        assertThat(e.getEventId()).isEqualTo("2ihezydi73o@2022-08-22T02:12:57.630Z");
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("projects/1234/datasets/my_dataset/tables/my_table");
        assertThat(e.getPrincipalId()).isEqualTo("test-user@example.com");
        assertThat(e.getCredentialId()).as("serviceAccountKeyName null").isNull();
        assertThat(e.getClientIp()).isEqualTo("203.0.113.255");
        assertThat(e.getRecordCount()).isEqualTo(1);
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE_EVENT, "google.cloud.bigquery.v2.JobService.InsertJob")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "1234")
                .containsEntry(EventAttributes.USER_AGENT, "<redacted>")
                .doesNotContainKey(EventAttributes.ASSET_REGION);
    }

    @Test
    void aBucketOpenedToAllUsersIsAPublicGrant() {
        ReplicationEvent e = replication(one(STORAGE_PUBLIC));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.GRANT);
        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getEventId()).isEqualTo("15cp9rve72xt1@2020-05-15T04:28:42.237027213Z");
        assertThat(e.getJobId()).isEqualTo(e.getEventId());
        assertThat(e.getSourceAssetId()).isEqualTo("jacks-test-bucket");
        assertThat(e.getDestinationAssetId()).isNull();
        assertThat(e.getDestinationAccount()).isNull();
        assertThat(e.getDestinationRegion()).isEqualTo("gcp:us");
        assertThat(e.getPrincipalId()).isEqualTo("user.name@runpanther.io");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE_EVENT, "storage.setIamPermissions")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "western-verve-123456")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us");
    }

    @Test
    void allAuthenticatedUsersIsPublicTooAndARemovalOrAnotherMemberIsNot() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_PUBLIC);
        ObjectNode delta = (ObjectNode) entry.at("/protoPayload/serviceData/policyDelta/bindingDeltas/0");

        delta.put("member", "allAuthenticatedUsers");
        assertThat(replication(source.map(entry)).getPublicAccess()).isTrue();

        delta.put("action", "REMOVE");
        assertThat(reason(source.map(entry))).isEqualTo("the change adds no member");

        delta.put("action", "ADD").put("member", "user:someone@example.com");
        assertThat(replication(source.map(entry)).getPublicAccess()).isFalse();
    }

    @Test
    void aSetIamPolicyOfAnotherServiceIsReadTheSameWay() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_PUBLIC);
        // The same change as IAM's SetIamPolicy of a table logs it: another method and resource name.
        entry.withObject("protoPayload")
                .put("methodName", "google.iam.v1.IAMPolicy.SetIamPolicy")
                .put("resourceName", "projects/p/datasets/d/tables/t");

        assertThat(replication(source.map(entry)).getSourceAssetId()).isEqualTo("projects/p/datasets/d/tables/t");
    }

    @Test
    void otherMethodsAreIgnoredByName() {
        assertThat(one(PUBSUB_KEY))
                .isEqualTo(new Outcome.Ignored(
                        "google.pubsub.v1.Publisher.CreateTopic", "not a method that moves or exposes data"));
    }

    @Test
    void aServiceAccountKeyIsTheCredential() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        // The read made with the key of the Pub/Sub entry: its authenticationInfo, as logged.
        entry.withObject("protoPayload")
                .set("authenticationInfo", GcpFixtures.tree(PUBSUB_KEY).at("/protoPayload/authenticationInfo"));

        DataAccessEvent e = access(source.map(entry));

        assertThat(e.getPrincipalId()).isEqualTo("robot@test-project.iam.gserviceaccount.com");
        assertThat(e.getCredentialId())
                .isEqualTo("//iam.googleapis.com/projects/test-project/serviceAccounts/"
                        + "robot@test-project.iam.gserviceaccount.com/keys/90f662482321f1ca8e82ea675b1a1c30c1fe681f");
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.API_KEY);
        assertThat(e.getAttributes())
                .as("principalSubject user:<the same email> is no further name")
                .doesNotContainKey(EventAttributes.PRINCIPAL_ALIASES);
    }

    @Test
    void aRedactedOrInternalCallerIsNoClientAddress() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        ObjectNode metadata = entry.withObject("protoPayload").withObject("requestMetadata");

        metadata.put("callerIp", "private");
        DataAccessEvent google = access(source.map(entry));
        assertThat(google.getClientIp()).isNull();
        assertThat(google.getAttributes())
                .as("one Google service calling another")
                .containsEntry(EventAttributes.SERVICE_CLIENT, "private");

        for (String redacted : new String[] {"gce-internal-ip", "", "not-an-address"}) {
            metadata.put("callerIp", redacted);
            DataAccessEvent e = access(source.map(entry));
            assertThat(e.getClientIp()).as(redacted).isNull();
            assertThat(e.getAttributes()).as(redacted).doesNotContainKey(EventAttributes.SERVICE_CLIENT);
        }
    }

    @Test
    void aMappedCallThatNamesNobodyIsInvalid() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        entry.withObject("protoPayload").putObject("authenticationInfo");

        assertThat(reason(source.map(entry)))
                .isEqualTo("authenticationInfo names nobody (no principalEmail or principalSubject)");

        entry.withObject("protoPayload")
                .withObject("authenticationInfo")
                .put("principalSubject", "principal://iam.googleapis.com/locations/global/workforcePools/p/subject/s");
        assertThat(access(source.map(entry)).getPrincipalId())
                .isEqualTo("principal://iam.googleapis.com/locations/global/workforcePools/p/subject/s");
    }

    @Test
    void aDeniedCallMovedNothingWhateverItsMethod() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        // The status the VPC-SC fixture carries, on a data-access read.
        entry.withObject("protoPayload")
                .set("status", GcpFixtures.tree(STORAGE_GET_DENIED).at("/protoPayload/status"));
        assertThat(source.map(entry)).isEqualTo(new Outcome.Failed("storage.objects.get", "PERMISSION_DENIED"));

        entry.withObject("protoPayload").putObject("status").put("code", "5");
        assertThat(source.map(entry)).isEqualTo(new Outcome.Failed("storage.objects.get", "NOT_FOUND"));

        entry.withObject("protoPayload").putObject("status").put("code", 99);
        assertThat(source.map(entry)).isEqualTo(new Outcome.Failed("storage.objects.get", "status.code 99"));
    }

    @Test
    void aQueryJobThatFailedMovedNothing() {
        ObjectNode entry = GcpFixtures.tree(QUERY_REDDIT);
        entry.withObject("protoPayload")
                .withObject("serviceData")
                .withObject("jobCompletedEvent")
                .withObject("job")
                .withObject("jobStatus")
                .putObject("error")
                .put("code", 3)
                .put("message", "Syntax error");

        assertThat(source.map(entry)).isEqualTo(new Outcome.Failed("jobservice.jobcompleted", "INVALID_ARGUMENT"));
    }

    @Test
    void aQueryOfSeveralTablesIsOneEventPerTable() {
        ObjectNode entry = GcpFixtures.tree(QUERY_REDDIT);
        ArrayNode tables =
                (ArrayNode) entry.at("/protoPayload/serviceData/jobCompletedEvent/job/jobStatistics/referencedTables");
        tables.addObject()
                .put("projectId", "my-project")
                .put("datasetId", "crm")
                .put("tableId", "customers");
        tables.add(tables.get(0).deepCopy()); // named twice, read once

        List<SpecificRecord> events = events(source.map(entry));

        assertThat(events).hasSize(2);
        DataAccessEvent second = (DataAccessEvent) events.get(1);
        assertThat(second.getEventId()).isEqualTo("jpllvgecd7bx@2021-11-25T21:56:00.276607Z#2");
        assertThat(second.getAssetId()).isEqualTo("projects/my-project/datasets/crm/tables/customers");
        assertThat(second.getRecordCount())
                .as("the job's counts, on each table's event")
                .isEqualTo(10);
        assertThat(second.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, "my-project");
    }

    @Test
    void anExtractJobIsAnExportToEachDestinationBucket() {
        ObjectNode entry = GcpFixtures.tree(QUERY_REDDIT);
        // The real job with its query configuration replaced by an extract, as AuditData's
        // JobConfiguration.Extract names the fields (destinationUris, sourceTable).
        ObjectNode job = (ObjectNode) entry.at("/protoPayload/serviceData/jobCompletedEvent/job");
        ObjectNode extract = job.putObject("jobConfiguration").putObject("extract");
        extract.putObject("sourceTable")
                .put("projectId", "my-project")
                .put("datasetId", "crm")
                .put("tableId", "customers");
        extract.putArray("destinationUris")
                .add("gs://partner-drop/customers-*.csv")
                .add("gs://partner-drop/again.csv")
                .add("s3://elsewhere/customers.csv");

        List<SpecificRecord> events = events(source.map(entry));

        assertThat(events).hasSize(2).allMatch(e -> e instanceof ReplicationEvent);
        ReplicationEvent gcs = (ReplicationEvent) events.get(0);
        assertThat(gcs.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(gcs.getSourceAssetId()).isEqualTo("projects/my-project/datasets/crm/tables/customers");
        assertThat(gcs.getDestinationAssetId()).isEqualTo("partner-drop");
        assertThat(gcs.getJobId()).isEqualTo("projects/my-project/jobs/bqjob_r3ac45813612fa2d6_0000017d591922c9_1");
        assertThat(gcs.getPublicAccess()).isFalse();
        assertThat(gcs.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "gcp:us");
        assertThat(((ReplicationEvent) events.get(1)).getDestinationAssetId()).isEqualTo("arn:aws:s3:::elsewhere");

        job.putObject("jobConfiguration").putObject("load");
        assertThat(reason(source.map(entry))).isEqualTo("a load job: data comes into BigQuery, none leaves");
    }

    @Test
    void bigQueryMetadataWithoutAJobOrARead() {
        ObjectNode entry = GcpFixtures.tree(TABLE_DATA_READ);
        ObjectNode payload = entry.withObject("protopayload_auditlog");
        payload.put("metadataJson", "{\"jobChange\":{\"after\":\"DONE\"}}");
        assertThat(reason(source.map(entry)))
                .isEqualTo("no queryConfig, extractConfig, loadConfig or tableCopyConfig in jobConfig");

        payload.put(
                "metadataJson",
                "{\"jobChange\":{\"after\":\"RUNNING\",\"job\":{\"jobConfig\":{\"tableCopyConfig\":{}}}}}");
        assertThat(reason(source.map(entry))).startsWith("a job not done yet (RUNNING)");

        payload.put("metadataJson", "{not json");
        assertThat(reason(source.map(entry)))
                .isEqualTo("no tableDataRead, jobChange or jobInsertion in the BigQueryAuditMetadata");
    }

    @Test
    void anArrayJsonLinesAndAnEntriesListAllRead() {
        String get = new String(GcpFixtures.bytes(STORAGE_GET), StandardCharsets.UTF_8);
        String query = new String(GcpFixtures.bytes(QUERY_REDDIT), StandardCharsets.UTF_8);
        String list = new String(GcpFixtures.bytes(STORAGE_LIST), StandardCharsets.UTF_8);
        List<Outcome> array = read(("[" + get + "," + query + "," + list + "]").getBytes(StandardCharsets.UTF_8));
        assertThat(array).hasSize(3);
        assertThat(array.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(array.get(1)).isInstanceOf(Outcome.Mapped.class);
        assertThat(array.get(2)).isInstanceOf(Outcome.Ignored.class);

        String lines = GcpFixtures.tree(STORAGE_GET) + "\n{\"insertId\": \n" + GcpFixtures.tree(STORAGE_PUBLIC) + "\n";
        List<Outcome> outcomes = read(lines.getBytes(StandardCharsets.UTF_8));
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(((Outcome.Invalid) outcomes.get(1)).raw().strip()).isEqualTo("{\"insertId\":");
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Mapped.class);

        String entries = "{\"entries\":[" + get + "," + list + "],\"nextPageToken\":\"t\"}";
        assertThat(read(entries.getBytes(StandardCharsets.UTF_8))).hasSize(2);
    }

    @Test
    void entriesWithoutWhatEveryAuditEntryHasAreInvalid() {
        assertThat(read("{\"textPayload\":\"hello\"}".getBytes(StandardCharsets.UTF_8)))
                .singleElement()
                .extracting(GcpAuditSourceTest::reason)
                .isEqualTo("not a Cloud Audit Logs entry: no protoPayload, timestamp, insertId");

        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        entry.remove("insertId");
        assertThat(reason(source.map(entry))).isEqualTo("not a Cloud Audit Logs entry: no insertId");

        entry = GcpFixtures.tree(STORAGE_GET);
        entry.put("timestamp", "yesterday");
        assertThat(reason(source.map(entry))).isEqualTo("timestamp is not an RFC 3339 time");

        entry = GcpFixtures.tree(STORAGE_GET);
        entry.withObject("protoPayload").remove("methodName");
        assertThat(reason(source.map(entry))).isEqualTo("not a Cloud Audit Logs entry: no protoPayload.methodName");
        assertThat(read("[1]".getBytes(StandardCharsets.UTF_8))).singleElement().isInstanceOf(Outcome.Invalid.class);
    }

    @Test
    void anIdTooLongForTheMonitorMakesTheEntryInvalidNotAnEvent() {
        ObjectNode entry = GcpFixtures.tree(STORAGE_GET);
        entry.withObject("protoPayload").put("resourceName", "projects/_/buckets/" + "b".repeat(300) + "/objects/o");

        assertThat(reason(source.map(entry)))
                .isEqualTo("the entry names an id longer than 256 characters or with control characters");
    }

    @Test
    void aCopyJobToAnotherProjectIsAReplicaToThatProject() {
        ReplicationEvent e = replication(source.map(GcpFixtures.legacyCopy()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getSourceAssetId()).isEqualTo("projects/my-project/datasets/crm/tables/customers");
        assertThat(e.getDestinationAssetId()).isEqualTo("projects/partner-project/datasets/drop/tables/customers");
        assertThat(e.getDestinationAccount()).isEqualTo("partner-project");
        assertThat(e.getDestinationRegion())
                .as("the log gives the job's location, not the destination dataset's")
                .isNull();
        assertThat(e.getJobId()).isEqualTo("projects/my-project/jobs/bqjob_r3ac45813612fa2d6_0000017d591922c9_1");
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "my-project")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us");
    }

    @Test
    void aCopyWithinOneDatasetStaysAndEachOtherSourceCountsOnce() {
        ObjectNode entry = GcpFixtures.legacyCopy();
        ObjectNode copy =
                (ObjectNode) entry.at("/protoPayload/serviceData/jobCompletedEvent/job/jobConfiguration/tableCopy");
        ArrayNode sources = (ArrayNode) copy.get("sourceTables");
        sources.add(sources.get(0).deepCopy());
        sources.addObject()
                .put("projectId", "partner-project")
                .put("datasetId", "drop")
                .put("tableId", "old");
        assertThat(events(source.map(entry)))
                .as("the repeat and the table already there add nothing")
                .hasSize(1);

        copy.putObject("destinationTable")
                .put("projectId", "my-project")
                .put("datasetId", "crm")
                .put("tableId", "customers_copy");
        sources.remove(2);
        assertThat(reason(source.map(entry))).isEqualTo("a copy within one dataset: the data stays where it was");

        copy.remove("destinationTable");
        assertThat(reason(source.map(entry))).isEqualTo("the copy names no destination table");
    }

    @Test
    void aCopyJobsEndInTheNewerFormatIsTheSameReplica() {
        ReplicationEvent e = replication(source.map(GcpFixtures.jobChangeCopy()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getSourceAssetId()).isEqualTo("projects/1234/datasets/my_dataset/tables/my_table");
        assertThat(e.getDestinationAssetId()).isEqualTo("projects/partner/datasets/drop/tables/my_table");
        assertThat(e.getDestinationAccount()).isEqualTo("partner");
        assertThat(e.getJobId()).as("as the legacy entry names the job").isEqualTo("projects/1234/jobs/copy-1");
        assertThat(e.getPrincipalId()).isEqualTo("test-user@example.com");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, "1234");

        ObjectNode failed = GcpFixtures.jobChangeCopy();
        ObjectNode payload = failed.withObject("protopayload_auditlog");
        payload.put(
                "metadataJson",
                payload.get("metadataJson")
                        .asText()
                        .replace("{\"jobState\":\"DONE\"}", "{\"jobState\":\"DONE\",\"errorResult\":{\"code\":7}}"));
        assertThat(source.map(failed))
                .as("as a legacy job's jobStatus.error")
                .isEqualTo(new Outcome.Failed("google.cloud.bigquery.v2.JobService.InsertJob", "PERMISSION_DENIED"));
    }

    @Test
    void aBucketGrantToAUserIsAGrantToTheUsersDomain() {
        ReplicationEvent e = replication(one(BUCKET_USER_GRANT));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.GRANT);
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getSourceAssetId()).isEqualTo("sample-logs-org");
        assertThat(e.getDestinationAccount())
                .as("whether organization.com is the organisation's is the detection side's call")
                .isEqualTo("organization.com");
        assertThat(e.getDestinationRegion()).isEqualTo("gcp:us-central1");
        assertThat(e.getEventId()).isEqualTo("xl5g0ceapu9i@2021-08-17T17:27:22.975758523Z");
        assertThat(e.getPrincipalId()).isEqualTo("user@organization.com");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, "sample-logs-prod");
    }

    @Test
    void membersNameTheirDomainOrProjectAndGoogleAgentsNone() {
        assertThat(Policies.account("user:Someone@Partner.example")).isEqualTo("partner.example");
        assertThat(Policies.account("group:team@partner.example")).isEqualTo("partner.example");
        assertThat(Policies.account("domain:partner.example")).isEqualTo("partner.example");
        assertThat(Policies.account("serviceAccount:etl@partner-proj.iam.gserviceaccount.com"))
                .isEqualTo("partner-proj");
        assertThat(Policies.account("projectViewer:sample-logs-prod")).isEqualTo("sample-logs-prod");
        // As in the fixtures' policies: Google's own agents, which act for the resource's project.
        assertThat(Policies.account("serviceAccount:o793924137099-000712@gcp-sa-logging.iam.gserviceaccount.com"))
                .isNull();
        assertThat(Policies.account("serviceAccount:service-123456789@compute-system.iam.gserviceaccount.com"))
                .isNull();
        assertThat(Policies.account("serviceAccount:cloud-storage-millwheel@system.gserviceaccount.com"))
                .isNull();
        assertThat(Policies.account("deleted:user:gone@partner.example?uid=1")).isNull();
        assertThat(Policies.account("user:")).isNull();
        assertThat(Policies.account("user:no-domain")).isNull();
        assertThat(Policies.account("allUsers")).isNull();
    }

    @Test
    void severalMembersAddedAreOneGrantPerAccountAndBounded() {
        ObjectNode entry = GcpFixtures.tree(BUCKET_USER_GRANT);
        ArrayNode deltas = (ArrayNode) entry.at("/protoPayload/serviceData/policyDelta/bindingDeltas");
        deltas.addObject()
                .put("action", "ADD")
                .put("role", "roles/storage.objectViewer")
                .put("member", "user:anon@organization.com");
        deltas.addObject()
                .put("action", "ADD")
                .put("role", "roles/storage.objectViewer")
                .put("member", "group:x@partner.example");
        List<SpecificRecord> events = events(source.map(entry));
        assertThat(events).hasSize(2);
        assertThat(((ReplicationEvent) events.get(1)).getDestinationAccount()).isEqualTo("partner.example");
        assertThat(((ReplicationEvent) events.get(1)).getEventId()).endsWith("#2");

        for (int i = 0; i < 500; i++) {
            deltas.addObject().put("action", "ADD").put("member", "domain:d" + i + ".example");
        }
        assertThat(events(source.map(entry)))
                .as("the first 100 members read, two of them of one domain")
                .hasSize(Policies.MAX_MEMBERS - 1);
    }

    @Test
    void aGrantOnAProjectIsNoGrantOfData() {
        assertThat(reason(one(PROJECT_USER_GRANT)))
                .isEqualTo("a grant on a resource other than a bucket, dataset, disk, image or snapshot");
    }

    @Test
    void aDatasetGrantInTheNewerFormatIsAGrantToo() {
        ObjectNode entry = GcpFixtures.tree(TABLE_DATA_READ);
        // The sink row as a dataset's access change logs it: BigQueryAuditMetadata.DatasetChange.bindingDeltas.
        entry.withObject("protopayload_auditlog")
                .put("methodName", "google.cloud.bigquery.v2.DatasetService.PatchDataset")
                .put("resourceName", "projects/1234/datasets/my_dataset")
                .put(
                        "metadataJson",
                        "{\"datasetChange\":{\"reason\":\"UPDATE\",\"bindingDeltas\":"
                                + "[{\"action\":\"ADD\",\"role\":\"roles/bigquery.dataViewer\","
                                + "\"member\":\"user:analyst@partner.example\"}]}}");

        ReplicationEvent e = replication(source.map(entry));

        assertThat(e.getSourceAssetId()).isEqualTo("projects/1234/datasets/my_dataset");
        assertThat(e.getDestinationAccount()).isEqualTo("partner.example");
    }

    @Test
    void aComputePolicyAsSetCountsEachMemberAsGranted() {
        ReplicationEvent e = replication(one(DISK_POLICY));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.GRANT);
        assertThat(e.getSourceAssetId()).isEqualTo("projects/test-project/zones/us-central1-a/disks/disk-1");
        assertThat(e.getDestinationAccount()).isEqualTo("example.com");
        assertThat(e.getCredentialId())
                .isEqualTo("//iam.googleapis.com/projects/test-project/serviceAccounts/user@example.com/keys/key-id");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, "test-project");

        ObjectNode image = GcpFixtures.tree(DISK_POLICY);
        image.withObject("protoPayload")
                .put("methodName", "v1.compute.images.setIamPolicy")
                .put("resourceName", "projects/test-project/global/images/image-1");
        ((ArrayNode) image.at("/protoPayload/request/policy/bindings/0/members")).add("allAuthenticatedUsers");
        assertThat(replication(source.map(image)).getPublicAccess()).isTrue();
    }

    @Test
    void aSnapshotOfADiskIsASnapshotCopyToItsStorageLocation() {
        ReplicationEvent e = replication(source.map(GcpFixtures.snapshotWithRequest()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_COPY);
        assertThat(e.getSourceAssetId()).isEqualTo("projects/victim-project/zones/us-central1-a/disks/disk-1");
        assertThat(e.getDestinationAssetId()).isEqualTo("projects/test-project/global/snapshots/snapshot-1");
        assertThat(e.getDestinationAccount()).isEqualTo("test-project");
        assertThat(e.getDestinationRegion()).as("a multi-region, as written").isEqualTo("gcp:eu");
        assertThat(e.getPrincipalId()).isEqualTo("user@unexpected-domain.com");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "victim-project")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us-central1");
    }

    @Test
    void aSnapshotEntryWithoutItsRequestIsTheOperationsEnd() {
        assertThat(reason(one(SNAPSHOT_INSERT))).isEqualTo("no request: the end of an operation, counted at its start");
    }

    @Test
    void createSnapshotMakesTheSnapshotInTheDisksProject() {
        ObjectNode entry = GcpFixtures.snapshotWithRequest();
        ObjectNode payload = entry.withObject("protoPayload");
        payload.put("methodName", "v1.compute.disks.createSnapshot")
                .put("resourceName", "projects/test-project/zones/europe-west1-b/disks/disk-2");
        ObjectNode request = payload.withObject("request");
        request.remove("sourceDisk");
        request.remove("storageLocations");

        ReplicationEvent e = replication(source.map(entry));

        assertThat(e.getSourceAssetId()).isEqualTo("projects/test-project/zones/europe-west1-b/disks/disk-2");
        assertThat(e.getDestinationAssetId()).isEqualTo("projects/test-project/global/snapshots/snapshot-1");
        assertThat(e.getDestinationRegion())
                .as("no storageLocations: Compute's choice, unlogged")
                .isNull();
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "gcp:europe-west1");

        payload.put("resourceName", "projects/test-project/global/snapshots/snapshot-1");
        assertThat(reason(source.map(entry)))
                .isEqualTo("names no source disk (request.sourceDisk or a disk resourceName)");
    }

    @Test
    void aWriteNamesNoSourceSoARewriteIsNoExport() {
        assertThat(reason(one(OBJECT_CREATE)))
                .startsWith("a write names the object written, not where its data came from");
    }

    @Test
    void thePublishedJobChangeIsADeadLetterAsPantherStoresIt() {
        assertThat(reason(one(JOB_CHANGE_QUERY)))
                .as("Panther's test event writes insertid")
                .isEqualTo("not a Cloud Audit Logs entry: no insertId");
    }

    @Test
    void aQueryJobsEndInTheNewerFormatIsAQueryOfEachTable() {
        DataAccessEvent e = access(source.map(GcpFixtures.jobChangeQuery()));

        assertThat(e.getEventId()).isEqualTo("ABCDEFGHIJKL@2023-03-28T17:37:02.096Z");
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(e.getAssetId()).isEqualTo("projects/bigquery-public-data/datasets/google_trends/tables/top_terms");
        assertThat(e.getRecordCount()).as("queryStats.outputRowCount").isEqualTo(43_683_701);
        assertThat(e.getByteCount()).as("queryStats.totalProcessedBytes").isEqualTo(3_096_864_198L);
        assertThat(e.getPrincipalId()).isEqualTo("user@company.io");
        assertThat(e.getClientIp())
                .as("Panther writes callerIP, not Google's callerIp")
                .isNull();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "bigquery-public-data")
                .containsEntry(EventAttributes.SOURCE_EVENT, "google.cloud.bigquery.v2.JobService.InsertJob");
    }

    @Test
    void aQueryReadsEachReferencedTableAtMostAHundred() {
        ObjectNode entry = GcpFixtures.jobChangeQuery();
        ObjectNode stats = (ObjectNode) GcpFixtures.jobOf(entry).at("/jobStats/queryStats");
        ArrayNode tables = stats.putArray("referencedTables");
        tables.add("projects/p/datasets/d/tables/t0")
                .add("projects/p/datasets/d/tables/t0")
                .add("not a table");
        stats.remove("outputRowCount");
        List<SpecificRecord> events = events(source.map(entry));
        assertThat(events).hasSize(1);
        assertThat(((DataAccessEvent) events.get(0)).getRecordCount())
                .as("no outputRowCount: one")
                .isEqualTo(1);

        for (int i = 0; i < 300; i++) {
            tables.add("projects/p/datasets/d/tables/t" + i);
        }
        ObjectNode job = GcpFixtures.jobOf(entry);
        job.put("jobName", "projects/p/jobs/many");
        assertThat(events(source.map(entry))).hasSize(Entry.MAX_EVENTS);

        stats.removeAll();
        job.put("jobName", "projects/p/jobs/none");
        assertThat(reason(source.map(entry)))
                .as("a DDL or DML statement's queryStats is often empty")
                .isEqualTo("the query read no table (no jobStats.queryStats.referencedTables)");
    }

    @Test
    void aJobNotDoneIsIgnoredAndAFailedOneFailed() {
        ObjectNode entry = GcpFixtures.jobChangeQuery();
        ObjectNode change = (ObjectNode) entry.at("/protoPayload/metadata/jobChange");
        change.put("before", "PENDING").put("after", "RUNNING");
        assertThat(reason(source.map(entry))).startsWith("a job not done yet (RUNNING)");

        ObjectNode inserted = GcpFixtures.jobInsertionQuery();
        ((ObjectNode) inserted.at("/protoPayload/metadata/jobInsertion/job/jobStatus")).put("jobState", "PENDING");
        assertThat(reason(source.map(inserted)))
                .as("jobs.insert logs the job as inserted, before it runs")
                .startsWith("a job not done yet (PENDING)");

        ObjectNode failed = GcpFixtures.jobChangeQuery();
        ObjectNode status = (ObjectNode) GcpFixtures.jobOf(failed).get("jobStatus");
        status.putObject("errorResult").put("code", 3).put("message", "Syntax error");
        assertThat(source.map(failed))
                .isEqualTo(new Outcome.Failed("google.cloud.bigquery.v2.JobService.InsertJob", "INVALID_ARGUMENT"));
        status.putObject("errorResult").put("message", "quota");
        assertThat(source.map(failed))
                .isEqualTo(new Outcome.Failed("google.cloud.bigquery.v2.JobService.InsertJob", "job error"));
    }

    @Test
    void theSynchronousQueryLogsAJobInsertionOfADoneJob() {
        DataAccessEvent e = access(source.map(GcpFixtures.jobInsertionQuery()));
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(e.getAssetId()).isEqualTo("projects/bigquery-public-data/datasets/google_trends/tables/top_terms");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE_EVENT, "google.cloud.bigquery.v2.JobService.Query");

        assertThat(reason(source.map(GcpFixtures.jobChangeQuery())))
                .as("the same job's jobChange to DONE")
                .isEqualTo("the job is already mapped, from its google.cloud.bigquery.v2.JobService.Query entry");
    }

    @Test
    void anExtractJobsEndInTheNewerFormatIsAnExportToEachBucket() {
        ReplicationEvent e = replication(source.map(GcpFixtures.jobChangeExtract()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId()).isEqualTo("projects/gcp-project1/datasets/crm/tables/customers");
        assertThat(e.getDestinationAssetId())
                .as("both objects are in one bucket")
                .isEqualTo("partner-drop");
        assertThat(e.getJobId()).isEqualTo("projects/gcp-project1/jobs/abcdefg_hijklmnop_1234567abcd");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "gcp-project1")
                .containsEntry(EventAttributes.ASSET_REGION, "gcp:us");

        ObjectNode entry = GcpFixtures.jobChangeExtract();
        ObjectNode job = GcpFixtures.jobOf(entry);
        job.put("jobName", "projects/gcp-project1/jobs/other");
        ObjectNode extract = (ObjectNode) job.at("/jobConfig/extractConfig");
        extract.putArray("destinationUris").add("gs://a/x").add("s3://b/y").add("gs://c/z");
        assertThat(events(source.map(entry))).hasSize(3);

        job.put("jobName", "projects/gcp-project1/jobs/third");
        extract.putArray("destinationUris").add("not a uri");
        assertThat(reason(source.map(entry))).isEqualTo("no extract destinationUris the mapper can name");
        extract.put("sourceModel", "projects/p/datasets/d/models/m").remove("sourceTable");
        assertThat(reason(source.map(entry))).isEqualTo("no extract sourceTable");

        job.putObject("jobConfig").putObject("loadConfig");
        assertThat(reason(source.map(entry))).isEqualTo("a load job: data comes into BigQuery, none leaves");
    }

    @Test
    void aReadWithoutAJobNameStaysARead() {
        ObjectNode entry = GcpFixtures.directTableDataRead();
        ObjectNode payload = entry.withObject("protopayload_auditlog");
        for (String read : List.of(
                "{\"tableDataRead\":{\"reason\":\"JOB\"}}",
                "{\"tableDataRead\":{\"reason\":\"CREATE_READ_SESSION\",\"sessionName\":\"s\"}}")) {
            payload.put("metadataJson", read);
            assertThat(access(source.map(entry)).getAction())
                    .as("%s: a job of another organisation has its name redacted", read)
                    .isEqualTo(AccessAction.READ);
        }
    }

    @Test
    void aJobLoggedInBothFormatsCountsOnce() {
        ObjectNode legacy = GcpFixtures.tree(QUERY_REDDIT);
        ObjectNode newer = GcpFixtures.jobChangeQuery();
        GcpFixtures.jobOf(newer).put("jobName", "projects/my-project/jobs/bqjob_r3ac45813612fa2d6_0000017d591922c9_1");

        assertThat(events(source.map(legacy))).hasSize(1);
        assertThat(reason(source.map(newer)))
                .isEqualTo("the job is already mapped, from its jobservice.jobcompleted entry");

        GcpAuditSource other = new GcpAuditSource();
        assertThat(events(other.map(newer))).hasSize(1);
        assertThat(reason(other.map(legacy)))
                .as("whichever comes first")
                .isEqualTo("the job is already mapped, from its google.cloud.bigquery.v2.JobService.InsertJob entry");

        ObjectNode legacyCopy = GcpFixtures.legacyCopy();
        ObjectNode newerCopy = GcpFixtures.jobChangeCopy();
        ObjectNode name = (ObjectNode) legacyCopy.at("/protoPayload/serviceData/jobCompletedEvent/job/jobName");
        name.put("projectId", "1234").put("jobId", "copy-1");
        GcpAuditSource third = new GcpAuditSource();
        assertThat(events(third.map(newerCopy))).hasSize(1);
        assertThat(reason(third.map(legacyCopy))).startsWith("the job is already mapped");
    }

    @Test
    void theJobMemoryIsBounded() {
        ObjectNode first = GcpFixtures.jobChangeQuery();
        assertThat(events(source.map(first))).hasSize(1);
        ObjectNode other = GcpFixtures.jobChangeQuery();
        for (int i = 0; i < GcpAuditSource.MAX_JOBS; i++) {
            GcpFixtures.jobOf(other).put("jobName", "projects/p/jobs/j" + i);
            assertThat(source.map(other)).isInstanceOf(Outcome.Mapped.class);
        }
        assertThat(source.map(first))
                .as("forgotten after %d other jobs: counted again, never dropped", GcpAuditSource.MAX_JOBS)
                .isInstanceOf(Outcome.Mapped.class);

        GcpFixtures.jobOf(other).put("jobName", "projects/p/jobs/" + "j".repeat(300));
        assertThat(source.map(other)).isInstanceOf(Outcome.Mapped.class);
        assertThat(source.map(other))
                .as("a name longer than any id is not remembered")
                .isInstanceOf(Outcome.Mapped.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcp-audit", "GCP-Audit"})
    void theSourceIsRegistered(String name) {
        assertThat(Sources.NAMES).contains(GcpAuditSource.NAME);
        assertThat(Sources.create(name, Sources.Options.defaults())).isInstanceOf(GcpAuditSource.class);
        assertThat(source.mappedMethods())
                .containsExactly(
                        "SetIamPolicy",
                        "beta.compute.disks.createSnapshot",
                        "beta.compute.snapshots.insert",
                        "google.cloud.bigquery.v2.JobService.InsertJob",
                        "google.cloud.bigquery.v2.JobService.Query",
                        "jobservice.jobcompleted",
                        "storage.objects.get",
                        "storage.setIamPermissions",
                        "v1.compute.disks.createSnapshot",
                        "v1.compute.snapshots.insert");
    }
}
