package dev.transfermonitor.app.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.TopicWalk;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.ledger.LedgerProofs;
import dev.transfermonitor.detection.ledger.LedgerVerifier;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Printable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code audit prove} and {@code audit check-proof}: a self-contained JSON proof that one
 * ledger entry is in the signed ledger (the entry and the covering digest as written, and the
 * entry's audit path), and its check, offline, with the public key only. The readable fields in
 * a proof are for people; the check trusts only the bytes, the path and the signature.
 */
public final class LedgerProof {

    public static final String FORMAT = "transfer-monitor ledger proof/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerProof() {}

    /** Where an entry is: its partition and offset in the ledger topic. */
    public record Located(int partition, long offset) {}

    /**
     * Finds the first ledger entry of {@code auditTopic} whose eventId is {@code eventId}, walking
     * every partition from its start.
     *
     * @throws ConfigException when there is none
     */
    public static Located locate(MonitorConfig config, String auditTopic, String eventId, BooleanSupplier keepGoing) {
        AvroCodec<LedgerEntry> codec = AvroCodec.of(LedgerEntry.class);
        Located[] found = {null};
        TopicWalk.walk(
                config, auditTopic, null, null, () -> keepGoing.getAsBoolean() && found[0] == null, (p, o, t, v) -> {
                    if (found[0] != null) {
                        return;
                    }
                    try {
                        if (eventId.equals(codec.decode(v).getEventId())) {
                            found[0] = new Located(p, o);
                        }
                    } catch (RuntimeException notAnEntry) {
                        // audit verify names records that are not entries; here they are simply not the one.
                    }
                });
        if (found[0] == null) {
            throw new ConfigException("no ledger entry of " + auditTopic + " has eventId " + Printable.of(eventId));
        }
        return found[0];
    }

    /**
     * The proof of the entry at {@code partition}:{@code offset} of {@code auditTopic}.
     *
     * @throws ConfigException when there is no entry there, or no digest covers it yet
     */
    public static ObjectNode prove(
            MonitorConfig config, String auditTopic, int partition, long offset, BooleanSupplier keepGoing) {
        List<byte[]> digestBytes = new ArrayList<>();
        List<LedgerDigest> digests = new ArrayList<>();
        AvroCodec<LedgerDigest> digestCodec = AvroCodec.of(LedgerDigest.class);
        TopicWalk.walk(config, config.topics().auditDigests(), null, null, keepGoing, (p, o, t, value) -> {
            if (p != partition) {
                return;
            }
            try {
                digests.add(digestCodec.decode(value));
                digestBytes.add(value);
            } catch (RuntimeException notADigest) {
                // The check of the proof judges the digest; a broken one cannot be in a proof.
            }
        });
        Found found = new Found();
        TopicWalk.walk(
                config, auditTopic, null, null, () -> keepGoing.getAsBoolean() && !found.done, (p, o, t, value) -> {
                    if (p != partition || found.done) {
                        return;
                    }
                    LedgerVerifier.Checked c = LedgerVerifier.checkOne(value);
                    if (o == offset) {
                        if (c.problem() != null) {
                            throw new ConfigException("the record at partition " + partition + " offset " + offset
                                    + " is not a ledger entry that verifies: " + c.problem());
                        }
                        found.entry = value;
                        found.sequence = c.sequence();
                    }
                    if (c.problem() != null) {
                        return;
                    }
                    int covering = covering(digests, c.sequence());
                    if (covering < 0) {
                        return;
                    }
                    if (c.sequence() == digests.get(covering).getFirstSequence()) {
                        found.range.clear();
                    }
                    found.range.add(c.hash());
                    if (found.entry != null
                            && covering == covering(digests, found.sequence)
                            && c.sequence() == digests.get(covering).getLastSequence()) {
                        found.digest = covering;
                        found.done = true;
                    }
                });
        if (found.entry == null) {
            throw new ConfigException(
                    "no ledger entry at partition " + partition + " offset " + offset + " of " + auditTopic);
        }
        if (found.digest < 0) {
            throw new ConfigException("the entry at partition " + partition + " offset " + offset + " (sequence "
                    + found.sequence + ") is not covered by a digest yet (one comes every ledger.signing.interval; "
                    + "a ledger written without a signing key has none)");
        }
        LedgerDigest d = digests.get(found.digest);
        int index = (int) (found.sequence - d.getFirstSequence());
        if (found.range.size() != d.getLastSequence() - d.getFirstSequence() + 1) {
            throw new ConfigException("the digest covering the entry at partition " + partition + " offset " + offset
                    + " signs sequences " + d.getFirstSequence() + ".." + d.getLastSequence() + ", but only "
                    + found.range.size() + " of those entries are still in " + auditTopic + " (retention?)");
        }
        LedgerEntry entry = AvroCodec.of(LedgerEntry.class).decode(found.entry);
        ObjectNode proof = JSON.createObjectNode();
        proof.put("format", FORMAT);
        proof.put("topic", auditTopic);
        proof.put("partition", partition);
        proof.put("offset", offset);
        ObjectNode readable = proof.putObject("entryFields");
        readable.put("sequence", entry.getSequence());
        readable.put("eventId", entry.getEventId());
        readable.put("occurredAt", entry.getOccurredAt().toString());
        readable.put("kind", entry.getKind().name());
        readable.put("origin", entry.getOriginJurisdiction());
        readable.put("destination", entry.getDestinationJurisdiction());
        readable.put("decision", entry.getDecision().name());
        proof.put("entry", Base64.getEncoder().encodeToString(found.entry));
        proof.put("leafIndex", index);
        proof.put("treeSize", d.getLastSequence() - d.getFirstSequence() + 1);
        ArrayNode path = proof.putArray("auditPath");
        LedgerProofs.path(found.range, index)
                .forEach(h -> path.add(HexFormat.of().formatHex(h)));
        ObjectNode digestFields = proof.putObject("digestFields");
        digestFields.put("keyId", d.getKeyId());
        digestFields.put("firstSequence", d.getFirstSequence());
        digestFields.put("lastSequence", d.getLastSequence());
        digestFields.put("merkleRoot", d.getMerkleRoot());
        digestFields.put("signedAt", d.getSignedAt().toString());
        proof.put("digest", Base64.getEncoder().encodeToString(digestBytes.get(found.digest)));
        return proof;
    }

    /** What a proof file proves: null problem when valid, and a line about the entry. */
    public record Checked(String problem, String entry) {}

    /**
     * Checks a proof file with the public keys, offline.
     *
     * @throws ConfigException when the file is not a proof at all
     */
    public static Checked check(Path file, Map<String, PublicKey> keys) {
        JsonNode proof;
        try {
            proof = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConfigException("proof " + file + ": cannot be read as JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (proof == null || !FORMAT.equals(proof.path("format").asText())) {
            throw new ConfigException("proof " + file + ": not a ledger proof (format is not '" + FORMAT + "')");
        }
        byte[] entry;
        byte[] digest;
        List<byte[]> path = new ArrayList<>();
        try {
            entry = Base64.getDecoder().decode(proof.path("entry").asText());
            digest = Base64.getDecoder().decode(proof.path("digest").asText());
            for (JsonNode h : proof.path("auditPath")) {
                path.add(HexFormat.of().parseHex(h.asText()));
            }
        } catch (IllegalArgumentException e) {
            return new Checked("the proof's entry, digest or audit path is not base64 / hex", null);
        }
        String problem = LedgerProofs.check(
                entry,
                proof.path("leafIndex").asLong(-1),
                proof.path("treeSize").asLong(-1),
                path,
                digest,
                keys);
        if (problem != null) {
            return new Checked(problem, null);
        }
        LedgerEntry e = AvroCodec.of(LedgerEntry.class).decode(entry);
        LedgerDigest d = AvroCodec.of(LedgerDigest.class).decode(digest);
        return new Checked(
                null,
                "entry sequence " + e.getSequence() + " of partition " + d.getPartition() + " (event " + e.getEventId()
                        + ", " + e.getOccurredAt() + ", " + e.getKind() + " " + e.getOriginJurisdiction() + " > "
                        + e.getDestinationJurisdiction() + ", " + e.getDecision() + ") is in the ledger signed by key "
                        + d.getKeyId() + " at " + d.getSignedAt());
    }

    private static int covering(List<LedgerDigest> digests, long sequence) {
        for (int i = 0; i < digests.size(); i++) {
            if (digests.get(i).getFirstSequence() <= sequence
                    && sequence <= digests.get(i).getLastSequence()) {
                return i;
            }
        }
        return -1;
    }

    private static final class Found {
        private final List<String> range = new ArrayList<>();
        private byte[] entry;
        private long sequence;
        private int digest = -1;
        private boolean done;
    }
}
