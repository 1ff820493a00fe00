package dev.transfermonitor.detection.ocsf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.rules.Risk;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OcsfMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FIRST = Instant.parse("2026-11-27T09:00:00Z");
    private static final Instant LAST = Instant.parse("2026-11-27T09:05:30.250Z");
    private static Schema schema;
    private static ExecutorService pool;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = OcsfMapperTest.class.getResourceAsStream("/ocsf/detection_finding.schema.json")) {
            assertThat(in).as("schema resource").isNotNull();
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        }
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    private static TransferAlert.Builder alert(AlertType type, Severity severity) {
        return TransferAlert.newBuilder()
                .setAlertId("6f1c0b7e-4c1f-3a55-9a52-0d7d5d1f0c11")
                .setAlertKey(type.name() + "|svc-etl|KR->US|2026-11-27")
                .setRevision(1)
                .setType(type)
                .setRuleId("residency")
                .setRuleVersion("2026-11-01")
                .setSeverity(severity)
                .setRiskScore(
                        switch (severity) {
                            case LOW -> 20;
                            case MEDIUM -> 50;
                            case HIGH -> 70;
                            case CRITICAL -> 95;
                        })
                .setSummary("svc-etl copied KR PERSONAL, CONTACT data to US, which no residency policy allows")
                .setPrincipalId("svc-etl")
                .setCredentialId("key-svc-etl")
                .setOriginJurisdiction("KR")
                .setDestinationJurisdiction("US")
                .setDataClasses(List.of("PERSONAL", "CONTACT"))
                .setFirstSeen(FIRST)
                .setLastSeen(LAST)
                .setEventCount(3)
                .setRecordCount(12_000)
                .setByteCount(4_800_000)
                .setPolicyId("kr-personal-v1")
                .setPolicyVersion(1)
                .setMitreTechniques(List.of("T1537"))
                .setEvidence(List.of(
                        new Evidence("ev-1", "transfer.replication.v1", 0, 41L),
                        new Evidence("ev-2", "transfer.replication.v1", 0, 57L),
                        new Evidence("ev-3", "transfer.replication.v1", 1, 8L)));
    }

    private static JsonNode map(TransferAlert alert) throws IOException {
        return JSON.readTree(OcsfMapper.toJson(alert));
    }

    private static List<String> errors(JsonNode finding) {
        List<String> messages = new ArrayList<>();
        for (Error error : schema.validate(finding)) {
            messages.add(error.toString());
        }
        return messages;
    }

    static Stream<Arguments> everyTypeAndSeverity() {
        return Stream.of(AlertType.values())
                .flatMap(type -> Stream.of(Severity.values()).map(severity -> Arguments.of(type, severity)));
    }

    @ParameterizedTest
    @MethodSource("everyTypeAndSeverity")
    void everyTypeAndSeverityMapsToAValidDetectionFinding(AlertType type, Severity severity) throws IOException {
        JsonNode finding = map(alert(type, severity).build());

        assertThat(errors(finding)).isEmpty();
        assertThat(finding.path("class_uid").asInt()).isEqualTo(2004);
        assertThat(finding.path("class_name").asText()).isEqualTo("Detection Finding");
        assertThat(finding.path("category_uid").asInt()).isEqualTo(2);
        assertThat(finding.path("category_name").asText()).isEqualTo("Findings");
        assertThat(finding.path("finding_info").path("types"))
                .containsExactly(JSON.getNodeFactory().textNode(type.name()));
        assertThat(finding.path("severity_id").asInt()).isEqualTo(OcsfMapper.severityId(severity));
    }

    @Test
    void aValidFindingWithoutOptionalPartsStillValidates() throws IOException {
        TransferAlert bare = alert(AlertType.UNKNOWN_LOCATION, Severity.LOW)
                .setCredentialId(null)
                .setOriginJurisdiction(null)
                .setDestinationJurisdiction(null)
                .setDataClasses(List.of())
                .setPolicyId(null)
                .setPolicyVersion(null)
                .setMitreTechniques(List.of())
                .setEvidence(List.of())
                .build();

        JsonNode finding = map(bare);

        assertThat(errors(finding)).isEmpty();
        assertThat(finding.has("evidences")).isFalse();
        assertThat(finding.has("resources")).isFalse();
        assertThat(finding.path("finding_info").has("attacks")).isFalse();
        assertThat(finding.path("actor").path("user").has("credential_uid")).isFalse();
        assertThat(finding.path("finding_info").path("title").asText())
                .isEqualTo("Transfer to unknown location: svc-etl");
    }

    @Test
    void revisionOneCreatesAndLaterRevisionsUpdate() throws IOException {
        JsonNode created =
                map(alert(AlertType.CROSS_BORDER_VIOLATION, Severity.HIGH).build());
        JsonNode updated = map(alert(AlertType.CROSS_BORDER_VIOLATION, Severity.CRITICAL)
                .setRevision(3)
                .build());

        assertThat(created.path("activity_id").asInt()).isEqualTo(1);
        assertThat(created.path("activity_name").asText()).isEqualTo("Create");
        assertThat(created.path("type_uid").asLong()).isEqualTo(200401L);
        assertThat(updated.path("activity_id").asInt()).isEqualTo(2);
        assertThat(updated.path("activity_name").asText()).isEqualTo("Update");
        assertThat(updated.path("type_uid").asLong()).isEqualTo(200402L);
        assertThat(errors(updated)).isEmpty();
        // One finding, one event per revision.
        assertThat(created.path("finding_info").path("uid"))
                .isEqualTo(updated.path("finding_info").path("uid"));
        assertThat(created.path("metadata").path("correlation_uid"))
                .isEqualTo(updated.path("metadata").path("correlation_uid"));
        assertThat(created.path("metadata").path("uid").asText()).isEqualTo("6f1c0b7e-4c1f-3a55-9a52-0d7d5d1f0c11-1");
        assertThat(updated.path("metadata").path("uid").asText()).isEqualTo("6f1c0b7e-4c1f-3a55-9a52-0d7d5d1f0c11-3");
    }

    @ParameterizedTest
    @CsvSource({"LOW, 2, Low", "MEDIUM, 3, Medium", "HIGH, 4, High", "CRITICAL, 5, Critical"})
    void severityMapsToTheOcsfScale(Severity severity, int severityId, String name) throws IOException {
        JsonNode finding = map(alert(AlertType.VOLUME_BURST, severity).build());

        assertThat(finding.path("severity_id").asInt()).isEqualTo(severityId);
        assertThat(finding.path("severity").asText()).isEqualTo(name);
        assertThat(finding.path("status_id").asInt()).isEqualTo(1);
        assertThat(finding.path("status").asText()).isEqualTo("New");
    }

    @Test
    void riskLevelUsesTheSameCutOffsAsSeverity() throws IOException {
        for (int score = 0; score <= 100; score++) {
            // OCSF counts risk levels from 0 (Info) and severities from 1 (Informational).
            assertThat(OcsfMapper.riskLevelId(score))
                    .as("score %d", score)
                    .isEqualTo(OcsfMapper.severityId(Risk.severityOf(score)) - 1);
        }
        JsonNode finding = map(alert(AlertType.EXTERNAL_TRANSFER, Severity.HIGH)
                .setRiskScore(72)
                .build());
        assertThat(finding.path("risk_score").asInt()).isEqualTo(72);
        assertThat(finding.path("risk_level_id").asInt()).isEqualTo(3);
        assertThat(finding.path("risk_level").asText()).isEqualTo("High");
    }

    @Test
    void timesAreEpochMillis() throws IOException {
        JsonNode finding =
                map(alert(AlertType.SLOW_EXFILTRATION, Severity.MEDIUM).build());

        assertThat(finding.path("time").asLong()).isEqualTo(LAST.toEpochMilli());
        assertThat(finding.path("start_time").asLong()).isEqualTo(FIRST.toEpochMilli());
        assertThat(finding.path("end_time").asLong()).isEqualTo(LAST.toEpochMilli());
        assertThat(finding.path("finding_info").path("first_seen_time").asLong())
                .isEqualTo(FIRST.toEpochMilli());
        assertThat(finding.path("finding_info").path("last_seen_time").asLong()).isEqualTo(LAST.toEpochMilli());
        assertThat(finding.path("count").asLong()).isEqualTo(3);
    }

    @Test
    void findingInfoNamesTheRuleAndTheRoute() throws IOException {
        JsonNode finding =
                map(alert(AlertType.CROSS_BORDER_VIOLATION, Severity.HIGH).build());
        JsonNode info = finding.path("finding_info");

        assertThat(info.path("uid").asText()).isEqualTo("6f1c0b7e-4c1f-3a55-9a52-0d7d5d1f0c11");
        assertThat(info.path("title").asText()).isEqualTo("Cross-border violation: KR -> US");
        assertThat(info.path("desc").asText()).startsWith("svc-etl copied KR PERSONAL");
        assertThat(finding.path("message")).isEqualTo(info.path("desc"));
        assertThat(info.path("analytic").path("uid").asText()).isEqualTo("residency");
        assertThat(info.path("analytic").path("name").asText()).isEqualTo("Residency");
        assertThat(info.path("analytic").path("type_id").asInt()).isEqualTo(1);
        assertThat(info.path("analytic").path("type").asText()).isEqualTo("Rule");
        assertThat(info.path("analytic").path("version").asText()).isEqualTo("2026-11-01");
        assertThat(OcsfMapper.title(alert(AlertType.INACTIVE_IDENTITY, Severity.HIGH)
                        .setPrincipalId("emp-2040")
                        .build()))
                .isEqualTo("Inactive identity: emp-2040");
    }

    @Test
    void attacksCarryTechniqueAndTactic() throws IOException {
        JsonNode finding = map(alert(AlertType.INACTIVE_IDENTITY, Severity.CRITICAL)
                .setMitreTechniques(List.of("T1537", "T1078", "T1530", "T1030", "T1567", "T1020", "T9999"))
                .build());
        JsonNode attacks = finding.path("finding_info").path("attacks");

        assertThat(errors(finding)).isEmpty();
        assertThat(attacks).hasSize(8);
        assertThat(attack(attacks, 0))
                .containsExactly("T1537", "Transfer Data to Cloud Account", "TA0010", "Exfiltration", "v16");
        assertThat(attack(attacks, 1)).containsExactly("T1078", "Valid Accounts", "TA0001", "Initial Access", "v16");
        assertThat(attack(attacks, 2)).containsExactly("T1078", "Valid Accounts", "TA0003", "Persistence", "v16");
        assertThat(attack(attacks, 3))
                .containsExactly("T1530", "Data from Cloud Storage", "TA0009", "Collection", "v16");
        assertThat(attack(attacks, 4))
                .containsExactly("T1030", "Data Transfer Size Limits", "TA0010", "Exfiltration", "v16");
        assertThat(attack(attacks, 5))
                .containsExactly("T1567", "Exfiltration Over Web Service", "TA0010", "Exfiltration", "v16");
        assertThat(attack(attacks, 6))
                .containsExactly("T1020", "Automated Exfiltration", "TA0010", "Exfiltration", "v16");
        // An id we have no entry for still reaches the SIEM, by id only.
        JsonNode unknown = attacks.get(7);
        assertThat(unknown.path("technique").path("uid").asText()).isEqualTo("T9999");
        assertThat(unknown.path("technique").has("name")).isFalse();
        assertThat(unknown.has("tactic")).isFalse();
        // Not the top-level attacks of the security_control profile: this monitor is no control.
        assertThat(finding.has("attacks")).isFalse();
    }

    private static List<String> attack(JsonNode attacks, int index) {
        JsonNode a = attacks.get(index);
        return List.of(
                a.path("technique").path("uid").asText(),
                a.path("technique").path("name").asText(),
                a.path("tactic").path("uid").asText(),
                a.path("tactic").path("name").asText(),
                a.path("version").asText());
    }

    @Test
    void evidencesListEveryEvidenceEntry() throws IOException {
        JsonNode finding =
                map(alert(AlertType.CROSS_BORDER_VIOLATION, Severity.HIGH).build());
        JsonNode evidences = finding.path("evidences");

        assertThat(evidences).hasSize(3);
        assertThat(evidences.get(0).path("data"))
                .isEqualTo(JSON.valueToTree(
                        Map.of("event_id", "ev-1", "topic", "transfer.replication.v1", "partition", 0, "offset", 41)));
        assertThat(evidences.get(2).path("data").path("event_id").asText()).isEqualTo("ev-3");
        assertThat(evidences.get(2).path("data").path("partition").asInt()).isEqualTo(1);
        assertThat(evidences.get(2).path("data").path("offset").asLong()).isEqualTo(8);
    }

    @Test
    void whoAndWhatAreInOcsfPlacesAndInUnmapped() throws IOException {
        JsonNode finding = map(alert(AlertType.CROSS_BORDER_VIOLATION, Severity.HIGH)
                .setDataClasses(List.of("PERSONAL", "PAYMENT", "HR", "NATIONAL_ID", "RECIPES"))
                .setDistinctSubjects(2_000L)
                .setWindowStart(FIRST)
                .setWindowEnd(LAST)
                .build());

        assertThat(errors(finding)).isEmpty();
        assertThat(finding.path("actor").path("user").path("uid").asText()).isEqualTo("svc-etl");
        assertThat(finding.path("actor").path("user").path("credential_uid").asText())
                .isEqualTo("key-svc-etl");
        JsonNode resources = finding.path("resources");
        assertThat(resources).hasSize(5);
        assertThat(resources.get(0).path("name").asText()).isEqualTo("PERSONAL");
        assertThat(resources.get(0).path("type").asText()).isEqualTo("Data Class");
        assertThat(categories(resources))
                .containsExactly("1:Personal", "3:Financial", "4:Business", "2:Governmental", "99:RECIPES");

        JsonNode u = finding.path("unmapped");
        assertThat(u.path("alert_key").asText()).isEqualTo("CROSS_BORDER_VIOLATION|svc-etl|KR->US|2026-11-27");
        assertThat(u.path("revision").asInt()).isEqualTo(1);
        assertThat(u.path("alert_type").asText()).isEqualTo("CROSS_BORDER_VIOLATION");
        assertThat(u.path("principal_id").asText()).isEqualTo("svc-etl");
        assertThat(u.path("credential_id").asText()).isEqualTo("key-svc-etl");
        assertThat(u.path("origin_jurisdiction").asText()).isEqualTo("KR");
        assertThat(u.path("destination_jurisdiction").asText()).isEqualTo("US");
        assertThat(u.path("data_classes")).hasSize(5);
        assertThat(u.path("record_count").asLong()).isEqualTo(12_000);
        assertThat(u.path("byte_count").asLong()).isEqualTo(4_800_000);
        assertThat(u.path("event_count").asLong()).isEqualTo(3);
        assertThat(u.path("distinct_subjects").asLong()).isEqualTo(2_000);
        assertThat(u.path("policy_id").asText()).isEqualTo("kr-personal-v1");
        assertThat(u.path("policy_version").asInt()).isEqualTo(1);
        assertThat(u.path("rule_version").asText()).isEqualTo("2026-11-01");
        assertThat(u.path("window_start").asLong()).isEqualTo(FIRST.toEpochMilli());
        assertThat(u.path("window_end").asLong()).isEqualTo(LAST.toEpochMilli());

        JsonNode metadata = finding.path("metadata");
        assertThat(metadata.path("version").asText()).isEqualTo(OcsfMapper.OCSF_VERSION);
        assertThat(metadata.path("product").path("name").asText()).isEqualTo("Transfer Monitor");
        assertThat(metadata.path("product").path("vendor_name").asText()).isEqualTo("Transfer Monitor");
        assertThat(metadata.path("labels"))
                .extracting(JsonNode::asText)
                .contains("alert_type:CROSS_BORDER_VIOLATION", "data_class:PAYMENT");
    }

    private static List<String> categories(JsonNode resources) {
        List<String> out = new ArrayList<>();
        resources.forEach(
                r -> out.add(r.path("data_classification").path("category_id").asInt() + ":"
                        + r.path("data_classification").path("category").asText()));
        return out;
    }

    @Test
    void noFieldHoldsSubjectKeys() throws IOException {
        JsonNode finding = map(alert(AlertType.SLOW_EXFILTRATION, Severity.HIGH)
                .setDistinctSubjects(60_000L)
                .build());

        List<String> subjectFields = new ArrayList<>();
        walk(finding, "", (path, value) -> {
            if (path.toLowerCase(Locale.ROOT).contains("subject")) {
                subjectFields.add(path + "=" + value);
            }
        });
        // Only the count of distinct subjects, never a key or a list of them.
        assertThat(subjectFields).containsExactly("unmapped.distinct_subjects=60000");
    }

    private static void walk(JsonNode node, String path, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                walk(field.getValue(), child, visit);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", visit);
            }
        } else {
            visit.accept(path, node);
        }
    }

    @Test
    void mappingIsSafeFromSeveralThreads() throws Exception {
        TransferAlert a = alert(AlertType.EXTERNAL_TRANSFER, Severity.CRITICAL).build();
        TransferAlert b =
                alert(AlertType.VOLUME_BURST, Severity.LOW).setRevision(2).build();
        String expectedA = OcsfMapper.toJson(a);
        String expectedB = OcsfMapper.toJson(b);

        Future<Boolean> first = pool.submit(() -> repeat(a, expectedA));
        Future<Boolean> second = pool.submit(() -> repeat(b, expectedB));

        assertThat(first.get()).isTrue();
        assertThat(second.get()).isTrue();
    }

    private static boolean repeat(TransferAlert alert, String expected) {
        for (int i = 0; i < 500; i++) {
            if (!OcsfMapper.toJson(alert).equals(expected)) {
                return false;
            }
        }
        return true;
    }

    static Stream<Arguments> brokenFindings() {
        return Stream.of(
                broken("no class_uid", f -> f.remove("class_uid")),
                broken("another class", f -> f.put("class_uid", 2005)),
                broken("severity_id 7", f -> f.put("severity_id", 7)),
                broken("severity caption off", f -> f.put("severity", "Critical")),
                broken("no severity_id", f -> f.remove("severity_id")),
                broken("type_uid of another activity", f -> f.put("type_uid", 200402)),
                broken("time as text", f -> f.put("time", "2026-11-27T09:05:30Z")),
                broken("finding without uid", f -> ((ObjectNode) f.get("finding_info")).remove("uid")),
                broken("no metadata", f -> f.remove("metadata")),
                broken(
                        "product without vendor",
                        f -> ((ObjectNode) f.get("metadata").get("product")).remove("vendor_name")),
                broken("vendor field outside unmapped", f -> f.put("principal_id", "svc-etl")),
                broken(
                        "attack without technique or tactic",
                        f -> ((ArrayNode) f.get("finding_info").get("attacks")).set(0, JSON.createObjectNode())),
                broken("empty evidence", f -> ((ArrayNode) f.get("evidences")).set(0, JSON.createObjectNode())),
                broken("status_id 5", f -> f.put("status_id", 5)));
    }

    private static Arguments broken(String what, Consumer<ObjectNode> damage) {
        return Arguments.of(what, damage);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFindings")
    void theSchemaRejectsABrokenFinding(String what, Consumer<ObjectNode> damage) throws IOException {
        ObjectNode finding = (ObjectNode)
                map(alert(AlertType.EXTERNAL_TRANSFER, Severity.HIGH).build());
        assertThat(errors(finding)).as("before: " + what).isEmpty();

        damage.accept(finding);

        assertThat(errors(finding)).as(what).isNotEmpty();
    }
}
