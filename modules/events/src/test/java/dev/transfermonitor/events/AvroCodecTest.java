package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transfermonitor.avro.DataAccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Single-object encoding: every kind round-trips, and each kind of bad bytes gets its own reason. */
class AvroCodecTest {

    private static final AvroCodec<DataAccessEvent> CODEC = AvroCodec.of(DataAccessEvent.class);

    @ParameterizedTest
    @EnumSource(RecordKind.class)
    void encodeDecodeRoundTripForEveryKind(RecordKind kind) {
        SpecificRecord sample = Samples.record(kind);
        AvroCodec<SpecificRecord> codec = kind.codec();

        byte[] bytes = codec.encode(sample);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        SpecificRecord decoded = codec.decode(bytes);
        // sample.equals(decoded), not the reverse: a decoded array is a GenericData.Array, whose
        // equals compares through GenericData.get(), which lacks the Instant conversion and
        // throws on PolicyAllowance.validUntil. The sample's lists compare element by element.
        assertThat(sample).isEqualTo(decoded);
    }

    @Test
    void theHeaderCarriesTheSchemaFingerprint() {
        byte[] bytes = CODEC.encode(access());

        long fingerprint = 0;
        for (int i = 9; i >= 2; i--) {
            fingerprint = (fingerprint << 8) | (bytes[i] & 0xFF);
        }
        assertThat(fingerprint).isEqualTo(AvroCodec.fingerprint(DataAccessEvent.getClassSchema()));
    }

    @Test
    void garbageIsMalformed() {
        byte[] garbage = "this is not avro at all".getBytes(StandardCharsets.UTF_8);

        assertThat(decodeFails(garbage).reason()).isEqualTo(BadRecordException.Reason.MALFORMED);
    }

    @Test
    void emptyAndNullAreEmpty() {
        assertThat(decodeFails(new byte[0]).reason()).isEqualTo(BadRecordException.Reason.EMPTY);
        assertThat(decodeFails(null).reason()).isEqualTo(BadRecordException.Reason.EMPTY);
    }

    @Test
    void aValidHeaderWithAnUnknownFingerprintIsUnknownSchema() {
        byte[] bytes = CODEC.encode(access());
        long unknown = 0x0123_4567_89AB_CDEFL;
        for (int i = 0; i < 8; i++) {
            bytes[2 + i] = (byte) (unknown >>> (8 * i));
        }

        BadRecordException e = decodeFails(bytes);

        assertThat(e.reason()).isEqualTo(BadRecordException.Reason.UNKNOWN_SCHEMA);
        assertThat(e.getMessage()).contains("DataAccessEvent");
    }

    @Test
    void aTruncatedRecordIsMalformedWhereverItIsCut() {
        byte[] bytes = CODEC.encode(access());

        for (int length = 1; length < bytes.length; length++) {
            BadRecordException e = decodeFails(Arrays.copyOf(bytes, length));
            assertThat(e.reason())
                    .as("cut to %d of %d bytes", length, bytes.length)
                    .isEqualTo(BadRecordException.Reason.MALFORMED);
        }
    }

    @Test
    void aStringClaimingAHugeLengthIsMalformedNotAnAllocation() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CODEC.encode(access()), 0, 10);
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        body.writeLong(Integer.MAX_VALUE - 16L);
        body.flush();

        assertThat(decodeFails(out.toByteArray()).reason()).isEqualTo(BadRecordException.Reason.MALFORMED);
    }

    /** Past 2 GiB Avro throws UnsupportedOperationException, not one of its own: it once stopped the stream. */
    @Test
    void aStringClaimingMoreThanTwoGibibytesIsMalformed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(CODEC.encode(access()), 0, 10);
        BinaryEncoder body = EncoderFactory.get().directBinaryEncoder(out, null);
        body.writeLong(1L << 40);
        body.flush();

        assertThat(decodeFails(out.toByteArray()).reason()).isEqualTo(BadRecordException.Reason.MALFORMED);
    }

    @Test
    void serdeKeepsTombstonesAndRoundTrips() {
        AvroSerde<DataAccessEvent> serde = AvroSerde.of(DataAccessEvent.class);
        DataAccessEvent event = access();

        byte[] bytes = serde.serializer().serialize("t", event);

        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(event);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    private static DataAccessEvent access() {
        return (DataAccessEvent) Samples.record(RecordKind.ACCESS);
    }

    private static BadRecordException decodeFails(byte[] bytes) {
        BadRecordException e = catchThrowableOfType(BadRecordException.class, () -> CODEC.decode(bytes));
        assertThat(e).isNotNull();
        return e;
    }
}
