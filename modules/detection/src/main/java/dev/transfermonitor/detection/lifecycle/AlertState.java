package dev.transfermonitor.detection.lifecycle;

import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One finding's running totals ({@code current}) and what was last emitted for it, which
 * decides whether the next event is an escalation worth a new revision; {@code day} is the
 * UTC day (event time) of its latest event, for expiry.
 */
record AlertState(TransferAlert current, int emittedRevision, Severity emittedSeverity, long emittedEventCount, long day) {

    private static final AvroCodec<TransferAlert> CODEC = AvroCodec.of(TransferAlert.class);
    private static final int HEADER = Integer.BYTES + 1 + 2 * Long.BYTES;

    static Serde<AlertState> serde() {
        Serializer<AlertState> serializer = (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] alert = CODEC.encode(state.current);
            return ByteBuffer.allocate(HEADER + alert.length)
                    .putInt(state.emittedRevision)
                    .put((byte) state.emittedSeverity.ordinal())
                    .putLong(state.emittedEventCount)
                    .putLong(state.day)
                    .put(alert)
                    .array();
        };
        Deserializer<AlertState> deserializer = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int revision = buffer.getInt();
            Severity severity = Severity.values()[buffer.get()];
            long count = buffer.getLong();
            long day = buffer.getLong();
            byte[] alert = new byte[buffer.remaining()];
            buffer.get(alert);
            return new AlertState(CODEC.decode(alert), revision, severity, count, day);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
