package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.testkit.References;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A new user's own reference data, without a single region record: the public cloud regions
 * are built in, and the regions topic only adds sites or overrides an entry.
 */
class BuiltInRegionsTest {

    private static final String ACCOUNT = "123456789012";
    private final Harness tm = new Harness();

    @BeforeEach
    void ownInventoryWithoutRegions() {
        tm.reference(References.asset("orders-seoul", "aws:ap-northeast-2", ACCOUNT, "PERSONAL"));
        tm.reference(References.asset("orders-frankfurt", "gcp:europe-west3", ACCOUNT, "PERSONAL"));
        tm.reference(References.asset("orders-tokyo", "azure:japaneast", ACCOUNT, "PERSONAL"));
        tm.reference(References.asset("orders-lab", "onprem:lab-1", ACCOUNT, "PERSONAL"));
        tm.reference(References.principal("svc-sync", PrincipalStatus.ACTIVE).build());
        tm.reference(References.credential("key-svc-sync", "svc-sync").build());
    }

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void cloudRegionsResolveWithNoRegionRecords() {
        copy("orders-seoul", "orders-frankfurt");
        copy("orders-seoul", "orders-tokyo");

        assertThat(tm.ledger())
                .extracting(
                        LedgerEntry::getOriginRegion,
                        LedgerEntry::getOriginJurisdiction,
                        LedgerEntry::getDestinationRegion,
                        LedgerEntry::getDestinationJurisdiction)
                .containsExactly(
                        Tuple.tuple("aws:ap-northeast-2", "KR", "gcp:europe-west3", "EU"),
                        Tuple.tuple("aws:ap-northeast-2", "KR", "azure:japaneast", "JP"));
        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsOnly(AlertType.CROSS_BORDER_VIOLATION);
        assertThat(tm.misses("region")).isZero();
    }

    @Test
    void aBuiltInRegionCannotBeMovedToAnotherCountry() {
        // Moving aws:us-east-1 to KR would make every export there domestic: no alert, no ledger entry.
        tm.reference(new Region("gcp:europe-west3", "CH", "Zurich", List.of()));
        copy("orders-seoul", "orders-frankfurt");

        assertThat(tm.ledger())
                .extracting(LedgerEntry::getDestinationJurisdiction)
                .containsExactly("EU");
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "region"))
                .isEqualTo(1);
    }

    @Test
    void anOverrideOfTheCityIsTakenAndItsTombstoneFallsBackToTheBuiltInEntry() {
        tm.reference(new Region("gcp:europe-west3", "DE", "Frankfurt am Main", List.of()));
        assertThat(tm.referenceStore(RecordKind.REGION)).containsOnlyKeys("gcp:europe-west3");
        tm.deleteReference(RecordKind.REGION, "gcp:europe-west3");
        copy("orders-seoul", "orders-frankfurt");

        assertThat(tm.referenceStore(RecordKind.REGION)).isEmpty();
        assertThat(tm.ledger())
                .extracting(LedgerEntry::getDestinationJurisdiction)
                .containsExactly("EU");
        assertThat(tm.misses("region")).isZero();
    }

    @Test
    void aSiteOfTheUsersOwnIsAddedByTheTopicAndGoneWithItsTombstone() {
        tm.reference(new Region("onprem:lab-1", "DE", "Berlin", List.of()));
        copy("orders-lab", "orders-seoul");
        tm.deleteReference(RecordKind.REGION, "onprem:lab-1");
        copy("orders-lab", "orders-seoul");

        assertThat(tm.ledger()).extracting(LedgerEntry::getOriginJurisdiction).containsExactly("EU", null);
        assertThat(tm.misses("region")).isEqualTo(1);
    }

    @Test
    void aRegionRecordWithAControlOrBidiCharacterIsRejectedAndTheEntryInForceStays() {
        tm.reference(new Region("onprem:lab-1\u202e", "SG", null, List.of()));
        tm.reference(new Region("gcp:europe-west3", "DE", "Zur\u009bich", List.of()));
        tm.reference(new Region("gcp:europe-west3", "de", "Zurich", List.of()));
        tm.reference(new Region("GCP:EUROPE-WEST3", "DE", "Zurich", List.of()));

        copy("orders-seoul", "orders-frankfurt");

        assertThat(tm.ledger())
                .extracting(LedgerEntry::getDestinationJurisdiction)
                .containsExactly("EU");
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "region"))
                .isEqualTo(4);
        assertThat(tm.referenceStore(RecordKind.REGION)).isEmpty();
    }

    private void copy(String from, String to) {
        tm.send(aReplication()
                .by("svc-sync")
                .kind(ReplicationKind.REPLICA)
                .from(from)
                .toAsset(to)
                .build());
    }
}
