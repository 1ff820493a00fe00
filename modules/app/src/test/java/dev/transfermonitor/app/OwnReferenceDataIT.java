package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.aReplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new user's own reference directory, without regions and without the sample company,
 * loaded before the monitor starts: the monitor builds its stores from the topics at start
 * (as after any restart) and must resolve the cloud regions from its built-in catalogue and
 * keep the newer of two policy versions even though the older one was written last.
 */
class OwnReferenceDataIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    @Test
    void ownAssetsInCloudRegionsResolveAndAStalePolicyStaysIgnoredAcrossAStart() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        Path ref = Files.createDirectories(dir.resolve("ref"));
        Files.writeString(ref.resolve("assets.jsonl"), """
                {"assetId": "orders-seoul", "provider": "aws", "regionId": "aws:ap-northeast-2", "accountId": "123456789012", "dataClasses": ["PERSONAL"]}
                {"assetId": "orders-frankfurt", "provider": "gcp", "regionId": "gcp:europe-west3", "accountId": "123456789012", "dataClasses": ["PERSONAL"]}
                {"assetId": "orders-tokyo", "provider": "azure", "regionId": "azure:japaneast", "accountId": "123456789012", "dataClasses": ["PERSONAL"]}
                """);
        Files.writeString(ref.resolve("principals.jsonl"), """
                {"principalId": "svc-sync", "kind": "SERVICE", "status": "ACTIVE", "statusSince": "2024-01-02T00:00:00Z"}
                """);
        Files.writeString(ref.resolve("credentials.jsonl"), """
                {"credentialId": "key-svc-sync", "principalId": "svc-sync", "issuedAt": "2024-01-02T00:00:00Z"}
                """);
        // Version 2 narrowed the policy to no destination at all...
        Files.writeString(ref.resolve("policies.jsonl"), """
                {"policyId": "kr-personal", "version": 2, "originJurisdiction": "KR", "dataClass": "PERSONAL", "allowed": []}
                """);
        // ...then an old file with version 1, which allowed Japan, is produced again.
        Path old = Files.writeString(dir.resolve("old-policies.jsonl"), """
                {"policyId": "kr-personal", "version": 1, "originJurisdiction": "KR", "dataClass": "PERSONAL", "allowed": [{"destination": "JP", "kinds": ["REPLICA"], "basis": "ADEQUACY", "validFrom": "2024-01-01T00:00:00Z"}]}
                """);
        assertThat(Main.run(cli(topics, "reference", "load", ref.toString()))).isZero();
        assertThat(Main.run(cli(topics, "produce", "--topic", "policies", old.toString())))
                .isZero();

        DetectionMetrics metrics = DetectionMetrics.inMemory();
        try (Monitor monitor = new Monitor(
                TestSetup.monitorConfig(KAFKA, topics, TestSetup.applicationId("own", topics), dir.resolve("state")),
                metrics)) {
            monitor.start(Duration.ofSeconds(60));
            AvroCodec<ReplicationEvent> codec = AvroCodec.of(ReplicationEvent.class);
            for (String destination : List.of("orders-tokyo", "orders-frankfurt")) {
                KAFKA.send(
                        topics.replication(),
                        "svc-sync",
                        codec.encode(aReplication()
                                .by("svc-sync")
                                .kind(ReplicationKind.REPLICA)
                                .from("orders-seoul")
                                .toAsset(destination)
                                .at(Instant.now())
                                .build()));
            }

            List<LedgerEntry> ledger =
                    new ArrayList<>(KAFKA.readValues(topics.audit(), LedgerEntry.class, 2, Duration.ofSeconds(30)));
            assertThat(ledger)
                    .extracting(
                            LedgerEntry::getDestinationRegion,
                            LedgerEntry::getDestinationJurisdiction,
                            LedgerEntry::getDecision)
                    .containsExactlyInAnyOrder(
                            Tuple.tuple("azure:japaneast", "JP", LedgerDecision.DENIED),
                            Tuple.tuple("gcp:europe-west3", "EU", LedgerDecision.DENIED));
            assertThat(ledger)
                    .allSatisfy(e -> assertThat(e.getOriginJurisdiction()).isEqualTo("KR"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(metrics.count("transfer.reference.stale", "kind", "policy"))
                            .isEqualTo(1));
            assertThat(metrics.count("transfer.enrichment.misses", "kind", "region"))
                    .isZero();
        }
    }

    private static String[] cli(Topics topics, String... args) {
        return TestSetup.cli(KAFKA, topics, args);
    }
}
