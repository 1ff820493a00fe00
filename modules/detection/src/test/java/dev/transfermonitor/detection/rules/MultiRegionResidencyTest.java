package dev.transfermonitor.detection.rules;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.References.allowance;
import static dev.transfermonitor.testkit.References.asset;
import static dev.transfermonitor.testkit.References.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.Harness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Places that span several countries (Google Cloud's multi-regions and dual-regions, or a site
 * of one's own): residency judges them by every jurisdiction they span, so data that may sit in
 * one forbidden country is denied however many allowed ones the place also covers.
 */
class MultiRegionResidencyTest {

    private static final String OWN_ACCOUNT = "111111111111";

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private void replicate(String from, String toRegion, ReplicationKind kind) {
        tm.send(aReplication()
                .by("svc-etl")
                .kind(kind)
                .from(from)
                .toRegion(toRegion)
                .toAccount(OWN_ACCOUNT)
                .records(500)
                .build());
    }

    @Test
    void aReplicaToTheAsiaMultiRegionIsDeniedForEveryCountryButTheAllowedOne() {
        // kr-personal-v1 and kr-contact-v1 allow REPLICA to SG only; gcp:asia also spans HK, JP, TW, ...
        replicate("crm-db-seoul", "gcp:asia", ReplicationKind.REPLICA);

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
            assertThat(a.getOriginJurisdiction()).isEqualTo("KR");
            assertThat(a.getDestinationJurisdiction()).isEqualTo("HK+ID+IN+JP+KR+SG+TH+TW");
            assertThat(a.getSummary())
                    .contains(
                            "no residency policy allows REPLICA to HK, ID, IN, JP, TH, TW (where gcp:asia may hold it)")
                    .doesNotContain("SG,");
        });
        assertThat(tm.ledger()).singleElement().satisfies(e -> {
            assertThat(e.getDecision()).isEqualTo(LedgerDecision.DENIED);
            assertThat(e.getDestinationRegion()).isEqualTo("gcp:asia");
            assertThat(e.getDecisions())
                    .as("a class denied for one country keeps no allowance from another")
                    .extracting(d -> d.getDataClass() + ":" + d.getDecision())
                    .containsExactly("CONTACT:DENIED", "PERSONAL:DENIED");
        });
    }

    @Test
    void aPlaceWhoseEveryCountryIsAllowedOrDomesticIsAllowed() {
        // A site of one's own across Seoul and Singapore: KR is domestic, SG allowed by contract.
        tm.reference(new Region("onprem:kr-sg-pair", "KR", "Seoul and Singapore", List.of("KR", "SG")));
        replicate("crm-db-seoul", "onprem:kr-sg-pair", ReplicationKind.REPLICA);

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger()).singleElement().satisfies(e -> {
            assertThat(e.getDecision()).isEqualTo(LedgerDecision.ALLOWED);
            assertThat(e.getDestinationJurisdiction()).isEqualTo("KR+SG");
        });
    }

    @Test
    void aMultiRegionInsideOneJurisdictionIsThatJurisdiction() {
        // gcp:eu spans nine member states, all one jurisdiction; gcp:us is the US.
        replicate("crm-db-seoul", "gcp:eu", ReplicationKind.REPLICA);
        replicate("crm-db-seoul", "gcp:us", ReplicationKind.REPLICA);

        assertThat(tm.alerts()).extracting(a -> a.getDestinationJurisdiction()).containsExactlyInAnyOrder("EU", "US");
    }

    @Test
    void aDualRegionAcrossABorderIsJudgedByBothSides() {
        // eur5 may hold the copy in Belgium or in London: an EU-only allowance does not cover it.
        tm.reference(asset("designs-zurich", "gcp:europe-west6", OWN_ACCOUNT, "PERSONAL"));
        tm.reference(
                policy("ch-personal-v1", "CH", "PERSONAL", allowance("EU", LegalBasis.ADEQUACY, TransferKind.REPLICA)));
        replicate("designs-zurich", "gcp:eur5", ReplicationKind.REPLICA);
        replicate("designs-zurich", "gcp:eur4", ReplicationKind.REPLICA);

        assertThat(tm.ledger())
                .extracting(e -> e.getDestinationRegion() + ":" + e.getDecision())
                .containsExactly("gcp:eur5:DENIED", "gcp:eur4:ALLOWED");
        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getDestinationJurisdiction()).isEqualTo("EU+GB");
            assertThat(a.getSummary()).contains("allows REPLICA to GB (where gcp:eur5 may hold it)");
        });
    }

    @Test
    void dataThatMaySitInSeveralCountriesIsRestrictedWhereverAnyOfThemRestrictsIt() {
        // An asset in the Tokyo+Seoul pair holds data under Korean rules too: a US copy is denied.
        tm.reference(new Region("onprem:jp-kr-pair", "JP", null, List.of("JP", "KR")));
        tm.reference(asset("crm-replica-pair", "onprem:jp-kr-pair", OWN_ACCOUNT, "PERSONAL"));
        replicate("crm-replica-pair", "aws:us-east-1", ReplicationKind.REPLICA);

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
            assertThat(a.getOriginJurisdiction()).isEqualTo("JP+KR");
            assertThat(a.getPolicyId()).isEqualTo("kr-personal-v1");
        });
    }
}
