package dev.transfermonitor.app.ingest;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.RecordSender;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.Outcome;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * {@code ingest} into a cluster: events to the input topics keyed by principal, credential
 * updates to the credentials topic, invalid records to the dead-letter topic with the
 * headers the monitor's own dead letters carry, plus the source and where the record was read.
 */
public final class KafkaSink implements Ingest.Sink, AutoCloseable {

    private final Topics topics;
    private final String sourceName;
    private final RecordSender sender;

    public KafkaSink(MonitorConfig config, String sourceName) {
        this.topics = config.topics();
        this.sourceName = sourceName;
        this.sender = new RecordSender(config, "sending " + sourceName + " records");
    }

    @Override
    public void event(RecordKind kind, SpecificRecord event) {
        send(kind, event);
    }

    @Override
    public void credential(Credential credential) {
        send(RecordKind.CREDENTIAL, credential);
    }

    private void send(RecordKind kind, SpecificRecord record) {
        sender.send(
                topics.of(kind),
                kind.keyOf(record),
                kind.<SpecificRecord>codec().encode(record));
    }

    @Override
    public void deadLetter(Outcome.Invalid invalid, String where) {
        sender.send(deadLetter(topics.dlq(), sourceName, invalid, where, null));
    }

    /** The dead letter of an invalid record, under {@code key} (the raw message's, or none). */
    static ProducerRecord<String, byte[]> deadLetter(
            String topic, String sourceName, Outcome.Invalid invalid, String where, String key) {
        Headers headers = deadLetterHeaders(sourceName, invalid);
        headers.add(DeadLetters.INPUT, bytes(Printable.of(where)));
        return new ProducerRecord<>(topic, null, key, bytes(invalid.raw()), headers);
    }

    /** The reason headers of an invalid record's dead letter, as the monitor's own dead letters have them. */
    static Headers deadLetterHeaders(String sourceName, Outcome.Invalid invalid) {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, bytes(BadRecordException.Reason.INVALID_SOURCE_RECORD.name()));
        headers.add(DeadLetters.MESSAGE, bytes(Printable.of(invalid.reason())));
        headers.add(DeadLetters.SOURCE, bytes(sourceName));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void flush() {
        sender.flush();
    }

    @Override
    public void close() {
        sender.close();
    }
}
