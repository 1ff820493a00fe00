package dev.transfermonitor.detection.ledger;

import dev.transfermonitor.avro.LedgerEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * {@code SHA-256(previousHash as ASCII hex || Avro binary encoding of the entry with hash "")},
 * in lower-case hex. Reuses its buffers, so one instance per thread.
 */
public final class LedgerHasher {

    private final SpecificDatumWriter<LedgerEntry> writer = new SpecificDatumWriter<>(LedgerEntry.class);
    private final Map<Schema, DatumWriter<GenericRecord>> genericWriters = new HashMap<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    private final MessageDigest sha256;
    private BinaryEncoder encoder;

    public LedgerHasher() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The hash of an entry whose own hash field is empty. */
    public String hash(String previousHash, LedgerEntry entryWithEmptyHash) {
        return hash(previousHash, writer, entryWithEmptyHash);
    }

    /**
     * The hash of an entry as its writer encoded it, with its own hash field empty: entries
     * written with an older schema hash over that schema's encoding, so they verify forever.
     */
    public String hash(String previousHash, Schema writerSchema, GenericRecord entryWithEmptyHash) {
        return hash(
                previousHash,
                genericWriters.computeIfAbsent(writerSchema, GenericDatumWriter::new),
                entryWithEmptyHash);
    }

    private <T> String hash(String previousHash, DatumWriter<T> datumWriter, T entryWithEmptyHash) {
        buffer.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(buffer, encoder);
        try {
            datumWriter.write(entryWithEmptyHash, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sha256.reset();
        sha256.update(previousHash.getBytes(StandardCharsets.US_ASCII));
        sha256.update(buffer.toByteArray());
        return HexFormat.of().formatHex(sha256.digest());
    }
}
