package dev.transfermonitor.app.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.simulator.Scenario;
import dev.transfermonitor.simulator.Simulator;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.cloudtrail.CloudTrailSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The demo's CloudTrail story: every simulated event, told as a CloudTrail record and read back by
 * the CloudTrail source, is the same transfer of the same principal and asset once the bundled
 * reference data resolves its AWS names.
 */
class CloudTrailRecordsTest {

    private final ReferenceIndex index = ReferenceIndex.of(ReferenceData.bundled());
    private final CloudTrailSource source = new CloudTrailSource(false);

    @Test
    void everySimulatedEventComesBackAsTheSameTransfer() {
        Instant start = Instant.parse("2026-12-03T09:00:00Z");
        List<SpecificRecord> events =
                new Simulator(SimulatorOptions.defaults()).eventsBetween(start, start.plus(Duration.ofMinutes(5)));
        Map<Scenario, Integer> seen = new EnumMap<>(Scenario.class);
        for (SpecificRecord event : events) {
            SpecificRecord mapped = readBack(event);
            seen.merge(Scenario.of(event).orElseThrow(), 1, Integer::sum);
            if (event instanceof DataAccessEvent e) {
                DataAccessEvent m = (DataAccessEvent) mapped;
                assertSameActor(m, e.getPrincipalId(), e.getCredentialId());
                assertThat(index.assetNamed(m.getAssetId()).getAssetId()).isEqualTo(e.getAssetId());
                assertThat(m.getByteCount()).isEqualTo(e.getByteCount());
                assertThat(m.getOccurredAt()).isEqualTo(e.getOccurredAt().truncatedTo(ChronoUnit.SECONDS));
                if (e.getClientIp() != null) {
                    assertThat(m.getClientIp()).isEqualTo(e.getClientIp());
                } else {
                    assertThat(index.network(Cidr.parseAddress(m.getClientIp())).getCountryCode())
                            .as("a service's call comes from the Seoul VPC")
                            .isEqualTo(e.getClientCountry());
                }
            } else {
                ReplicationEvent e = (ReplicationEvent) event;
                assertReplication(e, mapped);
            }
        }
        assertThat(seen.keySet()).containsAll(List.of(Scenario.values()));
    }

    private void assertReplication(ReplicationEvent e, SpecificRecord mapped) {
        if (e.getKind() == ReplicationKind.ETL) {
            DataAccessEvent m = (DataAccessEvent) mapped;
            assertThat(m.getAction()).isEqualTo(AccessAction.READ);
            assertThat(index.assetNamed(m.getAssetId()).getAssetId()).isEqualTo(e.getSourceAssetId());
            assertSameActor(m, e.getPrincipalId(), e.getCredentialId());
            return;
        }
        ReplicationEvent m = (ReplicationEvent) mapped;
        assertSameActor(m, e.getPrincipalId(), e.getCredentialId());
        assertThat(index.assetNamed(m.getSourceAssetId()).getAssetId()).isEqualTo(e.getSourceAssetId());
        switch (e.getKind()) {
            case REPLICA -> {
                assertThat(m.getKind()).isEqualTo(ReplicationKind.REPLICA);
                assertThat(index.assetNamed(m.getDestinationAssetId()).getAssetId())
                        .isEqualTo(e.getDestinationAssetId());
            }
            case BACKUP -> {
                Asset vault = index.asset(e.getDestinationAssetId());
                assertThat(m.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_COPY);
                assertThat(m.getDestinationRegion()).isEqualTo(vault.getRegionId());
                assertThat(m.getDestinationAccount()).isEqualTo(vault.getAccountId());
            }
            case SNAPSHOT_SHARE -> {
                assertThat(m.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
                assertThat(m.getDestinationAccount()).isEqualTo(e.getDestinationAccount());
            }
            default -> throw new AssertionError("unexpected kind " + e.getKind());
        }
    }

    /** The record resolves to the simulator's principal, and a long-term key to the same owner. */
    private void assertSameActor(SpecificRecord mapped, String principal, String credential) {
        String principalId =
                (String) mapped.get(mapped.getSchema().getField("principalId").pos());
        String credentialId =
                (String) mapped.get(mapped.getSchema().getField("credentialId").pos());
        @SuppressWarnings("unchecked")
        Map<String, String> attributes = (Map<String, String>)
                mapped.get(mapped.getSchema().getField("attributes").pos());
        Principal resolved = index.principalNamed(principalId);
        if (resolved == null) {
            String aliases = attributes.getOrDefault(EventAttributes.PRINCIPAL_ALIASES, "");
            resolved = index.principalNamed(aliases.split(" ")[0]);
        }
        assertThat(resolved).as("principal of %s", principalId).isNotNull();
        assertThat(resolved.getPrincipalId()).isEqualTo(principal);
        if (credential.startsWith("sso-")) {
            assertThat(credentialId)
                    .as("an Identity Center session has no long-term key")
                    .isNull();
        } else {
            assertThat(credentialId).isEqualTo(CloudTrailRecords.ACCESS_KEYS.get(credential));
        }
    }

    @Test
    void theAccessKeysAreTheReferenceDatasOwnRecords() {
        CloudTrailRecords.ACCESS_KEYS.forEach((id, key) -> {
            Credential named = index.credential(id);
            Credential aws = index.credential(key);
            assertThat(aws).as(key).isNotNull();
            assertThat(aws.getPrincipalId()).isEqualTo(named.getPrincipalId());
            assertThat(aws.getIssuedAt()).isEqualTo(named.getIssuedAt());
            assertThat(aws.getRevokedAt()).isEqualTo(named.getRevokedAt());
            assertThat(aws.getExpiresAt()).isEqualTo(named.getExpiresAt());
        });
        CloudTrailRecords.BUCKETS.forEach(
                (asset, bucket) -> assertThat(index.asset(asset).getRegionId()).isEqualTo("aws:" + bucket.region()));
    }

    @Test
    void aKindTheSimulatorNeverSendsIsRefused() {
        ReplicationEvent export = ReplicationEvent.newBuilder()
                .setEventId("e-1")
                .setOccurredAt(Instant.parse("2026-12-03T09:00:00Z"))
                .setPrincipalId("svc-etl")
                .setCredentialId("key-svc-etl")
                .setJobId("j")
                .setKind(ReplicationKind.EXPORT)
                .setSourceAssetId("crm-db-seoul")
                .setRecordCount(1)
                .setByteCount(1)
                .build();
        assertThatThrownBy(() -> CloudTrailRecords.of(export)).hasMessageContaining("no EXPORT events");
    }

    private SpecificRecord readBack(SpecificRecord event) {
        byte[] record = event instanceof DataAccessEvent a
                ? CloudTrailRecords.of(a)
                : CloudTrailRecords.of((ReplicationEvent) event);
        List<Outcome> outcomes = new ArrayList<>();
        source.read(record, outcomes::add);
        assertThat(outcomes)
                .as("outcome of %s", new String(record, StandardCharsets.UTF_8))
                .singleElement()
                .isInstanceOf(Outcome.Mapped.class);
        List<SpecificRecord> mapped = ((Outcome.Mapped) outcomes.get(0)).events();
        assertThat(mapped).hasSize(1);
        return mapped.get(0);
    }
}
