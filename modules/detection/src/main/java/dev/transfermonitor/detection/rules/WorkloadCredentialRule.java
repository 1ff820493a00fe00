package dev.transfermonitor.detection.rules;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.events.AlertKeys;
import java.util.List;

/**
 * A workload's credential used from outside, ATT&CK T1552.005 (Unsecured Credentials: Cloud
 * Instance Metadata API): a temporary credential issued to an EC2 instance profile, a Lambda
 * function or an ECS task ({@link Transfer#workload()}) read data from a client address that is
 * in neither the organisation's networks nor a cloud provider's published ranges (network
 * ranges of scope ORGANISATION or PROVIDER). Such a credential lives in the workload's metadata
 * service; used from elsewhere, someone took it. Events without a client address (a VPC
 * endpoint, a service acting) are not judged. One alert per principal and workload kind.
 */
public final class WorkloadCredentialRule implements TransferRule {

    public static final String ID = "workload-credential-outside";

    private final RuleSet rules;

    public WorkloadCredentialRule(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public void evaluate(Transfer t, Verdict verdict) {
        if (t.workload() == null
                || t.clientScope() == null
                || t.clientScope() == NetworkScope.ORGANISATION
                || t.clientScope() == NetworkScope.PROVIDER) {
            return;
        }
        Risk.Score score = Risk.of(AlertType.CREDENTIAL_MISUSE, t, rules.holdsRestricted(t));
        String summary = String.format(
                "%s %s %s (%,d records, %,d bytes) with a workload's credential (%s) from %s, outside the "
                        + "organisation's networks and the provider's ranges: the credential left its workload.",
                t.principalId(),
                ResidencyRule.verb(t),
                t.sourceAssetId(),
                t.recordCount(),
                t.byteCount(),
                t.workload(),
                t.destination().describe());
        verdict.add(Finding.of(
                        AlertType.CREDENTIAL_MISUSE,
                        ID,
                        AlertKeys.identity(AlertType.CREDENTIAL_MISUSE, t.principalId(), "workload:" + t.workload()))
                .risk(score)
                .summary(summary)
                .route(t.origin().jurisdiction(), t.destination().jurisdiction())
                .dataClasses(t.dataClasses())
                .mitreTechniques(List.of("T1552.005"))
                .build());
    }
}
