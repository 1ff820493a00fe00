package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.testkit.References;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reference topics are read live: an update counts from the next event on, no restart. */
class ReferenceUpdatesTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void aPrincipalMarkedDepartedAlertsFromTheNextEvent() {
        tm.send(anAccess().by("emp-1005").on("crm-db-seoul").build());
        assertThat(tm.alerts()).isEmpty();

        tm.reference(References.principal("emp-1005", PrincipalStatus.DEPARTED)
                .since(Instant.parse("2026-11-01T00:00:00Z"))
                .build());
        tm.send(anAccess().by("emp-1005").on("crm-db-seoul").build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.INACTIVE_IDENTITY);
    }

    @Test
    void aNewNetworkRangeChangesWhereAnAddressIs() {
        tm.reference(References.network("10.99.0.0/16", "US"));
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("10.99.1.1").build());

        assertThat(tm.alerts())
                .extracting(TransferAlert::getDestinationJurisdiction)
                .containsExactly("US");
    }

    @Test
    void aTombstoneDeletesAnEntry() {
        tm.deleteReference(RecordKind.NETWORK, "10.20.0.0/16");
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("10.20.1.1").build());

        assertThat(tm.ledger()).isEmpty(); // now inside 10.0.0.0/8, Korea: domestic
    }

    @Test
    void aBadReferenceRecordKeepsTheLastGoodValueAndIsCounted() {
        tm.referenceBytes(RecordKind.PRINCIPAL, "emp-2040", new byte[] {9, 9, 9});
        tm.reference(References.network("10.77.0.0/99", "US"));

        tm.send(anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.INACTIVE_IDENTITY);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "principal"))
                .isEqualTo(1);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "network"))
                .isEqualTo(1);
    }

    /** Such an asset once stalled the burst rule on every read of it; now it is a bad record like any other. */
    @Test
    void anAssetTheStateCouldNotHoldIsRejectedAndTheOldOneStays() {
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < 33; i++) {
            classes.add("CLASS_" + i);
        }
        tm.reference(
                References.asset("crm-db-seoul", "aws:ap-northeast-2", "111111111111", classes.toArray(String[]::new)));
        tm.reference(References.asset("crm-db-seoul", "x".repeat(257), "111111111111", "PERSONAL"));
        tm.reference(References.asset("crm-db-seoul", "aws:ap-northeast-2", "111111111111", "personal data"));
        tm.reference(References.network("10.66.0.0/16", "usa"));

        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("203.0.113.77")
                .build());

        assertThat(tm.ledger()).singleElement().satisfies(e -> {
            assertThat(e.getOriginRegion()).isEqualTo("aws:ap-northeast-2");
            assertThat(e.getDataClasses()).containsExactly("PERSONAL", "CONTACT");
        });
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "asset"))
                .isEqualTo(3);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "network"))
                .isEqualTo(1);
    }

    @Test
    void aNewPolicyAllowsFromTheNextEvent() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("JP")
                .build());
        assertThat(tm.alerts()).hasSize(1);

        tm.reference(References.policy(
                "kr-personal-v1",
                2,
                "KR",
                "PERSONAL",
                References.allowance("JP", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.reference(References.policy(
                "kr-contact-v1",
                2,
                "KR",
                "CONTACT",
                References.allowance("JP", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.ledger();
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("JP")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger())
                .singleElement()
                .satisfies(e -> assertThat(e.getPolicyId()).isEqualTo("kr-contact-v1"));
    }
}
