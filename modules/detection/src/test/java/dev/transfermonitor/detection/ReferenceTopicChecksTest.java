package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.testkit.References;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@code reference load} hold for a record from any producer: the monitor
 * rejects (and counts) what could never match, instead of loading it silently.
 */
class ReferenceTopicChecksTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void aPolicyThatCouldNeverMatchIsRejected() {
        Map<String, byte[]> before = tm.referenceStore(RecordKind.POLICY);
        tm.reference(References.policy(
                "kr-lower-case",
                "kr",
                "PERSONAL",
                References.allowance("JP", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.reference(References.policy("de-member-state", "DE", "PERSONAL"));
        tm.reference(References.policy(
                "kr-to-france",
                "KR",
                "PERSONAL",
                References.allowance("FR", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.reference(References.policy(
                "kr-to-lower-case",
                "KR",
                "PERSONAL",
                References.allowance("jp", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.reference(References.policy(
                "kr-to-bad-region",
                "KR",
                "PERSONAL",
                References.allowance("AWS:US-EAST-1", LegalBasis.ADEQUACY, TransferKind.ACCESS)));

        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "policy"))
                .isEqualTo(5);
        assertThat(tm.referenceStore(RecordKind.POLICY)).containsOnlyKeys(before.keySet());
    }

    @Test
    void aValidPolicyFromAnyProducerStillCounts() {
        tm.reference(References.policy(
                "kr-personal-jp",
                "KR",
                "PERSONAL",
                References.allowance("JP", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.reference(References.policy(
                "kr-contact-jp",
                "KR",
                "CONTACT",
                References.allowance("aws:ap-northeast-1", LegalBasis.ADEQUACY, TransferKind.ACCESS),
                References.allowance("JP", LegalBasis.ADEQUACY, TransferKind.ACCESS)));
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("JP")
                .build());

        assertThat(tm.ledger())
                .singleElement()
                .extracting(LedgerEntry::getDecision)
                .isEqualTo(LedgerDecision.ALLOWED);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "policy"))
                .isZero();
    }

    @Test
    void anAssetOrNetworkTheLoaderWouldRefuseIsRejected() {
        tm.reference(References.asset("crm-db-seoul", "AWS:AP-NORTHEAST-2", "111111111111", "PERSONAL"));
        tm.reference(References.asset("crm-db-seoul\u202e", "aws:ap-northeast-2", "111111111111", "PERSONAL"));
        tm.reference(new NetworkRange(
                "10.99.1.2/16", "US", null, NetworkScope.UNSPECIFIED)); // two spellings of one range would be two keys
        tm.reference(new NetworkRange("10.98.0.0/16", "US", "lab\u0085", NetworkScope.UNSPECIFIED));
        tm.reference(References.principal("emp-1001", PrincipalStatus.DEPARTED)
                .home("kr")
                .build());

        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "asset"))
                .isEqualTo(2);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "network"))
                .isEqualTo(2);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "principal"))
                .isEqualTo(1);
        tm.send(anAccess().by("emp-1001").on("crm-db-seoul").from("10.99.1.2").build());
        assertThat(tm.ledger())
                .as("domestic: the Korean 10.0.0.0/8 still decides, the asset stays in Seoul")
                .isEmpty();
        assertThat(tm.alerts()).isEmpty();
    }
}
