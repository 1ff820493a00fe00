package dev.transfermonitor.detection.lifecycle;

import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.ocsf.OcsfMapper;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.AvroCodec;
import java.nio.charset.StandardCharsets;

/**
 * An alert revision as the bytes of both alert topics, measured before they are written. Alerts
 * are bounded by construction (ids, summaries, classes and evidence are capped); this is the
 * guard behind that. Under exactly-once a record the producer refuses as too large puts the
 * transaction in an error state that no production exception handler can clear (Kafka 4.3.1),
 * so the same input would stop every restarted monitor: an oversized alert becomes a dead letter
 * instead (reason OUTPUT_TOO_LARGE, pointing at the input record), and the monitor goes on.
 *
 * @param problem null when both outputs fit; otherwise what did not
 */
public record AlertOutputs(String principalId, byte[] avro, String ocsf, String problem) {

    private static final AvroCodec<TransferAlert> CODEC = AvroCodec.of(TransferAlert.class);

    public static AlertOutputs of(TransferAlert alert) {
        return of(alert, DeadLetters.MAX_RECORD_BYTES);
    }

    static AlertOutputs of(TransferAlert alert, int maxBytes) {
        byte[] avro = CODEC.encode(alert);
        if (avro.length > maxBytes) {
            return tooLarge(alert, "the alert revision is " + avro.length + " bytes, over " + maxBytes);
        }
        String ocsf = OcsfMapper.toJson(alert);
        int ocsfBytes = ocsf.length() * 3 > maxBytes ? ocsf.getBytes(StandardCharsets.UTF_8).length : ocsf.length();
        if (ocsfBytes > maxBytes) {
            return tooLarge(alert, "the OCSF finding is " + ocsfBytes + " bytes, over " + maxBytes);
        }
        return new AlertOutputs(alert.getPrincipalId(), avro, ocsf, null);
    }

    private static AlertOutputs tooLarge(TransferAlert alert, String why) {
        return new AlertOutputs(
                alert.getPrincipalId(), null, null, why + "; alert " + alert.getAlertId() + " was not written");
    }
}
