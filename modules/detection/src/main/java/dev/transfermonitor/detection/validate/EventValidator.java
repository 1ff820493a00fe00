package dev.transfermonitor.detection.validate;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException;
import dev.transfermonitor.events.BadRecordException.Reason;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.reference.Cidr;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Stage 1, validate. In: raw bytes from the access and replication topics. Out: a
 * {@link Decoded.Valid} event, or a {@link Decoded.Rejected} with the reason (undecodable,
 * unknown schema, missing or impossible field, stamped too far in the future). Nothing is
 * dropped: every input record leaves as exactly one of the two.
 */
public final class EventValidator implements FixedKeyProcessor<String, byte[], Decoded> {

    private static final AvroCodec<DataAccessEvent> ACCESS = AvroCodec.of(DataAccessEvent.class);
    private static final AvroCodec<ReplicationEvent> REPLICATION = AvroCodec.of(ReplicationEvent.class);

    private final Topics topics;
    private final RuleSet rules;
    private final DetectionMetrics metrics;
    private FixedKeyProcessorContext<String, Decoded> context;

    public EventValidator(Topics topics, RuleSet rules, DetectionMetrics metrics) {
        this.topics = topics;
        this.rules = rules;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        boolean access = meta.topic().equals(topics.access());
        Decoded out;
        try {
            if (access) {
                DataAccessEvent event = ACCESS.decode(record.value());
                check(event);
                out = new Decoded.Valid(event, meta.topic(), meta.partition(), meta.offset());
            } else {
                ReplicationEvent event = REPLICATION.decode(record.value());
                check(event);
                out = new Decoded.Valid(event, meta.topic(), meta.partition(), meta.offset());
            }
            metrics.event(access, true);
        } catch (BadRecordException e) {
            out = new Decoded.Rejected(record.value(), e.reason(), e.getMessage());
            metrics.event(access, false);
        }
        context.forward(record.withValue(out));
    }

    private void check(DataAccessEvent e) {
        required("eventId", e.getEventId());
        required("principalId", e.getPrincipalId());
        required("assetId", e.getAssetId());
        counts(e.getRecordCount(), e.getByteCount());
        time(e.getOccurredAt());
        if (e.getClientIp() != null && Cidr.parseAddress(e.getClientIp()) == null) {
            throw new BadRecordException(Reason.INVALID_FIELD, "clientIp is not an IPv4 or IPv6 address");
        }
        if (e.getClientCountry() != null && !e.getClientCountry().matches("[A-Za-z]{2}")) {
            throw new BadRecordException(Reason.INVALID_FIELD, "clientCountry is not an ISO 3166-1 alpha-2 code");
        }
    }

    private void check(ReplicationEvent e) {
        required("eventId", e.getEventId());
        required("principalId", e.getPrincipalId());
        required("jobId", e.getJobId());
        required("sourceAssetId", e.getSourceAssetId());
        counts(e.getRecordCount(), e.getByteCount());
        time(e.getOccurredAt());
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "required field " + field + " is missing or blank");
        }
    }

    private static void counts(long records, long bytes) {
        if (records < 0) {
            throw new BadRecordException(Reason.INVALID_FIELD, "recordCount is negative");
        }
        if (bytes < 0) {
            throw new BadRecordException(Reason.INVALID_FIELD, "byteCount is negative");
        }
    }

    private void time(Instant occurredAt) {
        if (occurredAt.isBefore(rules.earliestEventTime())) {
            throw new BadRecordException(Reason.IMPOSSIBLE_TIMESTAMP,
                    "occurredAt " + occurredAt + " is before " + rules.earliestEventTime());
        }
        long limit = context.currentSystemTimeMs() + rules.maxFutureSkew().toMillis();
        if (occurredAt.toEpochMilli() > limit) {
            throw new BadRecordException(Reason.FUTURE_TIMESTAMP,
                    "occurredAt " + occurredAt + " is more than " + rules.maxFutureSkew() + " ahead of the clock");
        }
    }
}
