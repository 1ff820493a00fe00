package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Writes reference records to their compacted topics and waits until all are acknowledged. */
public final class ReferencePublisher {

    private ReferencePublisher() {}

    /** @return how many records of each kind were written */
    public static Map<RecordKind, Integer> publish(MonitorConfig config, List<ReferenceData.Loaded> records) {
        Map<RecordKind, Integer> counts = new EnumMap<>(RecordKind.class);
        try (RecordSender sender = new RecordSender(config, "writing reference data")) {
            for (ReferenceData.Loaded r : records) {
                byte[] value = r.kind().<SpecificRecord>codec().encode(r.value());
                sender.send(config.topics().of(r.kind()), r.key(), value);
                counts.merge(r.kind(), 1, Integer::sum);
            }
            sender.flush();
        }
        return counts;
    }
}
