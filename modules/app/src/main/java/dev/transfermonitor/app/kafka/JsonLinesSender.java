package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.JsonRecordException;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.io.Reader;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code produce}'s work: JSON lines of one record kind in, Avro records out to that kind's
 * topic, keyed as the monitor expects. Reference records get the monitor's own checks, so a
 * record it would ignore is refused here instead.
 */
public final class JsonLinesSender {

    /**
     * What was sent.
     *
     * @param stoppedAt the bad line that ended the run (records before it were sent), or null
     */
    public record Result(String topic, long sent, int skipped, JsonRecordException stoppedAt) {}

    private JsonLinesSender() {}

    /**
     * @param source      the input's name in error messages (a file name, stdin)
     * @param skipInvalid go on after a bad line, telling {@code onSkipped}; else stop at the first
     */
    public static Result send(
            MonitorConfig config,
            RecordKind kind,
            Reader reader,
            String source,
            boolean skipInvalid,
            Consumer<JsonRecordException> onSkipped) {
        String target = config.topics().of(kind);
        boolean reference = ReferenceData.KINDS.contains(kind);
        int[] skipped = {0};
        try (RecordSender sender = new RecordSender(config, "sending to " + target)) {
            try {
                JsonRecords.forEachJsonLine(reader, source, (json, lineNumber) -> {
                    SpecificRecord record;
                    try {
                        record = JsonRecords.fromJson(kind, json, source, lineNumber);
                        if (reference) {
                            record = ReferenceData.validated(kind, record, source, lineNumber);
                        }
                    } catch (JsonRecordException e) {
                        if (!skipInvalid) {
                            throw e;
                        }
                        onSkipped.accept(e);
                        skipped[0]++;
                        return;
                    }
                    sender.send(
                            target,
                            kind.keyOf(record),
                            kind.<SpecificRecord>codec().encode(record));
                });
            } catch (JsonRecordException e) {
                sender.flush();
                return new Result(target, sender.sent(), skipped[0], e);
            }
            sender.flush();
            return new Result(target, sender.sent(), skipped[0], null);
        } catch (RuntimeException e) {
            throw KafkaAccessException.explained(e, config.clientProperties());
        }
    }
}
