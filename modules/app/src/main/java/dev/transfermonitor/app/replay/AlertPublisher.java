package dev.transfermonitor.app.replay;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.RecordSender;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import java.util.List;

/** Writes a replay's alerts to a topic of the user's, Avro keyed by alert id as on the alerts topic. */
public final class AlertPublisher {

    private static final AvroCodec<TransferAlert> CODEC = AvroCodec.of(TransferAlert.class);

    private AlertPublisher() {}

    /** Creates the topic when it is missing, then sends every alert and waits until all are acknowledged. */
    public static void publish(MonitorConfig config, String topic, int partitions, List<TransferAlert> alerts) {
        TopicAdmin.createIfMissing(config, topic, partitions);
        try (RecordSender sender = new RecordSender(config, "sending alerts to " + topic)) {
            for (TransferAlert alert : alerts) {
                sender.send(topic, alert.getAlertId(), CODEC.encode(alert));
            }
            sender.flush();
        }
    }
}
