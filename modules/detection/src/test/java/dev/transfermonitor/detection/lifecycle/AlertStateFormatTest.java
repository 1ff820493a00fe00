package dev.transfermonitor.detection.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of an open finding in {@value AlertLifecycle#STORE}: a hand-written header (format,
 * emitted revision, severity and event count) before the alert's single-object Avro encoding. A
 * change of either (a new header or a new alert schema) must come with a new golden value here,
 * and the old one must still decode: the store and its changelog survive upgrades.
 */
class AlertStateFormatTest {

    private static final String HEADER = "7e" + "00000001" + "01" + "0000000000000002";
    private static final String ALERT_BYTES = "c3018159d70a5c7f380a"
            + "4831623731393161372d346461612d333233302d386334632d363863666666306436643135"
            + "4643524f53535f424f524445525f56494f4c4154494f4e7c656d702d34327c4b523e5553"
            + "0400127265736964656e6379023104a00134656d702d3432207265616420504552534f4e414c20646174612e"
            + "0c656d702d34320000000210504552534f4e414c000000c0d8a2dd956780a8c7dd956708a0068040"
            + "000000020a54313533300000";

    private static final TransferAlert ALERT = TransferAlert.newBuilder()
            .setAlertId("1b7191a7-4daa-3230-8c4c-68cfff0d6d15")
            .setAlertKey("CROSS_BORDER_VIOLATION|emp-42|KR>US")
            .setRevision(2)
            .setType(AlertType.CROSS_BORDER_VIOLATION)
            .setRuleId("residency")
            .setRuleVersion("1")
            .setSeverity(Severity.HIGH)
            .setRiskScore(80)
            .setSummary("emp-42 read PERSONAL data.")
            .setPrincipalId("emp-42")
            .setFirstSeen(Instant.parse("2026-03-02T09:15:00Z"))
            .setLastSeen(Instant.parse("2026-03-02T09:20:00Z"))
            .setEventCount(4)
            .setRecordCount(400)
            .setByteCount(4_096)
            .setDataClasses(List.of("PERSONAL"))
            .setMitreTechniques(List.of("T1530"))
            .setEvidence(List.of())
            .build();

    @Test
    void anOpenFindingIsItsHeaderThenTheAlert() {
        AlertState state = new AlertState(ALERT, 1, Severity.MEDIUM, 2);

        byte[] bytes = AlertState.serde().serializer().serialize("store", state);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HEADER + ALERT_BYTES);
    }

    @Test
    void theGoldenBytesDecodeToTheSameFinding() {
        byte[] golden = HexFormat.of().parseHex(HEADER + ALERT_BYTES);

        AlertState back = AlertState.serde().deserializer().deserialize("store", golden);

        assertThat(back).isEqualTo(new AlertState(ALERT, 1, Severity.MEDIUM, 2));
    }
}
