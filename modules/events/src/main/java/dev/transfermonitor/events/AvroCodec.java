package dev.transfermonitor.events;

import dev.transfermonitor.avro.LedgerDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding (magic, schema fingerprint, body) for one record class. The
 * fingerprint lets a reader resolve any writer schema it knows: the current one and every
 * older one listed in {@code schema-history/index.txt} on the classpath, so no registry is
 * needed. Thread-safe; encoders and decoders keep their buffers per thread.
 */
public final class AvroCodec<T extends SpecificRecord> {

    /** Known writer schemas of every record, shared by all decoders. */
    private static final SchemaStore.Cache WRITER_SCHEMAS = new SchemaStore.Cache();

    private static final Map<Class<?>, AvroCodec<?>> CODECS = new ConcurrentHashMap<>();
    /** Marker (2 bytes) and fingerprint (8 bytes) before the Avro body. */
    public static final int HEADER_LENGTH = 10;

    static {
        // Garbage can claim a string or array of gigabytes; bound what one record may allocate.
        limit("org.apache.avro.limits.string.maxLength", 1 << 20);
        limit("org.apache.avro.limits.bytes.maxLength", 1 << 20);
        limit("org.apache.avro.limits.collectionItems.maxLength", 100_000);
        loadSchemaHistory();
        // The current schemas too, so that writerSchema knows them before any codec of theirs exists
        // (a fresh `audit verify` JVM reads ledger entries without ever encoding one).
        for (RecordKind kind : RecordKind.values()) {
            WRITER_SCHEMAS.addSchema(kind.schema());
        }
        WRITER_SCHEMAS.addSchema(LedgerDigest.getClassSchema());
    }

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private AvroCodec(Class<T> type) {
        this.type = type;
        SpecificData data = SpecificData.getForClass(type);
        this.schema = data.getSchema(type);
        WRITER_SCHEMAS.addSchema(schema);
        this.encoder = new BinaryMessageEncoder<>(data, schema);
        this.decoder = new BinaryMessageDecoder<>(data, schema, WRITER_SCHEMAS);
        this.decoder.addSchema(schema);
    }

    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
        return (AvroCodec<T>) CODECS.computeIfAbsent(type, t -> new AvroCodec<>((Class<T>) t));
    }

    /** Makes an older (or foreign) writer schema decodable by every codec. */
    public static void registerWriterSchema(Schema writer) {
        WRITER_SCHEMAS.addSchema(writer);
    }

    public Class<T> type() {
        return type;
    }

    public Schema schema() {
        return schema;
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + schema.getName(), e);
        }
    }

    /**
     * Decodes one record.
     *
     * @throws BadRecordException with the reason when the bytes are not such a record
     */
    public T decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new BadRecordException(BadRecordException.Reason.EMPTY, "empty value, expected " + schema.getName());
        }
        try {
            return decoder.decode(bytes);
        } catch (MissingSchemaException e) {
            throw new BadRecordException(
                    BadRecordException.Reason.UNKNOWN_SCHEMA,
                    "unknown writer schema fingerprint for " + schema.getName() + ": " + e.getMessage());
        } catch (BadHeaderException e) {
            throw new BadRecordException(
                    BadRecordException.Reason.MALFORMED, "not Avro single-object encoded (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) {
            // Any failure of the decoder on untrusted bytes means bad bytes, not a bug here; the
            // list of what it throws is open (UnsupportedOperationException for a string length
            // past 2 GiB, ArrayIndexOutOfBounds for an enum index, ...), and one miss stops the stream.
            throw new BadRecordException(
                    BadRecordException.Reason.MALFORMED,
                    "cannot decode " + schema.getName() + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /**
     * The writer schema of a single-object encoded record, from the fingerprint in its header,
     * for readers that must see a record exactly as written (hash verification); empty when
     * the bytes carry no such header or the schema is unknown.
     */
    public static Optional<Schema> writerSchema(byte[] singleObject) {
        if (singleObject == null
                || singleObject.length < HEADER_LENGTH
                || singleObject[0] != (byte) 0xC3
                || singleObject[1] != (byte) 0x01) {
            return Optional.empty();
        }
        long fingerprint = ByteBuffer.wrap(singleObject, 2, Long.BYTES)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        return Optional.ofNullable(WRITER_SCHEMAS.findByFingerprint(fingerprint));
    }

    /** The 64-bit Rabin fingerprint that single-object encoding puts in each header. */
    public static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static void limit(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    private static void loadSchemaHistory() {
        loadSchemaHistory(AvroCodec.class.getClassLoader(), "schema-history");
    }

    /**
     * Registers every schema that {@code root/index.txt} lists; each file must be self-contained
     * (named types inlined). Package-private so tests can point it at a root of their own
     * without shadowing the real index.
     *
     * @return the schemas registered, in index order; none when there is no index
     */
    static List<Schema> loadSchemaHistory(ClassLoader loader, String root) {
        List<Schema> loaded = new ArrayList<>();
        try (InputStream index = loader.getResourceAsStream(root + "/index.txt")) {
            if (index == null) {
                return loaded;
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                try (InputStream in = loader.getResourceAsStream(root + "/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException(root + "/index.txt lists a missing file: " + name);
                    }
                    Schema schema;
                    try {
                        schema = new Schema.Parser().parse(in);
                    } catch (SchemaParseException e) {
                        throw new IllegalStateException("cannot parse " + root + "/" + name + ": " + e.getMessage(), e);
                    }
                    WRITER_SCHEMAS.addSchema(schema);
                    loaded.add(schema);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return loaded;
    }
}
