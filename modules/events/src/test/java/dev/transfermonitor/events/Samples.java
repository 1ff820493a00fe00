package dev.transfermonitor.events;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * One full sample per record kind, twice: as a JSON line written by hand (the documented
 * format) and as the record the generated builders make, with nested records, arrays, maps,
 * enums and optional fields filled in wherever the schema has them.
 */
final class Samples {

    private Samples() {}

    static String json(RecordKind kind) {
        return switch (kind) {
            case ACCESS -> """
                    {"eventId":"evt-1","occurredAt":"2026-11-27T10:00:00.123Z","principalId":"emp-2040",\
                    "credentialId":"key-emp-2040-api","authMethod":"API_KEY","action":"EXPORT","assetId":"crm-db-seoul",\
                    "dataClasses":["PERSONAL","CONTACT"],"recordCount":2000,"byteCount":9007199254740993,\
                    "subjectKeys":["k1","k2"],"clientIp":"203.0.113.77","clientCountry":"NL",\
                    "application":"crm-export","attributes":{"job":"nightly","ticket":"SEC-1"}}""";
            case REPLICATION -> """
                    {"eventId":"evt-2","occurredAt":"2026-11-27T19:00:00+09:00","principalId":"svc-etl",\
                    "credentialId":"key-svc-etl","jobId":"job-77","kind":"REPLICA","sourceAssetId":"crm-db-seoul",\
                    "destinationAssetId":"marketing-lake-virginia","destinationRegion":"aws:us-east-1",\
                    "destinationAccount":"111111111111","dataClasses":["PERSONAL"],"recordCount":50000,\
                    "byteCount":12345678,"attributes":{"tool":"dms"}}""";
            case ASSET -> """
                    {"assetId":"crm-db-seoul","provider":"aws","regionId":"aws:ap-northeast-2",\
                    "accountId":"111111111111","dataClasses":["PERSONAL","CONTACT"],"owner":"crm-team"}""";
            case REGION -> """
                    {"regionId":"onprem:seoul-dc1","countryCode":"KR","city":"Seoul"}""";
            case NETWORK -> """
                    {"cidr":"2001:db8:100::/48","countryCode":"KR","label":"Seoul office IPv6"}""";
            case PRINCIPAL -> """
                    {"principalId":"emp-2040","kind":"HUMAN","status":"DEPARTED",\
                    "statusSince":"2026-03-31T00:00:00Z","homeCountry":"KR"}""";
            case CREDENTIAL -> """
                    {"credentialId":"key-svc-etl-old","principalId":"svc-etl","issuedAt":"2023-01-02T00:00:00Z",\
                    "expiresAt":"2025-01-02T00:00:00Z","revokedAt":"2025-01-03T12:30:00.5Z"}""";
            case POLICY -> """
                    {"policyId":"kr-personal-v1","version":1,"originJurisdiction":"KR","dataClass":"PERSONAL",\
                    "allowed":[{"destination":"SG","kinds":["ACCESS","BACKUP","REPLICA"],"basis":"CONTRACT",\
                    "validFrom":"2024-01-01T00:00:00Z","validUntil":"2030-01-01T00:00:00Z"},\
                    {"destination":"aws:eu-central-1","kinds":["BACKUP"],"basis":"STANDARD_CONTRACTUAL_CLAUSES",\
                    "validFrom":"2025-06-01T00:00:00Z"}]}""";
            case ALERT -> """
                    {"alertId":"a-1","alertKey":"CROSS_BORDER_VIOLATION|svc-etl|KR>US","revision":2,\
                    "type":"CROSS_BORDER_VIOLATION","ruleId":"residency","ruleVersion":"rules-7","severity":"CRITICAL",\
                    "riskScore":95,"summary":"svc-etl copied PERSONAL data from KR to US.","principalId":"svc-etl",\
                    "credentialId":"key-svc-etl","originJurisdiction":"KR","destinationJurisdiction":"US",\
                    "dataClasses":["PERSONAL","CONTACT"],"windowStart":"2026-11-27T10:00:00Z",\
                    "windowEnd":"2026-11-27T10:10:00Z","firstSeen":"2026-11-27T10:01:00Z",\
                    "lastSeen":"2026-11-27T10:02:00.999Z","eventCount":3,"recordCount":150000,"byteCount":-1,\
                    "distinctSubjects":149000,"policyId":"kr-personal-v1","policyVersion":1,\
                    "mitreTechniques":["T1537","T1030"],"evidence":[{"eventId":"evt-2",\
                    "topic":"transfer.replication.v1","partition":3,"offset":4294967296}]}""";
            case LEDGER -> """
                    {"sequence":42,"eventId":"evt-9","occurredAt":"1969-12-31T23:59:59.999Z","principalId":"emp-3001",\
                    "kind":"ACCESS","originJurisdiction":"KR","originRegion":"aws:ap-northeast-2",\
                    "destinationJurisdiction":"SG","destinationRegion":"onprem:singapore","dataClasses":["PERSONAL"],\
                    "recordCount":1,"byteCount":512,"decision":"ALLOWED","policyId":"kr-personal-v1",\
                    "policyVersion":1,"basis":"CONTRACT","subjectSketch":"AQIDBA==","previousHash":"00","hash":"ab"}""";
        };
    }

    static SpecificRecord record(RecordKind kind) {
        return switch (kind) {
            case ACCESS ->
                DataAccessEvent.newBuilder()
                        .setEventId("evt-1")
                        .setOccurredAt(Instant.parse("2026-11-27T10:00:00.123Z"))
                        .setPrincipalId("emp-2040")
                        .setCredentialId("key-emp-2040-api")
                        .setAuthMethod(AuthMethod.API_KEY)
                        .setAction(AccessAction.EXPORT)
                        .setAssetId("crm-db-seoul")
                        .setDataClasses(List.of("PERSONAL", "CONTACT"))
                        .setRecordCount(2000)
                        .setByteCount(9_007_199_254_740_993L)
                        .setSubjectKeys(List.of("k1", "k2"))
                        .setClientIp("203.0.113.77")
                        .setClientCountry("NL")
                        .setApplication("crm-export")
                        .setAttributes(Map.of("job", "nightly", "ticket", "SEC-1"))
                        .build();
            case REPLICATION ->
                ReplicationEvent.newBuilder()
                        .setEventId("evt-2")
                        .setOccurredAt(Instant.parse("2026-11-27T10:00:00Z"))
                        .setPrincipalId("svc-etl")
                        .setCredentialId("key-svc-etl")
                        .setJobId("job-77")
                        .setKind(ReplicationKind.REPLICA)
                        .setSourceAssetId("crm-db-seoul")
                        .setDestinationAssetId("marketing-lake-virginia")
                        .setDestinationRegion("aws:us-east-1")
                        .setDestinationAccount("111111111111")
                        .setDataClasses(List.of("PERSONAL"))
                        .setRecordCount(50_000)
                        .setByteCount(12_345_678)
                        .setAttributes(Map.of("tool", "dms"))
                        .build();
            case ASSET ->
                Asset.newBuilder()
                        .setAssetId("crm-db-seoul")
                        .setProvider("aws")
                        .setRegionId("aws:ap-northeast-2")
                        .setAccountId("111111111111")
                        .setDataClasses(List.of("PERSONAL", "CONTACT"))
                        .setOwner("crm-team")
                        .build();
            case REGION ->
                Region.newBuilder()
                        .setRegionId("onprem:seoul-dc1")
                        .setCountryCode("KR")
                        .setCity("Seoul")
                        .build();
            case NETWORK ->
                NetworkRange.newBuilder()
                        .setCidr("2001:db8:100::/48")
                        .setCountryCode("KR")
                        .setLabel("Seoul office IPv6")
                        .build();
            case PRINCIPAL ->
                Principal.newBuilder()
                        .setPrincipalId("emp-2040")
                        .setKind(PrincipalKind.HUMAN)
                        .setStatus(PrincipalStatus.DEPARTED)
                        .setStatusSince(Instant.parse("2026-03-31T00:00:00Z"))
                        .setHomeCountry("KR")
                        .build();
            case CREDENTIAL ->
                Credential.newBuilder()
                        .setCredentialId("key-svc-etl-old")
                        .setPrincipalId("svc-etl")
                        .setIssuedAt(Instant.parse("2023-01-02T00:00:00Z"))
                        .setExpiresAt(Instant.parse("2025-01-02T00:00:00Z"))
                        .setRevokedAt(Instant.parse("2025-01-03T12:30:00.500Z"))
                        .build();
            case POLICY ->
                ResidencyPolicy.newBuilder()
                        .setPolicyId("kr-personal-v1")
                        .setVersion(1)
                        .setOriginJurisdiction("KR")
                        .setDataClass("PERSONAL")
                        .setAllowed(List.of(
                                PolicyAllowance.newBuilder()
                                        .setDestination("SG")
                                        .setKinds(
                                                List.of(TransferKind.ACCESS, TransferKind.BACKUP, TransferKind.REPLICA))
                                        .setBasis(LegalBasis.CONTRACT)
                                        .setValidFrom(Instant.parse("2024-01-01T00:00:00Z"))
                                        .setValidUntil(Instant.parse("2030-01-01T00:00:00Z"))
                                        .build(),
                                PolicyAllowance.newBuilder()
                                        .setDestination("aws:eu-central-1")
                                        .setKinds(List.of(TransferKind.BACKUP))
                                        .setBasis(LegalBasis.STANDARD_CONTRACTUAL_CLAUSES)
                                        .setValidFrom(Instant.parse("2025-06-01T00:00:00Z"))
                                        .build()))
                        .build();
            case ALERT ->
                TransferAlert.newBuilder()
                        .setAlertId("a-1")
                        .setAlertKey("CROSS_BORDER_VIOLATION|svc-etl|KR>US")
                        .setRevision(2)
                        .setType(AlertType.CROSS_BORDER_VIOLATION)
                        .setRuleId("residency")
                        .setRuleVersion("rules-7")
                        .setSeverity(Severity.CRITICAL)
                        .setRiskScore(95)
                        .setSummary("svc-etl copied PERSONAL data from KR to US.")
                        .setPrincipalId("svc-etl")
                        .setCredentialId("key-svc-etl")
                        .setOriginJurisdiction("KR")
                        .setDestinationJurisdiction("US")
                        .setDataClasses(List.of("PERSONAL", "CONTACT"))
                        .setWindowStart(Instant.parse("2026-11-27T10:00:00Z"))
                        .setWindowEnd(Instant.parse("2026-11-27T10:10:00Z"))
                        .setFirstSeen(Instant.parse("2026-11-27T10:01:00Z"))
                        .setLastSeen(Instant.parse("2026-11-27T10:02:00.999Z"))
                        .setEventCount(3)
                        .setRecordCount(150_000)
                        .setByteCount(-1)
                        .setDistinctSubjects(149_000L)
                        .setPolicyId("kr-personal-v1")
                        .setPolicyVersion(1)
                        .setMitreTechniques(List.of("T1537", "T1030"))
                        .setEvidence(List.of(new Evidence("evt-2", "transfer.replication.v1", 3, 4_294_967_296L)))
                        .build();
            case LEDGER ->
                LedgerEntry.newBuilder()
                        .setSequence(42)
                        .setEventId("evt-9")
                        .setOccurredAt(Instant.parse("1969-12-31T23:59:59.999Z"))
                        .setPrincipalId("emp-3001")
                        .setKind(TransferKind.ACCESS)
                        .setOriginJurisdiction("KR")
                        .setOriginRegion("aws:ap-northeast-2")
                        .setDestinationJurisdiction("SG")
                        .setDestinationRegion("onprem:singapore")
                        .setDataClasses(List.of("PERSONAL"))
                        .setRecordCount(1)
                        .setByteCount(512)
                        .setDecision(LedgerDecision.ALLOWED)
                        .setPolicyId("kr-personal-v1")
                        .setPolicyVersion(1)
                        .setBasis(LegalBasis.CONTRACT)
                        .setSubjectSketch(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                        .setPreviousHash("00")
                        .setHash("ab")
                        .build();
        };
    }
}
