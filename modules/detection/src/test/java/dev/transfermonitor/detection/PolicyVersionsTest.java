package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.testkit.References;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A policy is narrowed by publishing the same policyId with a higher version; an older version
 * published again (an old directory loaded twice, a second publisher) must not reopen the route.
 */
class PolicyVersionsTest {

    /** The sample's version 1 allows ACCESS of PERSONAL data from KR to SG. */
    private static final ResidencyPolicy SAMPLE_V1 = samplePolicy("kr-personal-v1");
    /** Version 2 narrows it: nothing may leave Korea any more. */
    private static final ResidencyPolicy NARROWED_V2 = References.policy("kr-personal-v1", 2, "KR", "PERSONAL");

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void aLowerVersionIsIgnoredAndTheNarrowedPolicyStays() {
        assertThat(decisionOfAnAccessToSingapore()).isEqualTo(LedgerDecision.ALLOWED);
        tm.reference(NARROWED_V2);
        assertThat(decisionOfAnAccessToSingapore()).isEqualTo(LedgerDecision.DENIED);

        tm.reference(SAMPLE_V1);

        assertThat(decisionOfAnAccessToSingapore()).as("the route stays closed").isEqualTo(LedgerDecision.DENIED);
        assertThat(tm.metrics.count("transfer.reference.stale", "kind", "policy"))
                .isEqualTo(1);
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "policy"))
                .isEqualTo(1);
        assertThat(tm.referenceStore(RecordKind.POLICY).get("kr-personal-v1"))
                .isEqualTo(RecordKind.POLICY.codec().encode(NARROWED_V2));
    }

    @Test
    void theSameVersionWithAnotherBodyIsIgnoredTooTheOneInForceStays() {
        ResidencyPolicy widened = References.policy(
                "kr-personal-v1",
                1,
                "KR",
                "PERSONAL",
                References.allowance("SG", LegalBasis.CONTRACT, TransferKind.ACCESS),
                References.allowance("US", LegalBasis.CONSENT, TransferKind.ACCESS));
        tm.reference(widened);
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("US")
                .build());

        assertThat(tm.ledger())
                .singleElement()
                .extracting(LedgerEntry::getDecision)
                .isEqualTo(LedgerDecision.DENIED);
        assertThat(tm.metrics.count("transfer.reference.stale", "kind", "policy"))
                .isEqualTo(1);
    }

    @Test
    void theSameVersionPublishedAgainUnchangedIsNotStale() {
        tm.reference(SAMPLE_V1);

        assertThat(decisionOfAnAccessToSingapore()).isEqualTo(LedgerDecision.ALLOWED);
        assertThat(tm.metrics.count("transfer.reference.stale", "kind", "policy"))
                .isZero();
        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "policy"))
                .isZero();
    }

    @Test
    void aTombstoneRetiresAPolicyWhateverItsVersion() {
        tm.reference(NARROWED_V2);
        tm.deleteReference(RecordKind.POLICY, "kr-personal-v1");

        assertThat(tm.referenceStore(RecordKind.POLICY)).doesNotContainKey("kr-personal-v1");
        tm.reference(SAMPLE_V1); // a retired policy starts afresh
        assertThat(decisionOfAnAccessToSingapore()).isEqualTo(LedgerDecision.ALLOWED);
        assertThat(tm.metrics.count("transfer.reference.stale", "kind", "policy"))
                .isZero();
    }

    /**
     * After a restart the global store is rebuilt by replaying the topic through the same
     * processor (addGlobalStore reprocesses on restore), so the same records in the same order
     * give the same policy in force; a new driver over the topic's records stands in for it.
     */
    @Test
    void replayingTheTopicGivesTheSamePolicyInForce() {
        try (Harness restarted = Harness.sampleCompany()) {
            restarted.reference(NARROWED_V2);
            restarted.reference(SAMPLE_V1);

            restarted.send(anAccess()
                    .by("emp-1001")
                    .on("crm-db-seoul")
                    .from(null)
                    .country("SG")
                    .build());
            assertThat(restarted.ledger())
                    .singleElement()
                    .extracting(LedgerEntry::getDecision)
                    .isEqualTo(LedgerDecision.DENIED);
        }
    }

    private LedgerDecision decisionOfAnAccessToSingapore() {
        tm.ledger();
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("SG")
                .build());
        List<LedgerEntry> entries = tm.ledger();
        assertThat(entries).hasSize(1);
        return entries.get(0).getDecision();
    }

    private static ResidencyPolicy samplePolicy(String policyId) {
        for (ResidencyPolicy p : ReferenceData.<ResidencyPolicy>valuesOf(ReferenceData.bundled(), RecordKind.POLICY)) {
            if (p.getPolicyId().equals(policyId)) {
                return p;
            }
        }
        throw new IllegalStateException("no sample policy " + policyId);
    }
}
