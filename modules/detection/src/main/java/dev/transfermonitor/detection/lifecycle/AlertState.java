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
 * decides whether the next event is an escalation worth a new revision. The stored form starts
 * with a format byte; a record of another format reads as no finding (it opens anew).
 */
record AlertState(TransferAlert current, int emittedRevision, Severity emittedSeverity, long emittedEventCount) {

    private static final AvroCodec<TransferAlert> CODEC = AvroCodec.of(TransferAlert.class);
    private static final byte FORMAT = 0x7E;
    private static final int HEADER = 1 + Integer.BYTES + 1 + Long.BYTES;

    static Serde<AlertState> serde() {
        Serializer<AlertState> serializer = (topic, state) -> {
            if (state == null) {
                return null;
            }
            byte[] alert = CODEC.encode(state.current);
            return ByteBuffer.allocate(HEADER + alert.length)
                    .put(FORMAT)
                    .putInt(state.emittedRevision)
                    .put((byte) state.emittedSeverity.ordinal())
                    .putLong(state.emittedEventCount)
                    .put(alert)
                    .array();
        };
        Deserializer<AlertState> deserializer = (topic, bytes) -> {
            if (bytes == null || bytes.length < HEADER || bytes[0] != FORMAT) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            buffer.get();
            int revision = buffer.getInt();
            Severity severity = Severity.values()[buffer.get()];
            long count = buffer.getLong();
            byte[] alert = new byte[buffer.remaining()];
            buffer.get(alert);
            return new AlertState(CODEC.decode(alert), revision, severity, count);
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
