package dev.transfermonitor.testkit;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import java.time.Instant;

/** Alerts for tests of what reads alerts (scorecards, reports, views): every required field set. */
public final class Alerts {

    private Alerts() {}

    /**
     * A HIGH alert of {@code type} by {@code principal}, first and last seen at {@code firstSeen},
     * keyed {@code TYPE|principal}, summary "summary of ID"; change more through {@link
     * TransferAlert#newBuilder(TransferAlert)}.
     */
    public static TransferAlert alert(String id, AlertType type, String principal, Instant firstSeen, int revision) {
        return TransferAlert.newBuilder()
                .setAlertId(id)
                .setAlertKey(type + "|" + principal)
                .setRevision(revision)
                .setType(type)
                .setRuleId("rule")
                .setRuleVersion("test")
                .setSeverity(Severity.HIGH)
                .setRiskScore(70)
                .setSummary("summary of " + id)
                .setPrincipalId(principal)
                .setFirstSeen(firstSeen)
                .setLastSeen(firstSeen)
                .setEventCount(revision)
                .setRecordCount(1)
                .setByteCount(1)
                .build();
    }
}
