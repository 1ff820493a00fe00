package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.RecordKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped sample company must match the spec the simulator and the demo rely on. */
class SampleCompanyTest {

    private static final Set<String> OWN_ACCOUNTS =
            Set.of("111111111111", "hanbit-analytics", "hanbit-eu-sub", "8d4b2f61-3c7a-4e95-b0d2-5a1e9c6f7b30");

    private static List<ReferenceData.Loaded> loaded;
    private static Map<String, Region> regions;
    private static Map<String, Asset> assets;
    private static Map<String, Principal> principals;
    private static Map<String, Credential> credentials;
    private static Map<String, ResidencyPolicy> policies;
    private static List<NetworkRange> networks;

    @BeforeAll
    static void load() {
        loaded = ReferenceData.bundled();
        regions = byKey(RecordKind.REGION, Region::getRegionId);
        assets = byKey(RecordKind.ASSET, Asset::getAssetId);
        principals = byKey(RecordKind.PRINCIPAL, Principal::getPrincipalId);
        credentials = byKey(RecordKind.CREDENTIAL, Credential::getCredentialId);
        policies = byKey(RecordKind.POLICY, ResidencyPolicy::getPolicyId);
        networks = ReferenceData.valuesOf(loaded, RecordKind.NETWORK);
    }

    private static <T extends SpecificRecord> Map<String, T> byKey(RecordKind kind, Function<T, String> key) {
        List<T> values = ReferenceData.valuesOf(loaded, kind);
        return values.stream().collect(Collectors.toMap(key, Function.identity()));
    }

    @Test
    void loadsInKindOrderWithSourcesAndKeys() {
        assertThat(loaded)
                .extracting(ReferenceData.Loaded::kind)
                .isSortedAccordingTo(
                        (a, b) -> Integer.compare(ReferenceData.KINDS.indexOf(a), ReferenceData.KINDS.indexOf(b)));
        assertThat(loaded).allSatisfy(l -> {
            assertThat(l.key()).isEqualTo(l.kind().keyOf(l.value()));
            assertThat(l.source()).startsWith("classpath:reference/").matches(".*\\.jsonl:\\d+");
        });
        assertThat(ReferenceData.countsByKind(loaded))
                .containsEntry("assets", 15)
                .containsEntry("principals", 21)
                .containsEntry("credentials", 25)
                .containsEntry("networks", 8)
                .containsEntry("policies", 4);
    }

    @Test
    void assets() {
        assertThat(assets)
                .containsOnlyKeys(
                        "crm-db-seoul",
                        "orders-db-seoul",
                        "hr-db-seoul-dc1",
                        "analytics-bq-seoul",
                        "backup-vault-singapore",
                        "catalog-db-frankfurt",
                        "telemetry-lake-virginia",
                        "marketing-lake-virginia",
                        "analytics-exports-seoul",
                        "partner-exports-us",
                        "crm-blobs-korea",
                        "crm-disks-korea",
                        "crm-warehouse-seoul",
                        "crm-replica-disks-seoul",
                        "analytics-bq-asia");
        Asset crm = assets.get("crm-db-seoul");
        assertThat(crm.getProvider()).isEqualTo("aws");
        assertThat(crm.getRegionId()).isEqualTo("aws:ap-northeast-2");
        assertThat(crm.getAccountId()).isEqualTo("111111111111");
        assertThat(crm.getDataClasses()).containsExactly("PERSONAL", "CONTACT");
        assertThat(crm.getOwner()).isEqualTo("crm-team");
        assertThat(assets.get("hr-db-seoul-dc1").getAccountId()).isNull();
        assertThat(assets.get("hr-db-seoul-dc1").getDataClasses()).containsExactly("PERSONAL", "HR");
        assertThat(assets.get("backup-vault-singapore").getDataClasses())
                .containsExactly("PERSONAL", "CONTACT", "PAYMENT");
        assertThat(assets.get("catalog-db-frankfurt").getRegionId()).isEqualTo("azure:germanywestcentral");
        assertThat(assets.get("marketing-lake-virginia").getDataClasses()).isEmpty();
        assertThat(assets.values()).allSatisfy(a -> {
            assertThat(regions.containsKey(a.getRegionId()) || RegionCatalog.get(a.getRegionId()) != null)
                    .as("%s is in a sample region or the built-in catalogue", a.getAssetId())
                    .isTrue();
            assertThat(a.getRegionId()).startsWith(a.getProvider() + ":");
            if (a.getAccountId() != null) {
                assertThat(OWN_ACCOUNTS).contains(a.getAccountId());
            }
        });
    }

    @Test
    void regionsAreTheCompanysOwnSitesOnly() {
        assertThat(regions).containsOnlyKeys("onprem:seoul-dc1", "onprem:busan-dc2");
        assertThat(regions.get("onprem:seoul-dc1").getCountryCode()).isEqualTo("KR");
        assertThat(regions.get("onprem:seoul-dc1").getCity()).isEqualTo("Seoul");
        assertThat(regions.get("onprem:busan-dc2").getCity()).isEqualTo("Busan");
    }

    @Test
    void principals() {
        assertThat(principals).hasSize(21);
        for (int n = 1001; n <= 1012; n++) {
            Principal p = principals.get("emp-" + n);
            assertThat(p).as("emp-" + n).isNotNull();
            assertThat(p.getKind()).isEqualTo(PrincipalKind.HUMAN);
            assertThat(p.getStatus()).isEqualTo(PrincipalStatus.ACTIVE);
            assertThat(p.getHomeCountry()).isEqualTo("KR");
        }
        assertThat(principals.get("emp-3001").getHomeCountry()).isEqualTo("SG");
        Principal departed = principals.get("emp-2040");
        assertThat(departed.getStatus()).isEqualTo(PrincipalStatus.DEPARTED);
        assertThat(departed.getStatusSince()).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        Principal suspended = principals.get("emp-2077");
        assertThat(suspended.getStatus()).isEqualTo(PrincipalStatus.SUSPENDED);
        assertThat(suspended.getStatusSince()).isEqualTo(Instant.parse("2026-09-01T00:00:00Z"));
        for (String service : List.of("svc-backup", "svc-etl", "svc-analytics", "svc-orders-api", "svc-snowflake")) {
            assertThat(principals.get(service).getKind()).as(service).isEqualTo(PrincipalKind.SERVICE);
            assertThat(principals.get(service).getStatus()).as(service).isEqualTo(PrincipalStatus.ACTIVE);
        }
    }

    @Test
    void credentials() {
        assertThat(credentials).hasSize(25);
        assertThat(credentials.values())
                .allSatisfy(c -> assertThat(principals).as(c.getCredentialId()).containsKey(c.getPrincipalId()));
        Credential hole = credentials.get("key-emp-2040-api");
        assertThat(hole.getPrincipalId()).isEqualTo("emp-2040");
        assertThat(hole.getIssuedAt()).isEqualTo(Instant.parse("2025-01-10T00:00:00Z"));
        assertThat(hole.getRevokedAt()).isNull();
        assertThat(hole.getExpiresAt()).isNull();
        assertThat(credentials.get("sso-emp-2040").getRevokedAt()).isEqualTo(Instant.parse("2026-03-31T00:00:00Z"));
        Credential old = credentials.get("key-svc-etl-old");
        assertThat(old.getPrincipalId()).isEqualTo("svc-etl");
        assertThat(old.getExpiresAt()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
        for (int n = 1001; n <= 1012; n++) {
            assertThat(credentials.get("sso-emp-" + n).getPrincipalId()).isEqualTo("emp-" + n);
        }
        assertThat(credentials)
                .containsKeys(
                        "sso-emp-3001", "key-svc-backup", "key-svc-etl", "key-svc-analytics", "key-svc-orders-api");
        // The IAM users' keys as CloudTrail names them: the same owners and dates as the named records.
        Credential awsHole = credentials.get("AKIAHANBIT2040APIKEY");
        assertThat(awsHole.getPrincipalId()).isEqualTo("emp-2040");
        assertThat(awsHole.getIssuedAt()).isEqualTo(hole.getIssuedAt());
        assertThat(awsHole.getRevokedAt()).isNull();
        assertThat(credentials.values().stream().filter(c -> c.getCredentialId().startsWith("AKIA")))
                .extracting(Credential::getPrincipalId)
                .containsExactlyInAnyOrder("emp-2040", "svc-backup", "svc-etl", "svc-analytics", "svc-orders-api");
    }

    @Test
    void networksResolveLikeTheSimulatorExpects() {
        NetworkIndex<String> index = new NetworkIndex<>();
        for (NetworkRange range : networks) {
            index.put(Cidr.parse(range.getCidr()), range.getCountryCode());
        }
        assertThat(index.size()).isEqualTo(8);
        assertThat(index.lookup("10.1.2.3")).isEqualTo("KR");
        assertThat(index.lookup("10.20.1.2")).isEqualTo("SG");
        assertThat(index.lookup("211.234.10.20")).isEqualTo("KR");
        assertThat(index.lookup("198.51.100.7")).isEqualTo("SG");
        assertThat(index.lookup("203.0.113.77")).isEqualTo("NL");
        assertThat(Jurisdictions.of(index.lookup("203.0.113.77"))).isEqualTo("EU");
        assertThat(index.lookup("192.0.2.10")).isEqualTo("US");
        assertThat(index.lookup("2001:db8:100::5")).isEqualTo("KR");
        assertThat(index.lookup("2001:db8:200::5")).isEqualTo("US");
    }

    @Test
    void policies() {
        assertThat(policies).containsOnlyKeys("kr-personal-v1", "kr-contact-v1", "kr-payment-v1", "kr-hr-v1");
        assertThat(policies.values()).allSatisfy(p -> {
            assertThat(p.getOriginJurisdiction()).isEqualTo("KR");
            assertThat(p.getVersion()).isEqualTo(1);
        });
        assertThat(policies.get("kr-hr-v1").getDataClass()).isEqualTo("HR");
        assertThat(policies.get("kr-hr-v1").getAllowed()).isEmpty();
        var personal = policies.get("kr-personal-v1").getAllowed();
        assertThat(personal).singleElement().satisfies(a -> {
            assertThat(a.getDestination()).isEqualTo("SG");
            assertThat(a.getKinds())
                    .containsExactly(
                            TransferKind.ACCESS, TransferKind.BACKUP, TransferKind.REPLICA, TransferKind.SNAPSHOT_COPY);
            assertThat(a.getValidFrom()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
            assertThat(a.getValidUntil()).isNull();
        });
        assertThat(policies.get("kr-payment-v1").getAllowed())
                .singleElement()
                .satisfies(
                        a -> assertThat(a.getKinds()).containsExactly(TransferKind.BACKUP, TransferKind.SNAPSHOT_COPY));
    }
}
