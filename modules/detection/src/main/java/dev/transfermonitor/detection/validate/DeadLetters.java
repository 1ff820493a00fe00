package dev.transfermonitor.detection.validate;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Dead letters. In: rejected records. Out: the original bytes under the original key and
 * headers, plus headers that say why and where from, so an operator can fix and replay them.
 */
public final class DeadLetters implements FixedKeyProcessor<String, Decoded, byte[]> {

    public static final String REASON = "transfer.dlq.reason";
    public static final String MESSAGE = "transfer.dlq.message";
    public static final String TOPIC = "transfer.dlq.topic";
    public static final String PARTITION = "transfer.dlq.partition";
    public static final String OFFSET = "transfer.dlq.offset";

    private FixedKeyProcessorContext<String, byte[]> context;

    @Override
    public void init(FixedKeyProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Decoded> record) {
        Decoded.Rejected rejected = (Decoded.Rejected) record.value();
        Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(REASON, bytes(rejected.reason().name()));
        headers.add(MESSAGE, bytes(rejected.message()));
        context.recordMetadata().ifPresent(m -> {
            headers.add(TOPIC, bytes(m.topic()));
            headers.add(PARTITION, bytes(Integer.toString(m.partition())));
            headers.add(OFFSET, bytes(Long.toString(m.offset())));
        });
        context.forward(record.withValue(rejected.original()).withHeaders(headers));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
