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
import dev.transfermonitor.reference.ReferenceValidator;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
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

    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final int MAX_CLASSES = 32;
    /** A trillion records in one event is no event; sums stay far from overflow. */
    static final long MAX_COUNT = 1_000_000_000_000L;

    private final Topics topics;
    private final RuleSet rules;
    private final DetectionMetrics metrics;
    private final boolean clockIsRecordTime;
    private FixedKeyProcessorContext<String, Decoded> context;

    public EventValidator(Topics topics, RuleSet rules, DetectionMetrics metrics) {
        this(topics, rules, metrics, false);
    }

    /**
     * @param clockIsRecordTime judge "too far in the future" against each record's timestamp (when
     *                          it was written) instead of the wall clock: a replay, days later, then
     *                          rejects what the live monitor rejected when the record arrived
     */
    public EventValidator(Topics topics, RuleSet rules, DetectionMetrics metrics, boolean clockIsRecordTime) {
        this.topics = topics;
        this.rules = rules;
        this.metrics = metrics;
        this.clockIsRecordTime = clockIsRecordTime;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        boolean access = meta.topic().equals(topics.access());
        long now = clockIsRecordTime ? record.timestamp() : context.currentSystemTimeMs();
        Decoded out;
        try {
            String principal;
            if (access) {
                DataAccessEvent event = ACCESS.decode(record.value());
                byte[] address = check(event, now);
                principal = event.getPrincipalId();
                out = new Decoded.Valid(event, meta.topic(), meta.partition(), meta.offset(), address);
            } else {
                ReplicationEvent event = REPLICATION.decode(record.value());
                check(event, now);
                principal = event.getPrincipalId();
                out = new Decoded.Valid(event, meta.topic(), meta.partition(), meta.offset(), null);
            }
            if (!principal.equals(record.key())) {
                throw new BadRecordException(
                        Reason.KEY_MISMATCH,
                        "the record key is not the event's principalId "
                                + "(producers must key events by principal, or the per-principal state splits across partitions)");
            }
            metrics.event(access, true);
        } catch (BadRecordException e) {
            out = new Decoded.Rejected(record.value(), e.reason(), e.getMessage());
            metrics.event(access, false);
        }
        context.forward(record.withValue(out));
    }

    /** Returns the parsed client address, or null when the event gives none. */
    private byte[] check(DataAccessEvent e, long now) {
        required("eventId", e.getEventId());
        required("principalId", e.getPrincipalId());
        required("assetId", e.getAssetId());
        optionalId("credentialId", e.getCredentialId());
        counts(e.getRecordCount(), e.getByteCount());
        classes(e.getDataClasses());
        time(e.getOccurredAt(), now);
        byte[] address = e.getClientIp() == null ? null : Cidr.parseAddress(e.getClientIp());
        if (e.getClientIp() != null && address == null) {
            throw new BadRecordException(Reason.INVALID_FIELD, "clientIp is not an IPv4 or IPv6 address");
        }
        if (e.getClientCountry() != null
                && !COUNTRY.matcher(e.getClientCountry()).matches()) {
            throw new BadRecordException(Reason.INVALID_FIELD, "clientCountry is not an ISO 3166-1 alpha-2 code");
        }
        return address;
    }

    private void check(ReplicationEvent e, long now) {
        required("eventId", e.getEventId());
        required("principalId", e.getPrincipalId());
        required("jobId", e.getJobId());
        required("sourceAssetId", e.getSourceAssetId());
        optionalId("credentialId", e.getCredentialId());
        // The destination fields reach alert keys, summaries and the ledger: ids like the others.
        optionalId("destinationAssetId", e.getDestinationAssetId());
        optionalId("destinationAccount", e.getDestinationAccount());
        if (e.getDestinationRegion() != null
                && !e.getDestinationRegion().isBlank()
                && !isRegionId(e.getDestinationRegion())) {
            throw new BadRecordException(
                    Reason.INVALID_FIELD,
                    "destinationRegion must be provider:name, e.g. aws:us-east-1 (a lower-case provider, a name of at most 63 of [A-Za-z0-9._-])");
        }
        counts(e.getRecordCount(), e.getByteCount());
        classes(e.getDataClasses());
        time(e.getOccurredAt(), now);
    }

    private static void required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRecordException(Reason.MISSING_FIELD, "required field " + field + " is missing or blank");
        }
        optionalId(field, value);
    }

    /**
     * Ids key the monitor's state and appear in alert text: bounded, free of the control
     * characters its keys use as separators, and free of the invisible and bidi characters that
     * would disguise an alert. A blank optional id is absent, not an id (see the enricher).
     */
    private static void optionalId(String field, String value) {
        if (value != null && !value.isBlank() && !isId(value)) {
            throw new BadRecordException(
                    Reason.INVALID_FIELD,
                    field + " must be 1 to 256 characters without control, invisible or bidi-control characters");
        }
    }

    /**
     * Classes must be in the rules' vocabulary: a fresh class per event would otherwise give each
     * its own burst bucket, and name nothing the rules know. The name is safe to quote once its
     * syntax is checked.
     */
    private void classes(List<String> classes) {
        if (classes == null) {
            return;
        }
        if (classes.size() > MAX_CLASSES) {
            throw new BadRecordException(Reason.INVALID_FIELD, "dataClasses has more than " + MAX_CLASSES + " entries");
        }
        for (String c : classes) {
            if (!isDataClass(c)) {
                throw new BadRecordException(Reason.INVALID_FIELD, "dataClasses entries must match [A-Z0-9_]{1,64}");
            }
            if (!rules.knowsClass(c)) {
                throw new BadRecordException(
                        Reason.INVALID_FIELD,
                        "dataClasses entry " + c
                                + " is not in the rules' data class vocabulary (dataClasses in the rules file)");
            }
        }
    }

    /**
     * 1 to 256 code points, none of them a lone surrogate or a character that
     * {@link ReferenceValidator#isForbidden(int)} refuses in reference data (controls, bidi controls,
     * zero-width characters, separators, BOM); by hand, as it runs on every id of every event.
     */
    static boolean isId(String value) {
        int n = value.length();
        if (n == 0 || n > 512) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (ReferenceValidator.isForbidden(c) || (Character.isSurrogate(c) && !paired(value, i, c))) {
                return false;
            }
        }
        return n <= 256 || value.codePointCount(0, n) <= 256;
    }

    private static boolean paired(String value, int i, char c) {
        return Character.isHighSurrogate(c)
                ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    /** {@code provider:name}: a lower-case provider of up to 16, a name of up to 63 of [A-Za-z0-9._-]. */
    static boolean isRegionId(String value) {
        int colon = value.indexOf(':');
        if (colon < 1 || colon > 16 || value.length() - colon - 1 < 1 || value.length() - colon - 1 > 63) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = i < colon
                    ? (c >= 'a' && c <= 'z') || (i > 0 && c >= '0' && c <= '9')
                    : i == colon
                            || (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** [A-Z0-9_]{1,64}, the vocabulary's syntax. */
    static boolean isDataClass(String value) {
        return RuleSet.isDataClassName(value);
    }

    private static void counts(long records, long bytes) {
        if (records < 0 || records > MAX_COUNT) {
            throw new BadRecordException(Reason.INVALID_FIELD, "recordCount must be between 0 and " + MAX_COUNT);
        }
        if (bytes < 0 || bytes > MAX_COUNT * 1000) {
            throw new BadRecordException(Reason.INVALID_FIELD, "byteCount must be between 0 and " + MAX_COUNT * 1000);
        }
    }

    private void time(Instant occurredAt, long now) {
        if (occurredAt.isBefore(rules.earliestEventTime())) {
            throw new BadRecordException(
                    Reason.IMPOSSIBLE_TIMESTAMP,
                    "occurredAt " + occurredAt + " is before " + rules.earliestEventTime());
        }
        long limit = now + rules.maxFutureSkew().toMillis();
        if (occurredAt.toEpochMilli() > limit) {
            throw new BadRecordException(
                    Reason.FUTURE_TIMESTAMP,
                    "occurredAt " + occurredAt + " is more than " + rules.maxFutureSkew() + " ahead of the clock");
        }
    }
}
