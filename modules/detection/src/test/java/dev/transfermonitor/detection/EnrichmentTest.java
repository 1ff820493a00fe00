package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.testkit.References;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Asset -> region -> country -> jurisdiction, client IP -> network range, and every kind of miss. */
class EnrichmentTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void theLongestPrefixWins() {
        // 10.0.0.0/8 is Korea, 10.20.0.0/16 the Singapore office VPN.
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("10.20.5.6").build());
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("10.21.5.6").build());

        assertThat(tm.ledger())
                .extracting(LedgerEntry::getDestinationJurisdiction, LedgerEntry::getDecision)
                .containsExactly(Tuple.tuple("SG", LedgerDecision.ALLOWED));
        assertThat(tm.misses("network")).isZero();
    }

    @Test
    void ipv6AddressesResolve() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("2001:db8:200::17")
                .build());
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("2001:db8:100::17")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getDestinationJurisdiction()).isEqualTo("US"));
    }

    @Test
    void euMembersShareOneJurisdiction() {
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("203.0.113.9").build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getDestinationJurisdiction()).isEqualTo("EU"));
    }

    @Test
    void aGivenClientCountryIsUsedWhenThereIsNoAddress() {
        tm.send(anAccess()
                .by("svc-orders-api")
                .on("orders-db-seoul")
                .from(null)
                .country("jp")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getDestinationJurisdiction()).isEqualTo("JP"));
    }

    @Test
    void anAddressInNoRangeFallsBackToTheGivenCountryAndIsCounted() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("100.64.1.1")
                .country("KR")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.misses("network")).isEqualTo(1);
    }

    @Test
    void anAddressInNoRangeAndNoCountryIsAnUnknownLocation() {
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("100.64.1.1").build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.UNKNOWN_LOCATION);
        assertThat(tm.misses("network")).isEqualTo(1);
    }

    @Test
    void anUnknownAssetIsAnUnknownOrigin() {
        tm.send(anAccess().by("emp-1001").on("shadow-db").from("10.1.1.1").build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.UNKNOWN_LOCATION);
            assertThat(a.getSummary()).contains("origin");
        });
        assertThat(tm.misses("asset")).isEqualTo(1);
    }

    @Test
    void anAssetInARegionMissingFromTheCatalogIsCounted() {
        tm.reference(References.asset("edge-db", "aws:xx-nowhere-1", "111111111111", "PERSONAL"));

        tm.send(anAccess().by("emp-1001").on("edge-db").from("10.1.1.1").build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.UNKNOWN_LOCATION);
        assertThat(tm.misses("region")).isEqualTo(1);
    }

    @Test
    void anUnknownDestinationAssetWithoutRegionIsUnknownAndNotTrusted() {
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("vault-x")
                .build());

        assertThat(tm.alerts())
                .extracting(TransferAlert::getType)
                .containsExactlyInAnyOrder(AlertType.UNKNOWN_LOCATION, AlertType.EXTERNAL_TRANSFER);
        assertThat(tm.misses("asset")).isEqualTo(1);
    }

    @Test
    void aCopyToAnUnknownAssetInAKnownRegionWithoutAccountCountsTheMissAndIsNotTrusted() {
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("vault-x")
                .toRegion("aws:ap-northeast-2")
                .build());

        assertThat(tm.misses("asset")).isEqualTo(1);
        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.EXTERNAL_TRANSFER);
            assertThat(a.getSummary()).contains("in no account the organisation knows");
        });
    }

    @Test
    void aCopyIntoAnInventoryAssetIsTheOrganisationsEvenWithoutAnAccount() {
        // hr-db-seoul-dc1 is on premises: no cloud account, and still the organisation's.
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("hr-db-seoul-dc1")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.misses("asset")).isZero();
    }

    @Test
    void aRegionThatContradictsTheDestinationAssetIsTheDestination() {
        // The vault is in Singapore; the event says the copy went to us-east-1.
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .toRegion("aws:us-east-1")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.CROSS_BORDER_VIOLATION);
        assertThat(tm.ledger()).extracting(LedgerEntry::getDestinationRegion).containsExactly("aws:us-east-1");
    }

    @Test
    void blankDestinationFieldsAreAbsent() {
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .toAccount("  ")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger()).extracting(e -> e.getDecision().name()).containsExactly("ALLOWED");
    }

    @Test
    void unknownPrincipalsAndCredentialsOnRestrictedDataAreCountedAndAlerted() {
        tm.send(anAccess()
                .by("contractor-7")
                .withCredential("key-contractor-7")
                .on("crm-db-seoul")
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.INACTIVE_IDENTITY);
            assertThat(a.getSummary()).contains("principal is not in the reference data");
        });
        assertThat(tm.misses("principal")).isEqualTo(1);
        assertThat(tm.misses("credential")).isEqualTo(1);
    }

    @Test
    void anUnknownCredentialOfAKnownPrincipalIsAFinding() {
        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("key-deleted-not-revoked")
                .on("crm-db-seoul")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getSummary()).contains("credential is not in the reference data"));
    }

    @Test
    void unknownIdentitiesOnUnrestrictedDataOrWithTheRuleOffAreOnlyCounted() {
        tm.send(anAccess()
                .by("contractor-7")
                .on("telemetry-lake-virginia")
                .country("US")
                .build());
        assertThat(tm.alerts()).isEmpty();

        try (Harness open = Harness.sampleCompany(Harness.statelessOnly().withFailClosedOnUnknownIdentity(false))) {
            open.send(anAccess()
                    .by("contractor-7")
                    .withCredential("key-contractor-7")
                    .on("crm-db-seoul")
                    .build());
            assertThat(open.alerts()).isEmpty();
            assertThat(open.misses("principal")).isEqualTo(1);
        }
    }
}
