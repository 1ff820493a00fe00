package dev.transfermonitor.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.TestSetup;
import dev.transfermonitor.app.TopicReader;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.cloudtrail.Fixtures;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of real CloudTrail files, unchanged (see the NOTICE of the sources module's test
 * resources), ingested against a running monitor that knows the organisation of account
 * 123456789012: its production database and snapshots, an active contractor, a developer who
 * left but whose access key was never revoked, and a policy that keeps US personal data in the
 * US. Each share, public share, grant, copy and export alerts as the rules say, and nothing else.
 */
class RealTrailFilesIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    /** Shares, public shares, a public grant, cross-region copies, exports, failed calls and noise. */
    private static final List<String> FILES = List.of(
            "copies-exports/CopyDBClusterSnapshot-crossregion-panther-fixture.json",
            "copies-exports/CopyDBSnapshot-crossregion-panther-fixture.json",
            "copies-exports/StartExportTask-external-bucket-panther-fixture.json",
            "copies-exports/StartExportTask-accessdenied-panther-fixture.json",
            "copies-exports/ModifyImageAttribute-public-all-console-streamalert.json",
            "copies-exports/ModifyDBClusterSnapshotAttribute-share-account-streamalert.json",
            "s3-iam/PutBucketPolicy-principal-star-vpce.json",
            "s3-iam/ListBuckets-querystring.json",
            "stratus/RunInstances-failed-unauthorized.json");

    @Test
    void eachMoveInRealTrailFilesAlertsAsTheRulesSay() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        Path trail = Files.createDirectories(dir.resolve("trail"));
        for (String file : FILES) {
            Files.write(trail.resolve(file.replace('/', '_')), Fixtures.bytes(file));
        }
        Path ref = Files.createDirectories(dir.resolve("ref"));
        Files.writeString(ref.resolve("assets.jsonl"), """
                {"assetId": "prod-db", "provider": "aws", "regionId": "aws:us-east-1", "accountId": "123456789012", "dataClasses": ["PERSONAL"], "resourceNames": ["production-db-*", "prod-backup-*", "aurora-prod-*", "mysnapshot"]}
                """);
        Files.writeString(ref.resolve("principals.jsonl"), """
                {"principalId": "contractor", "kind": "HUMAN", "status": "ACTIVE", "statusSince": "2023-01-02T00:00:00Z", "homeCountry": "US", "aliases": ["arn:aws:iam::123456789012:user/contractor"]}
                {"principalId": "developer", "kind": "HUMAN", "status": "DEPARTED", "statusSince": "2023-12-31T00:00:00Z", "homeCountry": "US", "aliases": ["arn:aws:iam::123456789012:user/developer"]}
                {"principalId": "dba-role", "kind": "SERVICE", "status": "ACTIVE", "statusSince": "2023-01-02T00:00:00Z", "homeCountry": "US", "aliases": ["arn:aws:iam::123456789012:role/DeveloperRole"]}
                """);
        Files.writeString(ref.resolve("credentials.jsonl"), """
                {"credentialId": "AKIAIOSFODNN7EXAMPLE", "principalId": "developer", "issuedAt": "2022-01-03T00:00:00Z"}
                """);
        Files.writeString(ref.resolve("policies.jsonl"), """
                {"policyId": "us-personal", "version": 1, "originJurisdiction": "US", "dataClass": "PERSONAL", "allowed": []}
                """);
        assertThat(Main.run(cli(topics, "reference", "load", ref.toString()))).isZero();

        DetectionMetrics metrics = DetectionMetrics.inMemory();
        try (Monitor monitor = new Monitor(
                TestSetup.monitorConfig(KAFKA, topics, TestSetup.applicationId("real", topics), dir.resolve("state")),
                metrics)) {
            monitor.start(Duration.ofSeconds(60));
            assertThat(Main.run(cli(topics, "ingest", "cloudtrail", trail.toString())))
                    .isZero();

            // One alert per move; "..." is the placeholder some of the published records put for the caller.
            Map<String, Severity> expected = Map.ofEntries(
                    // The contractor copied the production cluster's snapshot to Ireland, signing with the
                    // key of the developer who left: the copy, the borrowed key, and its departed owner.
                    Map.entry("CROSS_BORDER_VIOLATION|contractor|US>EU", Severity.CRITICAL),
                    Map.entry("CREDENTIAL_MISUSE|contractor/AKIAIOSFODNN7EXAMPLE", Severity.HIGH),
                    Map.entry("INACTIVE_IDENTITY|contractor/AKIAIOSFODNN7EXAMPLE", Severity.MEDIUM),
                    // The developer, departed, exported a production snapshot to a bucket nobody knows.
                    Map.entry("INACTIVE_IDENTITY|developer/AKIAIOSFODNN7EXAMPLE", Severity.MEDIUM),
                    Map.entry("UNKNOWN_LOCATION|developer|US>?", Severity.MEDIUM),
                    Map.entry("EXTERNAL_TRANSFER|developer>?", Severity.HIGH),
                    // A snapshot of production shared with another account, by a caller not in the reference data.
                    Map.entry("EXTERNAL_TRANSFER|...>123456789013", Severity.MEDIUM),
                    Map.entry("INACTIVE_IDENTITY|...", Severity.MEDIUM),
                    // An AMI made public; a bucket policy open to everyone.
                    Map.entry("EXTERNAL_TRANSFER|arn:aws:iam::444444444444:user/test>(public)", Severity.CRITICAL),
                    Map.entry("EXTERNAL_TRANSFER|...>(public)", Severity.CRITICAL));
            // Not alerting: the DBA role's copy within the US; the failed export and the failed launch; ListBuckets.
            List<TransferAlert> alerts = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                alerts.clear();
                TopicReader.readToEnd(KAFKA.consumerConfig(null), topics.alerts())
                        .forEach(r ->
                                alerts.add(AvroCodec.of(TransferAlert.class).decode(r.value())));
                assertThat(alerts.stream()
                                .collect(Collectors.toMap(TransferAlert::getAlertKey, TransferAlert::getSeverity)))
                        .as("%s", alerts)
                        .isEqualTo(expected);
            });
            assertThat(alerts)
                    .filteredOn(a -> a.getAlertKey().endsWith("(public)"))
                    .allSatisfy(a -> assertThat(a.getSummary()).contains("made it public"));
            assertThat(alerts)
                    .filteredOn(a -> a.getType() == AlertType.INACTIVE_IDENTITY)
                    .extracting(TransferAlert::getSummary)
                    .anySatisfy(s -> assertThat(s).contains("the principal is departed"))
                    .anySatisfy(s -> assertThat(s).contains("the credential's owner developer is departed"));
        }
    }

    private static String[] cli(Topics topics, String... args) {
        return TestSetup.cli(KAFKA, topics, args);
    }
}
