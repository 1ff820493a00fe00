package dev.transfermonitor.detection.rules;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static dev.transfermonitor.testkit.References.allowance;
import static dev.transfermonitor.testkit.References.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.Harness;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResidencyRuleTest {

    /** The inventory's AWS account: these replications stay in the organisation, only the border counts. */
    private static final String OWN_ACCOUNT = "111111111111";

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void replicationOfKoreanPersonalDataToTheUsIsAViolation() {
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.REPLICA)
                .from("crm-db-seoul")
                .toRegion("aws:us-east-1")
                .toAccount(OWN_ACCOUNT)
                .records(1200)
                .build());

        List<TransferAlert> alerts = tm.alerts();
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
            assertThat(a.getRuleId()).isEqualTo(ResidencyRule.ID);
            assertThat(a.getOriginJurisdiction()).isEqualTo("KR");
            assertThat(a.getDestinationJurisdiction()).isEqualTo("US");
            assertThat(a.getDataClasses()).containsExactlyInAnyOrder("PERSONAL", "CONTACT");
            assertThat(a.getRevision()).isEqualTo(1);
            assertThat(a.getSummary()).contains("svc-etl", "KR", "US");
            assertThat(a.getMitreTechniques()).contains("T1537");
        });
        assertThat(tm.ledger()).singleElement().satisfies(e -> {
            assertThat(e.getDecision()).isEqualTo(LedgerDecision.DENIED);
            assertThat(e.getKind()).isEqualTo(TransferKind.REPLICA);
            assertThat(e.getOriginRegion()).isEqualTo("aws:ap-northeast-2");
            assertThat(e.getDestinationRegion()).isEqualTo("aws:us-east-1");
            assertThat(e.getPolicyId()).startsWith("kr-");
        });
    }

    @Test
    void backupToSingaporeIsAllowedByContractAndOnlyRecorded() {
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .build());

        assertThat(tm.alerts()).isEmpty();
        LedgerEntry entry = tm.ledger().get(0);
        assertThat(entry.getDecision()).isEqualTo(LedgerDecision.ALLOWED);
        assertThat(entry.getBasis()).isEqualTo(LegalBasis.CONTRACT);
        // Both restricted classes were allowed, each by its own policy: both are recorded, and the
        // entry names the lowest policy id, whatever order the policies were loaded in.
        assertThat(entry.getPolicyId()).isEqualTo("kr-contact-v1");
        assertThat(entry.getPolicyVersion()).isEqualTo(1);
        assertThat(entry.getDecisions())
                .extracting(d -> d.getDataClass() + ":" + d.getDecision() + ":" + d.getPolicyId() + ":" + d.getBasis())
                .containsExactly("CONTACT:ALLOWED:kr-contact-v1:CONTRACT", "PERSONAL:ALLOWED:kr-personal-v1:CONTRACT");
        assertThat(entry.getDestinationJurisdiction()).isEqualTo("SG");
    }

    @Test
    void aKindThePolicyDoesNotNameIsDenied() {
        // kr-payment-v1 allows BACKUP to SG, not REPLICA.
        tm.send(aReplication()
                .by("svc-backup")
                .kind(ReplicationKind.REPLICA)
                .from("orders-db-seoul")
                .toAsset("backup-vault-singapore")
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
            assertThat(a.getDataClasses()).containsExactly("PAYMENT");
            assertThat(a.getPolicyId()).isEqualTo("kr-payment-v1");
        });
    }

    @Test
    void domesticTransfersAreNeitherAlertedNorRecorded() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("211.234.10.10")
                .build());
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.ETL)
                .from("orders-db-seoul")
                .toAsset("analytics-bq-seoul")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger()).isEmpty();
    }

    @Test
    void unrestrictedClassesMayGoAnywhere() {
        tm.send(anAccess()
                .by("svc-analytics")
                .on("catalog-db-frankfurt")
                .country("US")
                .build());
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.EXPORT)
                .from("catalog-db-frankfurt")
                .toRegion("aws:us-east-1")
                .toAccount(OWN_ACCOUNT)
                .classes("TELEMETRY")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.ledger()).isEmpty();
    }

    @Test
    void anEventCannotDeclareTheInventorysPersonalDataAsSomethingElse() {
        // The CRM holds PERSONAL and CONTACT data; the exporter says it is only TELEMETRY.
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.EXPORT)
                .from("crm-db-seoul")
                .toRegion("aws:us-east-1")
                .toAccount(OWN_ACCOUNT)
                .classes("TELEMETRY")
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
            assertThat(a.getDataClasses()).containsExactlyInAnyOrder("PERSONAL", "CONTACT");
        });
        assertThat(tm.ledger())
                .singleElement()
                .satisfies(e -> assertThat(e.getDataClasses()).containsExactly("PERSONAL", "CONTACT", "TELEMETRY"));
    }

    @Test
    void theDeniedPolicyIsTheLowestIdAndEveryDenyingPolicyIsRecorded() {
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.EXPORT)
                .from("orders-db-seoul")
                .toRegion("aws:us-east-1")
                .toAccount(OWN_ACCOUNT)
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getPolicyId()).isEqualTo("kr-payment-v1");
            assertThat(a.getSummary()).contains("policies kr-payment-v1 v1, kr-personal-v1 v1");
        });
        assertThat(tm.ledger()).singleElement().satisfies(e -> {
            assertThat(e.getPolicyId()).isEqualTo("kr-payment-v1");
            assertThat(e.getDecisions())
                    .extracting(d -> d.getDataClass() + ":" + d.getDecision() + ":" + d.getPolicyId())
                    .containsExactly("PAYMENT:DENIED:kr-payment-v1", "PERSONAL:DENIED:kr-personal-v1");
        });
    }

    @Test
    void anEmptyClassListMeansTheAssetsClasses() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from("192.0.2.10")
                .classes()
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.CROSS_BORDER_VIOLATION);
    }

    @Test
    void aPolicyWithNoAllowedEntryForbidsEveryTransfer() {
        tm.send(anAccess()
                .by("emp-3001")
                .on("hr-db-seoul-dc1")
                .from("198.51.100.20")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.CROSS_BORDER_VIOLATION);
        assertThat(tm.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.DENIED);
    }

    @Test
    void anAllowanceCountsOnlyInsideItsValidity() {
        PolicyAllowance later = allowance("SG", LegalBasis.CONTRACT, TransferKind.ACCESS);
        later.setValidFrom(Instant.parse("2027-01-01T00:00:00Z"));
        tm.reference(policy("kr-personal-v1", 2, "KR", "PERSONAL", later));

        tm.send(anAccess()
                .by("emp-3001")
                .on("analytics-bq-seoul")
                .from("198.51.100.20")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).containsExactly(AlertType.CROSS_BORDER_VIOLATION);
    }

    @Test
    void anAllowanceMayNameAnExactRegion() {
        tm.reference(policy(
                "kr-personal-v1",
                2,
                "KR",
                "PERSONAL",
                allowance("aws:eu-central-1", LegalBasis.STANDARD_CONTRACTUAL_CLAUSES, TransferKind.REPLICA)));

        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.REPLICA)
                .from("analytics-bq-seoul")
                .toRegion("aws:eu-central-1")
                .toAccount(OWN_ACCOUNT)
                .build());
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.REPLICA)
                .from("analytics-bq-seoul")
                .toRegion("aws:eu-west-1")
                .toAccount(OWN_ACCOUNT)
                .build());

        assertThat(tm.ledger())
                .extracting(LedgerEntry::getDecision, LedgerEntry::getDestinationJurisdiction)
                .containsExactly(Tuple.tuple(LedgerDecision.ALLOWED, "EU"), Tuple.tuple(LedgerDecision.DENIED, "EU"));
    }

    @Test
    void anUnresolvableDestinationFailsClosed() {
        tm.send(aReplication()
                .by("svc-etl")
                .kind(ReplicationKind.REPLICA)
                .from("crm-db-seoul")
                .toRegion("aws:mars-north-1")
                .toAccount(OWN_ACCOUNT)
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.UNKNOWN_LOCATION);
            assertThat(a.getSummary()).contains("aws:mars-north-1");
        });
        assertThat(tm.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.UNKNOWN);
    }

    @Test
    void failingOpenStillRecordsTheUnknownTransfer() {
        try (Harness open = Harness.sampleCompany(Harness.statelessOnly().withFailClosedOnUnknown(false))) {
            open.send(aReplication()
                    .by("svc-etl")
                    .kind(ReplicationKind.REPLICA)
                    .from("crm-db-seoul")
                    .toRegion("aws:mars-north-1")
                    .toAccount(OWN_ACCOUNT)
                    .build());

            assertThat(open.alerts()).isEmpty();
            assertThat(open.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.UNKNOWN);
        }
    }
}
