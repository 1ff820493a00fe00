package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON lines format: every kind round-trips, and every kind of bad input names its line and field. */
class JsonRecordsTest {

    private static final String ACCESS = """
            {"eventId":"e1","occurredAt":"2026-11-27T10:00:00Z","principalId":"emp-1001","authMethod":"MFA",\
            "action":"READ","assetId":"crm-db-seoul","recordCount":10,"byteCount":2048}""";

    // ---- round trips ----

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void jsonToRecordToJsonToRecordForEveryKind(RecordKind kind) {
        SpecificRecord parsed = JsonRecords.fromJson(kind, Samples.json(kind));
        assertThat(parsed).isInstanceOf(kind.type()).isEqualTo(Samples.record(kind));

        String written = JsonRecords.toJson(parsed);
        assertThat(written).doesNotContain("\n");
        SpecificRecord again = JsonRecords.fromJson(kind, written);
        assertThat(again).isEqualTo(parsed);
        assertThat(JsonRecords.toJson(again)).isEqualTo(written);
    }

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void samplesSetEveryOptionalField(RecordKind kind) {
        // Guards the round trip above: a sample that left a field out would not test it.
        SpecificRecord sample = Samples.record(kind);
        for (var field : kind.schema().getFields()) {
            assertThat(sample.get(field.pos())).as(field.name()).isNotNull();
        }
    }

    @Test
    void writesTheDocumentedFormat() {
        Credential credential = Credential.newBuilder()
                .setCredentialId("key-emp-2040-api")
                .setPrincipalId("emp-2040")
                .setIssuedAt(Instant.parse("2025-01-10T00:00:00Z"))
                .setRevokedAt(Instant.parse("2026-03-31T08:15:30.120Z"))
                .build();

        assertThat(JsonRecords.toJson(credential))
                .isEqualTo("{\"credentialId\":\"key-emp-2040-api\",\"principalId\":\"emp-2040\","
                        + "\"issuedAt\":\"2025-01-10T00:00:00Z\",\"revokedAt\":\"2026-03-31T08:15:30.120Z\"}");
    }

    @Test
    void writesNestedRecordsEnumsArraysAndMaps() {
        String policy = JsonRecords.toJson(Samples.record(RecordKind.POLICY));
        assertThat(policy)
                .contains("\"allowed\":[{\"destination\":\"SG\",\"kinds\":[\"ACCESS\",\"BACKUP\",\"REPLICA\"],"
                        + "\"basis\":\"CONTRACT\",\"validFrom\":\"2024-01-01T00:00:00Z\"");
        String access = JsonRecords.toJson(Samples.record(RecordKind.ACCESS));
        assertThat(access)
                .contains("\"attributes\":{")
                .contains("\"job\":\"nightly\"")
                .contains("\"byteCount\":9007199254740993");
    }

    @Test
    void timestampsAcceptOffsetsAndAreWrittenInUtc() {
        Principal principal = JsonRecords.fromJson(
                RecordKind.PRINCIPAL,
                "{\"principalId\":\"emp-3001\",\"kind\":\"HUMAN\",\"status\":\"ACTIVE\","
                        + "\"statusSince\":\"2024-01-02T09:00:00+09:00\"}");

        assertThat(principal.getStatusSince()).isEqualTo(Instant.parse("2024-01-02T00:00:00Z"));
        assertThat(JsonRecords.toJson(principal))
                .contains("\"statusSince\":\"2024-01-02T00:00:00Z\"")
                .doesNotContain("homeCountry");
    }

    @Test
    void optionalFieldsMayBeAbsentOrNull() {
        DataAccessEvent absent = JsonRecords.fromJson(RecordKind.ACCESS, ACCESS);
        DataAccessEvent explicitNull = JsonRecords.fromJson(
                RecordKind.ACCESS,
                ACCESS.replace("}", ",\"credentialId\":null,\"dataClasses\":null,\"clientIp\":null}"));

        assertThat(absent.getCredentialId()).isNull();
        assertThat(absent.getDataClasses()).isNull();
        assertThat(explicitNull).isEqualTo(absent);
        assertThat(JsonRecords.toJson(absent)).doesNotContain("credentialId", "dataClasses", "clientIp", "null");
    }

    @Test
    void absentFieldsTakeTheSchemaDefault() {
        DataAccessEvent event = JsonRecords.fromJson(RecordKind.ACCESS, ACCESS);
        Asset asset = JsonRecords.fromJson(
                RecordKind.ASSET,
                "{\"assetId\":\"hr-db-seoul-dc1\",\"provider\":\"onprem\",\"regionId\":\"onprem:seoul-dc1\"}");
        ResidencyPolicy policy = JsonRecords.fromJson(
                RecordKind.POLICY,
                "{\"policyId\":\"kr-hr-v1\",\"version\":1,\"originJurisdiction\":\"KR\",\"dataClass\":\"HR\"}");

        assertThat(event.getSubjectKeys()).isEmpty();
        assertThat(event.getAttributes()).isEmpty();
        assertThat(asset.getDataClasses()).isEmpty();
        assertThat(asset.getAccountId()).isNull();
        assertThat(policy.getAllowed()).isEmpty();
    }

    @Test
    void defaultsAreNotSharedBetweenRecords() {
        DataAccessEvent first = JsonRecords.fromJson(RecordKind.ACCESS, ACCESS);
        DataAccessEvent second = JsonRecords.fromJson(RecordKind.ACCESS, ACCESS);

        first.getAttributes().put("leaked", "yes");
        first.getSubjectKeys().add("k9");

        assertThat(second.getAttributes()).isEmpty();
        assertThat(second.getSubjectKeys()).isEmpty();
    }

    @Test
    void wholeNumbersMayBeWrittenWithAZeroFraction() {
        DataAccessEvent event = JsonRecords.fromJson(
                RecordKind.ACCESS,
                ACCESS.replace("\"recordCount\":10", "\"recordCount\":10.0").replace("2048", "2e3"));

        assertThat(event.getRecordCount()).isEqualTo(10);
        assertThat(event.getByteCount()).isEqualTo(2000);
    }

    @Test
    void longsKeepTheirFullRange() {
        DataAccessEvent event = JsonRecords.fromJson(
                RecordKind.ACCESS,
                ACCESS.replace("2048", "9223372036854775807").replace(":10,", ":-9223372036854775808,"));

        assertThat(event.getByteCount()).isEqualTo(Long.MAX_VALUE);
        assertThat(event.getRecordCount()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void arraysOfEnumsAndNestedRecordsAreRead() {
        ResidencyPolicy policy = JsonRecords.fromJson(RecordKind.POLICY, Samples.json(RecordKind.POLICY));

        assertThat(policy.getAllowed()).hasSize(2);
        assertThat(policy.getAllowed().get(0).getKinds())
                .containsExactly(TransferKind.ACCESS, TransferKind.BACKUP, TransferKind.REPLICA);
        assertThat(policy.getAllowed().get(1).getBasis()).isEqualTo(LegalBasis.STANDARD_CONTRACTUAL_CLAUSES);
        assertThat(policy.getAllowed().get(1).getValidUntil()).isNull();

        TransferAlert alert = JsonRecords.fromJson(RecordKind.ALERT, Samples.json(RecordKind.ALERT));
        assertThat(alert.getEvidence())
                .containsExactly(new Evidence("evt-2", "transfer.replication.v1", 3, 4_294_967_296L));
    }

    // ---- errors: each names the line and the field ----

    @Test
    void notAWholeNumber() {
        String lines = ACCESS + "\n\n" + ACCESS.replace("\"recordCount\":10", "\"recordCount\":\"abc\"") + "\n";

        JsonRecordException e = readFails(RecordKind.ACCESS, lines, "events.jsonl");

        assertThat(e).hasMessage("events.jsonl line 3, field 'recordCount': expected a whole number, got \"abc\"");
        assertThat(e.source()).isEqualTo("events.jsonl");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("recordCount");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "10.000000000000000000001", "true", "[1]", "{}"})
    void fractionsAndOtherTypesAreNotWholeNumbers(String value) {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("2048", value));

        assertThat(e.field()).isEqualTo("byteCount");
        assertThat(e.detail()).startsWith("expected a whole number");
    }

    @Test
    void intOutOfRange() {
        JsonRecordException e = fromJsonFails(
                RecordKind.POLICY,
                "{\"policyId\":\"p\",\"version\":3000000000,\"originJurisdiction\":\"KR\",\"dataClass\":\"HR\"}");

        assertThat(e)
                .hasMessage(
                        "field 'version': expected a whole number from -2147483648 to 2147483647," + " got 3000000000");
    }

    @Test
    void longOutOfRange() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("2048", "9223372036854775808"));

        assertThat(e.field()).isEqualTo("byteCount");
        assertThat(e.detail()).contains("from -9223372036854775808 to 9223372036854775807");
    }

    @Test
    void notAJsonObject() {
        String lines = String.join("\n", ACCESS, ACCESS, "", "# comment", ACCESS, ACCESS, "{eventId: \"e7\"}");

        JsonRecordException e = readFails(RecordKind.ACCESS, lines, null);

        assertThat(e.getMessage()).startsWith("line 7: not a JSON object (Unexpected character");
        assertThat(e.line()).isEqualTo(7);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1, 2]", "42", "\"text\"", "null", "{\"eventId\":\"e\"} {}", "{\"eventId\":"})
    void otherLinesThatAreNotOneObject(String line) {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, line);

        assertThat(e.detail()).startsWith("not a JSON object");
        assertThat(e.field()).isNull();
    }

    @Test
    void unknownSymbol() {
        JsonRecordException e =
                readFails(RecordKind.ACCESS, ACCESS + "\n" + ACCESS.replace("\"READ\"", "\"COPY\""), null);

        assertThat(e)
                .hasMessage("line 2, field 'action': unknown symbol \"COPY\" "
                        + "(expected one of READ, QUERY, EXPORT, DOWNLOAD)");
    }

    @Test
    void requiredFieldMissing() {
        String lines = String.join("\n", "# header", ACCESS, "", ACCESS.replace("\"assetId\":\"crm-db-seoul\",", ""));

        JsonRecordException e = readFails(RecordKind.ACCESS, lines, null);

        assertThat(e).hasMessage("line 4, field 'assetId': required field is missing");
    }

    @Test
    void requiredFieldNull() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("\"crm-db-seoul\"", "null"));

        assertThat(e.field()).isEqualTo("assetId");
        assertThat(e.detail()).isEqualTo("required field must not be null");
    }

    @Test
    void nullIsNotTheWayToAskForADefault() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("}", ",\"attributes\":null}"));

        assertThat(e.field()).isEqualTo("attributes");
        assertThat(e.detail()).contains("leave the field out");
    }

    @Test
    void unknownField() {
        String lines = String.join("\n", ACCESS, ACCESS, ACCESS, ACCESS, ACCESS.replace("}", ",\"colour\":\"red\"}"));

        JsonRecordException e = readFails(RecordKind.ACCESS, lines, null);

        assertThat(e).hasMessage("line 5, field 'colour': unknown field for DataAccessEvent");
    }

    @Test
    void aTypoIsCaughtAndTheIntendedNameSuggested() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("\"recordCount\"", "\"recordCont\""));

        assertThat(e.field()).isEqualTo("recordCont");
        assertThat(e.detail()).isEqualTo("unknown field for DataAccessEvent (did you mean 'recordCount'?)");
    }

    @Test
    void nestedPathsNameArrayIndexes() {
        String json = Samples.json(RecordKind.POLICY).replace("\"REPLICA\"", "\"TELEPORT\"");

        JsonRecordException e = fromJsonFails(RecordKind.POLICY, json);

        assertThat(e.field()).isEqualTo("allowed[0].kinds[2]");
        assertThat(e.detail()).startsWith("unknown symbol \"TELEPORT\" (expected one of ACCESS, BACKUP,");
    }

    @Test
    void nestedRecordsRejectUnknownAndMissingFields() {
        String unknown = Samples.json(RecordKind.ALERT).replace("\"partition\":3", "\"partition\":3,\"lag\":1");
        String missing = Samples.json(RecordKind.POLICY).replace("\"basis\":\"CONTRACT\",", "");

        assertThat(fromJsonFails(RecordKind.ALERT, unknown))
                .hasMessage("field 'evidence[0].lag': unknown field for Evidence");
        assertThat(fromJsonFails(RecordKind.POLICY, missing))
                .hasMessage("field 'allowed[0].basis': required field is missing");
    }

    @Test
    void mapValuesMustBeStrings() {
        JsonRecordException e = fromJsonFails(
                RecordKind.ACCESS, ACCESS.replace("}", ",\"attributes\":{\"env\":\"prod\",\"retries\":3}}"));

        assertThat(e).hasMessage("field 'attributes.retries': expected a string, got 3");
    }

    @Test
    void stringsAreNotCoercedFromNumbers() {
        JsonRecordException e = fromJsonFails(
                RecordKind.ASSET,
                "{\"assetId\":\"a\",\"provider\":\"aws\",\"regionId\":\"aws:us-east-1\",\"accountId\":111111111111}");

        assertThat(e).hasMessage("field 'accountId': expected a string, got 111111111111");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"yesterday\"",
                "\"2026-11-27T10:00:00\"",
                "\"2026-11-27\"",
                "1764237600000",
                "\"2026-13-01T00:00:00Z\""
            })
    void badTimestamps(String value) {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("\"2026-11-27T10:00:00Z\"", value));

        assertThat(e.field()).isEqualTo("occurredAt");
        assertThat(e.detail())
                .startsWith("expected an ISO-8601 timestamp with zone such as 2026-11-27T10:00:00Z, got ");
    }

    @Test
    void duplicateFieldsAreAnError() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("}", ",\"recordCount\":11}"));

        assertThat(e.detail()).startsWith("not a JSON object (Duplicate field 'recordCount'");
    }

    @Test
    void errorsShowOnlyTheOffendingValueAndShortenIt() {
        String secret = "customer-7781-jeon.minji@example.org";
        String longValue = "x".repeat(500);
        String line = ACCESS.replace("}", ",\"clientIp\":\"" + secret + "\"}")
                .replace("\"recordCount\":10", "\"recordCount\":\"" + longValue + "\"");

        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, line);

        assertThat(e.getMessage())
                .doesNotContain(secret)
                .doesNotContain("x".repeat(41))
                .endsWith("got \"" + "x".repeat(40) + "...\"");
    }

    @Test
    void parserErrorsDoNotEchoTheLineEither() {
        String secret = "jeon.minji@example.org";
        String token = "z".repeat(300);
        JsonRecordException e =
                fromJsonFails(RecordKind.ACCESS, "{\"clientIp\":\"" + secret + "\",\"eventId\":" + token + "}");

        assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("z".repeat(41));
        assertThat(e.getCause()).isNotNull();
        assertThat(e.getCause().getMessage()).doesNotContain(secret);
    }

    @Test
    void controlCharactersInAValueKeepTheMessageOnOneLine() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("\"READ\"", "\"READ\\nALL\""));

        assertThat(e.getMessage()).doesNotContain("\n").contains("\"READ\\nALL\"");
    }

    @Test
    void bidiAndC1CharactersInAValueAreEscapedInTheMessage() {
        JsonRecordException e = fromJsonFails(RecordKind.ACCESS, ACCESS.replace("\"READ\"", "\"RE\\u202eAD\\u009b\""));

        assertThat(e.getMessage()).contains("\"RE\\u202eAD\\u009b\"");
        assertThat(Printable.isSafe(e.getMessage())).isTrue();
    }

    // ---- lines ----

    @Test
    void blankAndCommentLinesAreSkippedAndLinesStillCounted() {
        String text = "\uFEFF# records for the demo\n\n" + ACCESS + "\r\n   \n  # indented comment\n"
                + ACCESS.replace("e1", "e2") + "\n\n";

        List<DataAccessEvent> events = JsonRecords.readLines(RecordKind.ACCESS, new StringReader(text), "demo.jsonl");

        assertThat(events).extracting(DataAccessEvent::getEventId).containsExactly("e1", "e2");

        String bad = text + "{\"eventId\":1}\n";
        JsonRecordException e = readFails(RecordKind.ACCESS, bad, "demo.jsonl");
        assertThat(e.line()).isEqualTo(8);
    }

    @Test
    void forEachLineHandsRecordsOverBeforeABadLine() {
        String text = ACCESS + "\n" + ACCESS.replace("e1", "e2") + "\n" + "not json\n" + ACCESS.replace("e1", "e4");
        List<String> seen = new ArrayList<>();
        Consumer<DataAccessEvent> collect = event -> seen.add(event.getEventId());

        assertThatThrownBy(() -> JsonRecords.forEachLine(RecordKind.ACCESS, new StringReader(text), "stdin", collect))
                .isInstanceOfSatisfying(JsonRecordException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).startsWith("stdin line 3: not a JSON object");
                });
        assertThat(seen).containsExactly("e1", "e2");
    }

    @Test
    void emptyInputHasNoRecords() {
        assertThat(JsonRecords.<DataAccessEvent>readLines(RecordKind.ACCESS, new StringReader(""), "empty"))
                .isEmpty();
    }

    private static JsonRecordException fromJsonFails(RecordKind kind, String json) {
        JsonRecordException e = catchThrowableOfType(JsonRecordException.class, () -> JsonRecords.fromJson(kind, json));
        assertThat(e).as("error for %s", json).isNotNull();
        assertThat(e.getMessage()).doesNotContain("\n");
        return e;
    }

    private static JsonRecordException readFails(RecordKind kind, String text, String source) {
        JsonRecordException e = catchThrowableOfType(
                JsonRecordException.class, () -> JsonRecords.readLines(kind, new StringReader(text), source));
        assertThat(e).isNotNull();
        return e;
    }
}
