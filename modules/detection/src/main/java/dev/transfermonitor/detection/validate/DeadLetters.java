package dev.transfermonitor.detection.validate;

import dev.transfermonitor.events.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Dead letters. In: rejected records. Out: the original bytes under the original key and
 * headers, plus headers that say why and where from, so an operator can fix and replay them.
 *
 * <p>A dead letter must fit where its original did: a value that only just fit the input topic
 * would no longer fit with the reason headers added, its write would fail and stop the monitor.
 * So a dead letter is kept under {@link #MAX_RECORD_BYTES}: a longer value is cut (header
 * {@link #TRUNCATED} gives its original length), as is a key over {@link #MAX_KEY_CHARS}, and
 * original headers that do not fit are left out; the whole record stays in its input topic at
 * the topic, partition and offset the headers give.
 *
 * <p>The {@value #NAMESPACE} header namespace is ours alone: an original header in it (any case)
 * is kept renamed {@value #ORIGINAL_PREFIX}{@code transfer.dlq....}, within the same size budget
 * (dropped and counted in {@link #HEADERS_DROPPED} when it does not fit). Otherwise a producer
 * could send a forged {@link #REASON}, {@link #TRUNCATED} or {@link #HEADERS_DROPPED} that a reader
 * taking the first header of a name, or checking only whether one exists, would believe.
 */
public final class DeadLetters implements Processor<String, Decoded, String, byte[]> {

    public static final String REASON = "transfer.dlq.reason";
    public static final String MESSAGE = "transfer.dlq.message";
    public static final String TOPIC = "transfer.dlq.topic";
    public static final String PARTITION = "transfer.dlq.partition";
    public static final String OFFSET = "transfer.dlq.offset";
    /** The audit-log source of an {@code INVALID_SOURCE_RECORD} ({@code cloudtrail}). */
    public static final String SOURCE = "transfer.dlq.source";
    /** Where {@code ingest} read it: the file (or {@code stdin}) and the record's number in it. */
    public static final String INPUT = "transfer.dlq.input";
    /** The original value's length, when the dead letter holds only its beginning. */
    public static final String TRUNCATED = "transfer.dlq.truncated";
    /** The original key's length in characters, when the dead letter's key is only its beginning. */
    public static final String KEY_TRUNCATED = "transfer.dlq.key.truncated";
    /** How many of the original headers were left out for room. */
    public static final String HEADERS_DROPPED = "transfer.dlq.headers.dropped";
    /** Every header of ours starts with this; no original header does in a dead letter. */
    public static final String NAMESPACE = "transfer.dlq.";
    /** What an original header in {@link #NAMESPACE} is renamed with. */
    public static final String ORIGINAL_PREFIX = "original.";

    /** Under the 1 MiB defaults of max.request.size and max.message.bytes, with room for batch overhead. */
    public static final int MAX_RECORD_BYTES = 1_000_000;

    public static final int MAX_KEY_CHARS = 16_384;
    /** Per-record and per-header framing, generously. */
    private static final int OVERHEAD = 64;

    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded> record) {
        Decoded.Rejected rejected = (Decoded.Rejected) record.value();
        Headers ours = new RecordHeaders();
        ours.add(REASON, bytes(rejected.reason().name()));
        // Tools print headers raw (kcat -f %h): a decoder's message may quote the input, so it is escaped and bounded.
        ours.add(MESSAGE, bytes(Printable.of(rejected.message())));
        context.recordMetadata().ifPresent(m -> {
            ours.add(TOPIC, bytes(m.topic()));
            ours.add(PARTITION, bytes(Integer.toString(m.partition())));
            ours.add(OFFSET, bytes(Long.toString(m.offset())));
        });
        String key = record.key();
        if (key != null && key.length() > MAX_KEY_CHARS) {
            ours.add(KEY_TRUNCATED, bytes(Integer.toString(key.length())));
            key = key.substring(0, MAX_KEY_CHARS);
        }
        byte[] value = rejected.original();
        long budget = MAX_RECORD_BYTES - OVERHEAD - (key == null ? 0 : bytes(key).length) - size(ours) - 3 * OVERHEAD;

        Headers headers = new RecordHeaders();
        int dropped = 0;
        for (Header h : record.headers()) {
            String name = h.key();
            if (name.regionMatches(true, 0, NAMESPACE, 0, NAMESPACE.length())) {
                name = ORIGINAL_PREFIX + name;
            }
            long size = size(name, h.value());
            if (size <= budget) {
                headers.add(name, h.value());
                budget -= size;
            } else {
                dropped++;
            }
        }
        ours.forEach(headers::add);
        if (dropped > 0) {
            headers.add(HEADERS_DROPPED, bytes(Integer.toString(dropped)));
        }
        if (value != null && value.length > budget) {
            headers.add(TRUNCATED, bytes(Integer.toString(value.length)));
            value = Arrays.copyOf(value, (int) Math.max(0, budget));
        }
        context.forward(new Record<>(key, value, record.timestamp(), headers));
    }

    private static long size(Headers headers) {
        long size = 0;
        for (Header h : headers) {
            size += size(h);
        }
        return size;
    }

    private static long size(Header h) {
        return size(h.key(), h.value());
    }

    private static long size(String name, byte[] value) {
        return OVERHEAD + bytes(name).length + (value == null ? 0 : value.length);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
