package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Writes reference records to their compacted topics and waits until all are acknowledged. */
public final class ReferencePublisher {

    private ReferencePublisher() {
    }

    public static Map<RecordKind, Integer> publish(MonitorConfig config, List<ReferenceData.Loaded> records) {
        Map<RecordKind, Integer> counts = new EnumMap<>(RecordKind.class);
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try (KafkaProducer<String, byte[]> producer = Producers.create(config)) {
            for (ReferenceData.Loaded r : records) {
                byte[] value = r.kind().<SpecificRecord>codec().encode(r.value());
                sent.add(producer.send(new ProducerRecord<>(config.topics().of(r.kind()), r.key(), value)));
                counts.merge(r.kind(), 1, Integer::sum);
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("reference data not fully written: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing reference data", e);
        }
        return counts;
    }
}
