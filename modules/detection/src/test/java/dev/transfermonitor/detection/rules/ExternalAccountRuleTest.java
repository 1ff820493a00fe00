package dev.transfermonitor.detection.rules;

import static dev.transfermonitor.testkit.Events.aReplication;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.detection.Harness;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExternalAccountRuleTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void aSnapshotSharedWithAForeignAccountAlertsEvenInsideTheCountry() {
        tm.send(aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("orders-db-seoul")
                .toRegion("aws:ap-northeast-2")
                .toAccount("999988887777")
                .records(50_000)
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.EXTERNAL_TRANSFER);
            assertThat(a.getRuleId()).isEqualTo(ExternalAccountRule.ID);
            assertThat(a.getMitreTechniques()).containsExactly("T1537");
            assertThat(a.getSummary()).contains("999988887777", "orders-db-seoul");
        });
        assertThat(tm.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.EXTERNAL);
    }

    @Test
    void theOrganisationsOwnAccountsAreNotExternal() {
        // 111111111111 is the account of the inventory's AWS assets.
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.SNAPSHOT_COPY)
                .from("orders-db-seoul")
                .toRegion("aws:ap-northeast-2")
                .toAccount("111111111111")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger()).isEmpty();
    }

    @Test
    void accountsListedInTheRulesAreTheOrganisations() {
        try (Harness listed =
                Harness.sampleCompany(Harness.statelessOnly().withOrganisationAccounts(Set.of("222233334444")))) {
            listed.send(aReplication()
                    .by("svc-etl")
                    .kind(ReplicationKind.SNAPSHOT_COPY)
                    .from("orders-db-seoul")
                    .toRegion("aws:ap-northeast-2")
                    .toAccount("222233334444")
                    .build());

            assertThat(listed.alerts()).isEmpty();
        }
    }

    @Test
    void anExternalCopyAbroadIsBothExternalAndAViolation() {
        tm.send(aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("orders-db-seoul")
                .toRegion("aws:us-east-1")
                .toAccount("999988887777")
                .build());

        assertThat(tm.alerts())
                .extracting(a -> a.getType())
                .containsExactlyInAnyOrder(AlertType.EXTERNAL_TRANSFER, AlertType.CROSS_BORDER_VIOLATION);
        assertThat(tm.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.EXTERNAL);
    }
}
