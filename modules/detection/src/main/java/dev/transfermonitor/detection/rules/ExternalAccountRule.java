package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.events.AlertKeys;
import java.util.List;

/**
 * External account: a replication into a cloud account the organisation does not own (not
 * the account of any inventory asset, nor listed in the rules), whatever the country. A
 * destination that is neither an inventory asset nor in a named account is not trusted
 * either: nobody can tell whose it is. Data made public is the worst case of all: CRITICAL
 * whatever it holds. ATT&CK T1537, Transfer Data to Cloud Account.
 */
public final class ExternalAccountRule implements TransferRule {

    public static final String ID = "external-account";

    private final RuleSet rules;
    private final ReferenceIndex index;

    public ExternalAccountRule(RuleSet rules, ReferenceIndex index) {
        this.rules = rules;
        this.index = index;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void evaluate(Transfer t, Verdict verdict) {
        String account = t.destinationAccount();
        if (t.publicAccess()) {
            madePublic(t, verdict);
            return;
        }
        if (t.isAccess()
                || (account == null && t.destinationInInventory())
                || (account != null
                        && (index.isInventoryAccount(account)
                                || rules.organisationAccounts().contains(account)))) {
            return;
        }
        verdict.decide(LedgerDecision.EXTERNAL, null, null);
        Risk.Score score = Risk.of(AlertType.EXTERNAL_TRANSFER, t, rules.holdsRestricted(t));
        String whose = account != null
                ? "cloud account " + account + " in " + t.destination().describe()
                        + ", which the organisation does not own"
                : t.destination().describe() + ", in no account the organisation knows (the destination is not in"
                        + " the inventory and the event names no account)";
        String summary = String.format(
                "%s %s %s (%,d records) to %s.",
                t.principalId(), ResidencyRule.verb(t), t.sourceAssetId(), t.recordCount(), whose);
        verdict.add(Finding.of(
                        AlertType.EXTERNAL_TRANSFER,
                        ID,
                        AlertKeys.account(AlertType.EXTERNAL_TRANSFER, t.principalId(), account))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(t.dataClasses())
                .mitreTechniques(List.of("T1537"))
                .build());
    }

    private void madePublic(Transfer t, Verdict verdict) {
        verdict.decide(LedgerDecision.EXTERNAL, null, null);
        Risk.Score score = Risk.of(AlertType.EXTERNAL_TRANSFER, t, rules.holdsRestricted(t));
        String summary = String.format(
                "%s %s %s and made it public: anyone, anywhere, can read it.",
                t.principalId(), ResidencyRule.verb(t), t.sourceAssetId());
        verdict.add(Finding.of(
                        AlertType.EXTERNAL_TRANSFER,
                        ID,
                        AlertKeys.account(AlertType.EXTERNAL_TRANSFER, t.principalId(), PUBLIC))
                .risk(new Risk.Score(Severity.CRITICAL, Math.max(score.riskScore(), Risk.CRITICAL_SCORE)))
                .summary(summary)
                .route(t.origin().jurisdiction(), null)
                .dataClasses(t.dataClasses())
                .mitreTechniques(List.of("T1537"))
                .build());
    }

    /** The account part of a public finding's key: no cloud account id looks like it. */
    static final String PUBLIC = "(public)";
}
