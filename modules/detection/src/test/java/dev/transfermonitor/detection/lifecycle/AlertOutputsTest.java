package dev.transfermonitor.detection.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertOutputsTest {

    private static final TransferAlert ALERT = TransferAlert.newBuilder()
            .setAlertId("a-1")
            .setAlertKey("k")
            .setRevision(1)
            .setType(AlertType.EXTERNAL_TRANSFER)
            .setRuleId("external-account")
            .setRuleVersion("1")
            .setSeverity(Severity.HIGH)
            .setRiskScore(70)
            .setSummary("s".repeat(1_500))
            .setPrincipalId("emp-1")
            .setFirstSeen(Instant.EPOCH)
            .setLastSeen(Instant.EPOCH)
            .setEventCount(1)
            .setRecordCount(1)
            .setByteCount(1)
            .setDataClasses(List.of("PERSONAL"))
            .setMitreTechniques(List.of("T1537"))
            .setEvidence(List.of())
            .build();

    @Test
    void anAlertThatFitsIsEncodedOnceForBothTopics() {
        AlertOutputs out = AlertOutputs.of(ALERT);

        assertThat(out.problem()).isNull();
        assertThat(AvroCodec.of(TransferAlert.class).decode(out.avro())).isEqualTo(ALERT);
        assertThat(out.ocsf()).contains("\"a-1\"");
    }

    @Test
    void anOversizedOutputIsNamedNotWritten() {
        AlertOutputs ocsfTooLarge = AlertOutputs.of(ALERT, 2_000);
        AlertOutputs avroTooLarge = AlertOutputs.of(ALERT, 1_000);

        assertThat(ocsfTooLarge.avro()).isNull();
        assertThat(ocsfTooLarge.problem())
                .startsWith("the OCSF finding is ")
                .endsWith("over 2000; alert a-1 was not written");
        assertThat(avroTooLarge.problem()).startsWith("the alert revision is ");
        assertThat(avroTooLarge.principalId()).isEqualTo("emp-1");
    }
}
