package dev.transfermonitor.bench.flink;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Hands the value bytes on untouched, with the key as a string (as the monitor's String serde
 * reads it) and where they came from: decoding is validation's, the job's first step.
 */
final class RawEventDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawEvent> out) {
        out.collect(new RawEvent(
                record.topic(),
                record.partition(),
                record.offset(),
                record.timestamp(),
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value()));
    }

    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
