package dev.transfermonitor.sources.snowflake;

import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.GET_FILES;
import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.SELECT_FULL_ROW;
import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.TRANSFER_COPY;
import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.TRANSFER_ORG;
import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.TRANSFER_ZERO;
import static dev.transfermonitor.sources.snowflake.SnowflakeFixtures.UNLOAD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class SnowflakeSourceTest {

    private static final String QUERY_ID = "01b35dcb-0205-0bc0-0002-00eb00fed6de";

    private final SnowflakeSource source = new SnowflakeSource();

    private List<Outcome> read(byte[] payload) {
        List<Outcome> out = new ArrayList<>();
        source.read(payload, out::add);
        return out;
    }

    private Outcome one(byte[] payload) {
        List<Outcome> outcomes = read(payload);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private Outcome one(JsonNode row) {
        return one(row.toString().getBytes(StandardCharsets.UTF_8));
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

    private static ObjectNode object(String domain, String name) {
        return SnowflakeFixtures.accessHistoryVariant()
                .objectNode()
                .put("objectDomain", domain)
                .put("objectName", name);
    }

    // --- one test per real record ---

    @Test
    void theFullSelectRowIsAQueryOfItsDatabaseWithTheRowsWrittenToTheResult() {
        DataAccessEvent e = access(one(SnowflakeFixtures.bytes(SELECT_FULL_ROW)));
        assertThat(e.getEventId()).isEqualTo("QUERY_HISTORY:" + QUERY_ID);
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2024-04-01T00:11:04.374Z"));
        assertThat(e.getPrincipalId()).isEqualTo("USER_NAME");
        assertThat(e.getAction()).isEqualTo(AccessAction.QUERY);
        // No schema_name in the row: the database it ran in; no rows_produced: rows_written_to_result.
        assertThat(e.getAssetId()).isEqualTo("panther_logs");
        assertThat(e.getRecordCount()).isEqualTo(1);
        assertThat(e.getByteCount()).isEqualTo(496);
        assertThat(e.getClientIp()).isNull();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE, "snowflake")
                .containsEntry(EventAttributes.SOURCE_EVENT, "QUERY_HISTORY/SELECT")
                .containsEntry(EventAttributes.SOURCE_RECORD, QUERY_ID)
                .containsEntry(Row.ROLE, "ADMIN");
    }

    @Test
    void thePantherUnloadEventHasNoQueryIdOrStartTimeAndIsInvalid() {
        Outcome o = one(SnowflakeFixtures.bytes(UNLOAD));
        assertThat(o.eventName()).isEqualTo("QUERY_HISTORY/UNLOAD");
        assertThat(reason(o)).isEqualTo("QUERY_HISTORY row without QUERY_ID, START_TIME");
    }

    @Test
    void thePantherGetEventHasNoQueryIdOrStartTimeAndIsInvalid() {
        Outcome o = one(SnowflakeFixtures.bytes(GET_FILES));
        assertThat(o).isInstanceOf(Outcome.Invalid.class);
        assertThat(reason(o)).isEqualTo("QUERY_HISTORY row without QUERY_ID, START_TIME");
    }

    @Test
    void thePantherTransferEventsHaveNoTimeAndAreInvalid() {
        for (String fixture : List.of(TRANSFER_ZERO, TRANSFER_COPY, TRANSFER_ORG)) {
            Outcome o = one(SnowflakeFixtures.bytes(fixture));
            assertThat(o.eventName()).isEqualTo("DATA_TRANSFER_HISTORY/COPY");
            assertThat(reason(o)).isEqualTo("DATA_TRANSFER_HISTORY row without START_TIME (or USAGE_DATE)");
        }
    }

    // --- variants of the real records ---

    @Test
    void variantUnloadWithIdAndTimeIsAnExportOfTheTableItReadsToTheStage() {
        ReplicationEvent e = replication(one(SnowflakeFixtures.withIdAndTime(UNLOAD, "q-unload")));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getEventId()).isEqualTo("QUERY_HISTORY:q-unload");
        assertThat(e.getPrincipalId()).isEqualTo("LEX_LUTHOR");
        assertThat(e.getSourceAssetId()).isEqualTo("panther_logs.public.amazon_eks_audit");
        assertThat(e.getDestinationAssetId()).isEqualTo("panther_logs.public.data_exfil");
        assertThat(e.getDestinationRegion()).isNull();
        assertThat(e.getRecordCount()).as("no ROWS_UNLOADED in the row").isZero();
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2024-10-09T19:38:06.158Z"));
    }

    @Test
    void variantUnloadCountsRowsUnloadedAndNamesAnS3LocationAsItsBucket() {
        ObjectNode row = SnowflakeFixtures.withIdAndTime(UNLOAD, "q-s3");
        row.put("QUERY_TEXT", "COPY INTO 's3://exfil-bucket/out/' FROM hr.public.staff FILE_FORMAT = (TYPE = CSV)");
        row.put("ROWS_UNLOADED", 1200);
        row.put("OUTBOUND_DATA_TRANSFER_CLOUD", "AWS");
        row.put("OUTBOUND_DATA_TRANSFER_REGION", "us-east-1");
        row.put("OUTBOUND_DATA_TRANSFER_BYTES", 4096);
        ReplicationEvent e = replication(one(row));
        assertThat(e.getSourceAssetId()).isEqualTo("hr.public.staff");
        assertThat(e.getDestinationAssetId()).isEqualTo("arn:aws:s3:::exfil-bucket");
        assertThat(e.getDestinationRegion()).isEqualTo("aws:us-east-1");
        assertThat(e.getRecordCount()).isEqualTo(1200);
        assertThat(e.getByteCount()).isEqualTo(4096);
    }

    @Test
    void variantUnloadToTheUsersStageStaysInSnowflake() {
        ObjectNode row = SnowflakeFixtures.withIdAndTime(UNLOAD, "q-user-stage");
        row.put("QUERY_TEXT", "COPY INTO @~/out/ FROM hr.public.staff");
        assertThat(reason(one(row))).contains("stays in Snowflake");
    }

    @Test
    void variantGetWithIdAndTimeIsAReadOfTheStage() {
        DataAccessEvent e = access(one(SnowflakeFixtures.withIdAndTime(GET_FILES, "q-get")));
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("panther_logs.public.data_exfil");
        assertThat(e.getPrincipalId()).isEqualTo("LEX_LUTHOR");
        assertThat(e.getAttributes()).containsEntry(Row.ROLE, "PUBLIC");
    }

    @Test
    void variantTransferWithStartTimeIsAnExportToTheCataloguesRegion() {
        ReplicationEvent e = replication(one(SnowflakeFixtures.withStartTime(TRANSFER_COPY)));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getPrincipalId()).isEqualTo("snowflake");
        assertThat(e.getSourceAssetId()).isEqualTo("snowflake:account");
        assertThat(e.getDestinationRegion()).isEqualTo("aws:eu-west-1");
        assertThat(e.getByteCount()).isEqualTo(61_235_879);
        assertThat(e.getEventId()).startsWith("DATA_TRANSFER_HISTORY:sha256:");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_REGION, "aws:us-east-2")
                .containsEntry(EventAttributes.SERVICE_CLIENT, "snowflake");
    }

    @Test
    void variantTransferOfZeroBytesIsIgnored() {
        assertThat(reason(one(SnowflakeFixtures.withStartTime(TRANSFER_ZERO))))
                .isEqualTo("no bytes moved in the window");
    }

    @Test
    void variantOrganizationTransferWithUsageDateNamesTheAccount() {
        ObjectNode row = SnowflakeFixtures.tree(TRANSFER_ORG);
        row.put("USAGE_DATE", "2024-10-09");
        ReplicationEvent e = replication(one(row));
        assertThat(e.getSourceAssetId()).isEqualTo("snowflake:lex_secret_account");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2024-10-09T00:00:00Z"));
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, "LEX_SECRET_ACCOUNT");
    }

    @Test
    void variantReplicationTransferIsAReplica() {
        ObjectNode row = SnowflakeFixtures.withStartTime(TRANSFER_COPY);
        row.put("TRANSFER_TYPE", "REPLICATION");
        row.put("TARGET_CLOUD", "Microsoft Azure");
        row.put("TARGET_REGION", "westeurope");
        ReplicationEvent e = replication(one(row));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getDestinationRegion()).isEqualTo("azure:westeurope");
    }

    @Test
    void variantTransferOfAnInternalTypeIsIgnoredByType() {
        ObjectNode row = SnowflakeFixtures.withStartTime(TRANSFER_COPY);
        row.put("TRANSFER_TYPE", "INTERNAL");
        Outcome o = one(row);
        assertThat(o).isInstanceOf(Outcome.Ignored.class);
        assertThat(o.eventName()).isEqualTo("DATA_TRANSFER_HISTORY/INTERNAL");
    }

    @Test
    void regionsBecomeCatalogueIdsAndUnknownOnesStayAsGiven() {
        assertThat(Transfers.regionId("AWS", "US-EAST-2")).isEqualTo("aws:us-east-2");
        assertThat(Transfers.regionId("AWS", "AWS_EU_CENTRAL_1")).isEqualTo("aws:eu-central-1");
        assertThat(Transfers.regionId("Google Cloud Platform", "EUROPE-WEST3")).isEqualTo("gcp:europe-west3");
        assertThat(Transfers.regionId("GCP", "GCP_EUROPE_WEST3")).isEqualTo("gcp:europe-west3");
        assertThat(Transfers.regionId("AZURE", "WEST-EUROPE")).isEqualTo("azure:westeurope");
        assertThat(Transfers.regionId("AWS", "US-NEW-9"))
                .as("not in the catalogue: kept")
                .isEqualTo("aws:US-NEW-9");
        assertThat(Transfers.regionId("OracleCloud", "eu-1")).isEqualTo("oraclecloud:eu-1");
        assertThat(Transfers.regionId("AWS", "us east 1")).isNull();
        assertThat(Transfers.regionId(null, "us-east-1")).isNull();
    }

    // --- ACCESS_HISTORY, variants of the real QUERY_HISTORY row (no licensed real row found) ---

    @Test
    void variantAccessHistoryReadIsAQueryOfEachBaseTableLowerCased() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("BASE_OBJECTS_ACCESSED"))
                .add(object("Table", "GOVERNANCE.TABLES.T1"))
                .add(object("View", "HR.PUBLIC.STAFF_V"))
                .add(object("FUNCTION", "GOVERNANCE.FUNCTIONS.RETURN_SUM"));
        List<SpecificRecord> events = events(one(row));
        assertThat(events).hasSize(2);
        DataAccessEvent first = (DataAccessEvent) events.get(0);
        assertThat(first.getAssetId()).isEqualTo("governance.tables.t1");
        assertThat(first.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(first.getEventId()).isEqualTo("ACCESS_HISTORY:" + QUERY_ID);
        assertThat(((DataAccessEvent) events.get(1)).getEventId()).isEqualTo("ACCESS_HISTORY:" + QUERY_ID + "#2");
        assertThat(((DataAccessEvent) events.get(1)).getAssetId()).isEqualTo("hr.public.staff_v");
    }

    @Test
    void variantAccessHistoryWithVariantColumnsAsJsonTextIsReadTheSame() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ArrayNode base = row.arrayNode().add(object("Table", "GOVERNANCE.TABLES.T1"));
        row.put("BASE_OBJECTS_ACCESSED", base.toString());
        row.put("OBJECTS_MODIFIED", "[]");
        row.put("DIRECT_OBJECTS_ACCESSED", "");
        assertThat(access(one(row)).getAssetId()).isEqualTo("governance.tables.t1");
    }

    @Test
    void variantAccessHistoryWithBrokenVariantTextIsInvalid() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        row.put("BASE_OBJECTS_ACCESSED", "[{\"objectName\": ");
        assertThat(reason(one(row))).contains("neither a JSON array nor JSON text of one");
    }

    @Test
    void variantAccessHistoryFallsBackToDirectObjects() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("DIRECT_OBJECTS_ACCESSED")).add(object("Table", "A.B.C"));
        assertThat(access(one(row)).getAssetId()).isEqualTo("a.b.c");
    }

    @Test
    void variantAccessHistoryUnloadToAnExternalStageIsAnExport() {
        // As the documentation's "Unload data from a table to a stage" example.
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("BASE_OBJECTS_ACCESSED")).add(object("Table", "TEST_DB.TEST_SCHEMA.TABLE1"));
        ((ArrayNode) row.get("OBJECTS_MODIFIED"))
                .add(object("Stage", "TEST_DB.TEST_SCHEMA.S2").put("stageKind", "External Named"));
        ReplicationEvent e = replication(one(row));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId()).isEqualTo("test_db.test_schema.table1");
        assertThat(e.getDestinationAssetId()).isEqualTo("test_db.test_schema.s2");
    }

    @Test
    void variantAccessHistoryUnloadToALocationIsAnExportToItsBucket() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("BASE_OBJECTS_ACCESSED")).add(object("Table", "HR.PUBLIC.STAFF"));
        ((ArrayNode) row.get("OBJECTS_MODIFIED")).addObject().put("location", "gcs://exfil/out/");
        assertThat(replication(one(row)).getDestinationAssetId()).isEqualTo("exfil");
    }

    @Test
    void variantAccessHistoryUnloadToAnInternalStageIsIgnored() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("OBJECTS_MODIFIED"))
                .add(object("Stage", "my_int_stage").put("stageKind", "Internal Named"));
        assertThat(reason(one(row))).contains("its GET is what moves the data out");
    }

    @Test
    void variantAccessHistoryGetToALocalDirectoryIsAReadOfTheStage() {
        // As the documentation's "Use the GET command" example.
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) row.get("DIRECT_OBJECTS_ACCESSED"))
                .add(object("Stage", "mytable").put("stageKind", "Table"));
        ((ArrayNode) row.get("OBJECTS_MODIFIED")).addObject().put("location", "file:///tmp/data/");
        DataAccessEvent e = access(one(row));
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("mytable");
    }

    @Test
    void variantAccessHistoryWithManyObjectsMakesAtMostAHundredEvents() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        ArrayNode base = (ArrayNode) row.get("BASE_OBJECTS_ACCESSED");
        for (int i = 0; i < 1_000; i++) {
            base.add(object("Table", "DB.S.T" + i));
        }
        assertThat(events(one(row))).hasSize(Row.MAX_EVENTS);
    }

    @Test
    void variantAccessHistoryWithoutAUserIsInvalid() {
        ObjectNode row = SnowflakeFixtures.accessHistoryVariant();
        row.remove("USER_NAME");
        Outcome o = one(row);
        assertThat(o.eventName()).isEqualTo("ACCESS_HISTORY");
        assertThat(reason(o)).isEqualTo("ACCESS_HISTORY row without USER_NAME");
    }

    @Test
    void aStatementInBothViewsCountsOnceTheFirstToArriveMapsIt() {
        ObjectNode access = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) access.get("BASE_OBJECTS_ACCESSED")).add(object("Table", "PANTHER_LOGS.PUBLIC.T"));
        assertThat(events(one(SnowflakeFixtures.bytes(SELECT_FULL_ROW)))).hasSize(1);
        assertThat(reason(one(access))).isEqualTo("the statement's read is already mapped from QUERY_HISTORY");

        SnowflakeSource fresh = new SnowflakeSource();
        assertThat(fresh.map(access)).isInstanceOf(Outcome.Mapped.class);
        assertThat(reason(fresh.map(SnowflakeFixtures.tree(SELECT_FULL_ROW))))
                .isEqualTo("the statement's read is already mapped from ACCESS_HISTORY");
    }

    // --- QUERY_HISTORY quirks ---

    @Test
    void upperAndLowerCaseColumnsMapAlike() {
        ObjectNode lower = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        ObjectNode upper = lower.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = lower.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            upper.set(field.getKey().toUpperCase(Locale.ROOT), field.getValue());
        }
        DataAccessEvent fromLower = access(new SnowflakeSource().map(lower));
        DataAccessEvent fromUpper = access(new SnowflakeSource().map(upper));
        assertThat(fromUpper).isEqualTo(fromLower);
    }

    @Test
    void variantFailedStatementMovedNothing() {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.put("execution_status", "FAIL");
        row.put("error_code", "002003");
        Outcome o = one(row);
        assertThat(o).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) o).errorCode()).isEqualTo("002003");

        row.remove("error_code");
        assertThat(((Outcome.Failed) new SnowflakeSource().map(row)).errorCode())
                .isEqualTo("FAIL");
    }

    @Test
    void variantRunningStatementIsIgnoredUntilItEnds() {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.put("execution_status", "RUNNING");
        assertThat(reason(one(row))).contains("has not ended");
    }

    @Test
    void variantSelectWithoutDatabaseIsIgnoredAndWithSchemaNamesIt() {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.remove("database_name");
        assertThat(reason(one(row))).contains("no DATABASE_NAME");

        ObjectNode schema = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        schema.put("schema_name", "PUBLIC");
        schema.put("rows_produced", 42);
        DataAccessEvent e = access(new SnowflakeSource().map(schema));
        assertThat(e.getAssetId()).isEqualTo("panther_logs.public");
        assertThat(e.getRecordCount()).isEqualTo(42);
    }

    @Test
    void variantOtherQueryTypesAreIgnoredByType() {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.put("query_type", "CREATE_TABLE");
        Outcome o = one(row);
        assertThat(o).isInstanceOf(Outcome.Ignored.class);
        assertThat(o.eventName()).isEqualTo("QUERY_HISTORY/CREATE_TABLE");
    }

    @Test
    void variantQueryWithoutStartTimeOrWithABadOneIsInvalid() {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.put("start_time", "yesterday");
        assertThat(reason(one(row))).startsWith("START_TIME is not a time");
        row.put("start_time", "2024-04-01 00:11:04.374Z");
        row.put("query_id", "q\u0000" + "x".repeat(300));
        assertThat(reason(new SnowflakeSource().map(row))).startsWith("QUERY_ID is longer than");
    }

    // --- payload shapes ---

    @Test
    void anArrayOfRowsAndJsonLinesAreReadRowByRow() {
        String row = SnowflakeFixtures.tree(SELECT_FULL_ROW).toString();
        assertThat(read(("[" + row + "," + row + "]").getBytes(StandardCharsets.UTF_8)))
                .hasSize(2);
        List<Outcome> lines = new ArrayList<>();
        new SnowflakeSource().read((row + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8), lines::add);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(reason(lines.get(1))).as("the same statement twice").contains("already mapped");
    }

    @Test
    void aRowOfNoViewIsInvalid() {
        assertThat(reason(one("{\"hello\": 1}".getBytes(StandardCharsets.UTF_8))))
                .startsWith("not a Snowflake ACCOUNT_USAGE row");
        assertThat(reason(one("[1]".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("not a Snowflake ACCOUNT_USAGE row: not a JSON object");
    }

    @Test
    void replicationUsageRowsAreIgnoredForNamingNoDestination() {
        String row = "{\"START_TIME\": \"2024-01-01 00:00:00.000 +0000\", \"DATABASE_NAME\": \"HR\","
                + " \"CREDITS_USED\": 1, \"BYTES_TRANSFERRED\": 100}";
        Outcome o = one(row.getBytes(StandardCharsets.UTF_8));
        assertThat(o.eventName()).isEqualTo("REPLICATION_USAGE_HISTORY");
        assertThat(reason(o)).contains("names no destination");
    }

    @Test
    void theRegistryMakesIt() {
        assertThat(Sources.NAMES).contains("snowflake");
        assertThat(Sources.create("snowflake", Sources.Options.defaults())).isInstanceOf(SnowflakeSource.class);
    }

    // ---- LOGIN_HISTORY: the client address the statement views do not name ----

    /** Variant: the real SELECT row by the real login's user, at a time of the test's choosing. */
    private static ObjectNode selectBy(String user, String startTime, String queryId) {
        ObjectNode row = SnowflakeFixtures.tree(SELECT_FULL_ROW);
        row.put("user_name", user);
        row.put("start_time", startTime);
        row.put("query_id", queryId);
        return row;
    }

    @Test
    void theRealSuccessfulLoginIsIgnoredAndItsAddressGoesToTheUsersLaterRead() {
        Outcome login = one(SnowflakeFixtures.bytes(SnowflakeFixtures.LOGIN_SUCCESS));
        assertThat(login).isInstanceOf(Outcome.Ignored.class);
        assertThat(login.eventName()).isEqualTo("LOGIN_HISTORY/LOGIN");
        assertThat(reason(login)).contains("moves no data");

        DataAccessEvent e = access(one(selectBy("ckent@dailyplanet.org", "2024-10-08 15:02:11.000Z", "q-1")));
        assertThat(e.getClientIp()).isEqualTo("1.1.1.1");
        // User names are case-insensitive in Snowflake.
        assertThat(access(one(selectBy("CKENT@DAILYPLANET.ORG", "2024-10-08 16:00:00.000Z", "q-2")))
                        .getClientIp())
                .isEqualTo("1.1.1.1");
    }

    @Test
    void aReadJoinsTheLatestLoginAtOrBeforeItNotALaterOne() {
        one(SnowflakeFixtures.loginVariant("EMP_9", "192.0.2.1", "2024-10-08 08:00:00.000Z"));
        one(SnowflakeFixtures.loginVariant("EMP_9", "192.0.2.2", "2024-10-08 12:00:00.000Z"));
        // Out of order, as rows of a view exported in pieces may come.
        one(SnowflakeFixtures.loginVariant("EMP_9", "192.0.2.3", "2024-10-08 10:00:00.000Z"));
        assertThat(access(one(selectBy("EMP_9", "2024-10-08 09:00:00.000Z", "q-a")))
                        .getClientIp())
                .isEqualTo("192.0.2.1");
        assertThat(access(one(selectBy("EMP_9", "2024-10-08 11:00:00.000Z", "q-b")))
                        .getClientIp())
                .isEqualTo("192.0.2.3");
        assertThat(access(one(selectBy("EMP_9", "2024-10-08 13:00:00.000Z", "q-c")))
                        .getClientIp())
                .isEqualTo("192.0.2.2");
        assertThat(access(one(selectBy("EMP_9", "2024-10-08 07:00:00.000Z", "q-d")))
                        .getClientIp())
                .as("before any login: where it ran from is unknown")
                .isNull();
    }

    @Test
    void aReadWithNoLoginOrOnlyADayOldOneHasNoAddress() {
        assertThat(access(one(selectBy("NOBODY", "2024-10-08 15:00:00.000Z", "q-1")))
                        .getClientIp())
                .isNull();
        one(SnowflakeFixtures.bytes(SnowflakeFixtures.LOGIN_SUCCESS));
        assertThat(access(one(selectBy("ckent@dailyplanet.org", "2024-10-09 14:38:46.061Z", "q-2")))
                        .getClientIp())
                .as("exactly a day after the login")
                .isEqualTo("1.1.1.1");
        assertThat(access(one(selectBy("ckent@dailyplanet.org", "2024-10-09 14:38:46.062Z", "q-3")))
                        .getClientIp())
                .isNull();
    }

    @Test
    void aLoginWhoseClientIpIsNoAddressLeavesTheUsersLaterReadsWithout() {
        one(SnowflakeFixtures.loginVariant("EMP_9", "192.0.2.1", "2024-10-08 08:00:00.000Z"));
        for (String notAddress : List.of("unknown", "010.0.0.1", "192.0.2.1/24", " 192.0.2.1", "1.1.1.1\u0000")) {
            ObjectNode login = SnowflakeFixtures.loginVariant("EMP_9", notAddress, "2024-10-08 10:00:00.000Z");
            assertThat(reason(one(login))).as(notAddress).contains("not an address");
            assertThat(access(one(selectBy("EMP_9", "2024-10-08 11:00:00.000Z", "q-" + notAddress.hashCode())))
                            .getClientIp())
                    .as(notAddress)
                    .isNull();
        }
        ObjectNode mapped = SnowflakeFixtures.loginVariant("EMP_9", "::ffff:192.0.2.9", "2024-10-08 12:00:00.000Z");
        one(mapped);
        assertThat(access(one(selectBy("EMP_9", "2024-10-08 12:30:00.000Z", "q-mapped")))
                        .getClientIp())
                .as("kept in its canonical form")
                .isEqualTo("192.0.2.9");
    }

    @Test
    void theRealFailedLoginsAreFailedCallsAndGiveNoAddress() {
        Outcome jwt = one(SnowflakeFixtures.bytes(SnowflakeFixtures.LOGIN_JWT_MISMATCH));
        assertThat(jwt).isInstanceOf(Outcome.Failed.class);
        assertThat(((Outcome.Failed) jwt).errorCode()).isEqualTo("JWT_TOKEN_INVALID_PUBLIC_KEY_FINGERPRINT_MISMATCH");
        Outcome overflow = one(SnowflakeFixtures.bytes(SnowflakeFixtures.LOGIN_OVERFLOW));
        assertThat(((Outcome.Failed) overflow).errorCode()).isEqualTo("OVERFLOW_FAILURE_EVENTS_ELIDED");
        assertThat(access(one(selectBy("luthor@lexcorp.com", "2024-10-08 15:00:00.000Z", "q-1")))
                        .getClientIp())
                .isNull();
        assertThat(source.logins().users()).isZero();
    }

    @Test
    void aLoginRowWithoutItsIdOrTimeIsInvalid() {
        ObjectNode row = SnowflakeFixtures.tree(SnowflakeFixtures.LOGIN_SUCCESS);
        row.remove("IS_SUCCESS");
        assertThat(reason(one(row))).isEqualTo("LOGIN_HISTORY row without EVENT_ID, EVENT_TIMESTAMP or IS_SUCCESS");
        row = SnowflakeFixtures.tree(SnowflakeFixtures.LOGIN_SUCCESS);
        row.put("EVENT_TIMESTAMP", "yesterday");
        assertThat(reason(one(row))).isEqualTo("EVENT_TIMESTAMP is not a time");
    }

    @Test
    void theLoginMemoryKeepsTheLatestUsersAndTheirLatestLogins() {
        for (int u = 0; u < Logins.MAX_USERS + 100; u++) {
            one(SnowflakeFixtures.loginVariant("U" + u, "192.0.2.1", "2024-10-08 08:00:00.000Z"));
        }
        assertThat(source.logins().users()).isEqualTo(Logins.MAX_USERS);
        assertThat(access(one(selectBy("U0", "2024-10-08 09:00:00.000Z", "q-evicted")))
                        .getClientIp())
                .as("the oldest users are evicted")
                .isNull();
        assertThat(access(one(selectBy("U" + (Logins.MAX_USERS + 99), "2024-10-08 09:00:00.000Z", "q-kept")))
                        .getClientIp())
                .isEqualTo("192.0.2.1");
        for (int k = 0; k < Logins.MAX_PER_USER + 10; k++) {
            one(SnowflakeFixtures.loginVariant(
                    "U1000", "192.0.2." + (k + 1), String.format("2024-10-08 10:%02d:00.000Z", k)));
        }
        assertThat(source.logins().logins()).isLessThanOrEqualTo(Logins.MAX_USERS + Logins.MAX_PER_USER);
        assertThat(access(one(selectBy("U1000", "2024-10-08 10:05:00.000Z", "q-old")))
                        .getClientIp())
                .as("a user's oldest logins are evicted")
                .isNull();
        assertThat(access(one(selectBy("U1000", "2024-10-08 11:00:00.000Z", "q-new")))
                        .getClientIp())
                .isEqualTo("192.0.2." + (Logins.MAX_PER_USER + 10));
    }

    @Test
    void aReplicationTargetsAnAccountOfTheSameSnowflakeOrganization() {
        ObjectNode row = SnowflakeFixtures.withStartTime(TRANSFER_COPY);
        row.put("TRANSFER_TYPE", "REPLICATION");
        assertThat(replication(one(row)).getDestinationAccount()).isEqualTo("snowflake:organization");
        assertThat(replication(one(SnowflakeFixtures.withStartTime(TRANSFER_COPY)))
                        .getDestinationAccount())
                .as("an unload can go anywhere")
                .isNull();
    }
}
