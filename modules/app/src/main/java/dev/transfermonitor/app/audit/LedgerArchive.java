package dev.transfermonitor.app.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.TopicWalk;
import dev.transfermonitor.app.kafka.WalkListener;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.ledger.DigestChecks;
import dev.transfermonitor.detection.ledger.LedgerVerifier;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.JsonRecords;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The ledger as files, so that auditors can keep it beyond Kafka's retention: {@code audit
 * export} writes them, {@code audit verify --files} checks them offline exactly as it checks the
 * topics. A directory holds:
 *
 * <ul>
 *   <li>{@code ledger-p<P>-<yyyy-MM-ddTHH>Z-<offset>.jsonl}: the entries of ledger partition P in
 *       offset order, a new file whenever the records' Kafka timestamp enters another UTC hour
 *       (one file per partition and hour while timestamps grow), named by its first offset too;
 *   <li>{@code digests-p<P>.jsonl}: every digest of partition P, from the digests topic's start;
 *   <li>{@code manifest.json}, written last: the topics, the period, where each partition's walk
 *       started (an export that does not start at offset 0 is anchored, as verify --from is) and
 *       the files in order with their line counts.
 * </ul>
 *
 * Each line is {"offset", "timestamp", "value": the record's bytes as written (base64),
 * "readable": the record as JSON}. The check trusts the bytes only, and holds the readable
 * copy to them.
 */
public final class LedgerArchive {

    public static final String FORMAT = "transfer-monitor ledger export/1";
    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH'Z'").withZone(ZoneOffset.UTC);
    private static final AvroCodec<LedgerEntry> ENTRIES = AvroCodec.of(LedgerEntry.class);
    private static final AvroCodec<LedgerDigest> DIGESTS = AvroCodec.of(LedgerDigest.class);

    /** What an export wrote; {@code stopped} when interrupted (then there is no manifest). */
    public record Exported(int partitions, long entries, long digests, int files, boolean stopped) {}

    private LedgerArchive() {}

    /**
     * Writes the entries of {@code topic} stamped in [{@code from}, {@code to}) (null: from the
     * start, to the end seen now) and every digest into {@code dir}, which must be new or empty.
     *
     * @throws ConfigException when {@code dir} holds files or a topic does not exist
     */
    public static Exported export(
            MonitorConfig config,
            String topic,
            Instant from,
            Instant to,
            Path dir,
            BooleanSupplier stopRequested,
            WalkListener listener) {
        try {
            requireEmpty(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        BooleanSupplier keepGoing = () -> !stopRequested.getAsBoolean();
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("topic", topic);
        manifest.put("digestsTopic", config.topics().auditDigests());
        manifest.put("from", from == null ? null : from.toString());
        manifest.put("to", to == null ? null : to.toString());
        manifest.put("toTheEnd", to == null);
        try (Writer digests = new Writer(dir, false, manifest.putObject("digestPartitions"))) {
            TopicWalk.walk(config, config.topics().auditDigests(), null, null, keepGoing, new TopicWalk.Visitor() {
                @Override
                public void begin(int partition, long start, long end) {
                    digests.partition(partition, start);
                    listener.partition(config.topics().auditDigests(), partition);
                }

                @Override
                public void record(int partition, long offset, long timestamp, byte[] value) {
                    digests.line("digests-p" + partition, offset, timestamp, value, DIGESTS);
                    listener.records(1);
                }

                @Override
                public void polled() {
                    listener.polled();
                }
            });
            try (Writer entries = new Writer(dir, true, manifest.putObject("partitions"))) {
                int partitions = TopicWalk.walk(config, topic, from, to, keepGoing, new TopicWalk.Visitor() {
                    @Override
                    public void begin(int partition, long start, long end) {
                        entries.partition(partition, start);
                        listener.partition(topic, partition);
                    }

                    @Override
                    public void record(int partition, long offset, long timestamp, byte[] value) {
                        entries.line(
                                "ledger-p" + partition + "-" + HOUR.format(Instant.ofEpochMilli(timestamp)),
                                offset,
                                timestamp,
                                value,
                                ENTRIES);
                        listener.records(1);
                    }

                    @Override
                    public void polled() {
                        listener.polled();
                    }
                });
                entries.close();
                digests.close();
                if (stopRequested.getAsBoolean()) {
                    return new Exported(
                            partitions, entries.lines, digests.lines, entries.fileCount + digests.fileCount, true);
                }
                manifest.put("exportedAt", Instant.now().toString());
                Files.write(
                        dir.resolve(MANIFEST),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
                return new Exported(
                        partitions, entries.lines, digests.lines, entries.fileCount + digests.fileCount, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the export to " + dir, e);
        }
    }

    private static void requireEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var listing = Files.list(dir)) {
                if (listing.findAny().isPresent()) {
                    throw new ConfigException(dir + " is not empty: an export goes to a new or empty directory");
                }
            }
        } else if (Files.exists(dir)) {
            throw new ConfigException(dir + " is not a directory");
        }
    }

    /**
     * Verifies an export offline: the digests with {@code keys} (null: none), then every entry,
     * as {@code audit verify} does on the topics.
     *
     * @throws ConfigException when {@code dir} is not a complete export
     */
    public static LedgerAudit.Result verify(Path dir, Map<String, PublicKey> keys) {
        JsonNode manifest;
        try {
            manifest = JSON.readTree(Files.readAllBytes(dir.resolve(MANIFEST)));
        } catch (NoSuchFileException e) {
            throw new ConfigException(dir + " is not a complete ledger export: no " + MANIFEST
                    + " (written last: was the export interrupted?)");
        } catch (IOException e) {
            throw new ConfigException(dir.resolve(MANIFEST) + ": cannot be read as JSON ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (manifest == null || !FORMAT.equals(manifest.path("format").asText())) {
            throw new ConfigException(dir + ": not a ledger export (" + MANIFEST + " format is not '" + FORMAT + "')");
        }
        DigestChecks digests = keys == null ? null : new DigestChecks(keys);
        if (digests != null) {
            forEachPartition(manifest.path("digestPartitions"), (partition, start, files) -> {
                digests.begin(partition, start);
                Problem problem = read(dir, files, start, (offset, value, readable) -> {
                    if (!readable.equals(readable(value, DIGESTS))) {
                        return "the readable copy of the digest is not what its bytes say";
                    }
                    return digests.digest(partition, offset, value).isPresent() ? "" : null;
                });
                if (problem != null) {
                    digests.refuse(partition, problem.offset(), problem.reason());
                }
            });
        }
        LedgerVerifier verifier = new LedgerVerifier(digests);
        int[] partitions = {0};
        forEachPartition(manifest.path("partitions"), (partition, start, files) -> {
            partitions[0]++;
            verifier.begin(partition, start);
            Problem problem = read(dir, files, start, (offset, value, readable) -> {
                if (!readable.equals(readable(value, ENTRIES))) {
                    return "the readable copy of the entry is not what its bytes say";
                }
                return verifier.check(partition, offset, value).isPresent() ? "" : null;
            });
            if (problem != null) {
                verifier.refuse(partition, problem.offset(), problem.reason());
            }
        });
        return new LedgerAudit.Result(
                dir.toString(),
                partitions[0],
                verifier.result(manifest.path("toTheEnd").asBoolean(false)),
                false);
    }

    @FunctionalInterface
    private interface PartitionFiles {
        void accept(int partition, long start, List<JsonNode> files);
    }

    /** One line: null to go on, "" to stop (the checker has its break), else what is wrong with it. */
    @FunctionalInterface
    private interface Line {
        String accept(long offset, byte[] value, JsonNode readable);
    }

    private record Problem(long offset, String reason) {}

    private static void forEachPartition(JsonNode partitions, PartitionFiles each) {
        Map<Integer, JsonNode> byNumber = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = partitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                byNumber.put(Integer.parseInt(e.getKey()), e.getValue());
            } catch (NumberFormatException notAPartition) {
                throw new ConfigException(MANIFEST + ": '" + e.getKey() + "' is not a partition number");
            }
        }
        byNumber.forEach((p, node) -> {
            List<JsonNode> files = new ArrayList<>();
            node.path("files").forEach(files::add);
            each.accept(p, node.path("start").asLong(0), files);
        });
    }

    /**
     * Reads the files in order; returns what is wrong (a missing or short file, a line that is
     * not a record, a readable copy that lies) at the offset of the record where it shows.
     */
    private static Problem read(Path dir, List<JsonNode> files, long start, Line line) {
        long last = start;
        for (JsonNode file : files) {
            String name = file.path("name").asText();
            Path path = dir.resolve(name).normalize();
            if (!dir.normalize().equals(path.getParent()) || !Files.isRegularFile(path)) {
                return new Problem(last, "the file " + name + " listed in the manifest is missing");
            }
            long expected = file.path("lines").asLong(-1);
            long count = 0;
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    count++;
                    JsonNode node;
                    byte[] value;
                    try {
                        node = JSON.readTree(text);
                        value = Base64.getDecoder().decode(node.path("value").asText());
                    } catch (JsonProcessingException | IllegalArgumentException e) {
                        return new Problem(last, name + " line " + count + " is not a record of the export");
                    }
                    last = node.path("offset").asLong(-1);
                    String problem = line.accept(last, value, node.path("readable"));
                    if (problem != null) {
                        return problem.isEmpty() ? null : new Problem(last, name + " line " + count + ": " + problem);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
            if (count != expected) {
                return new Problem(last, name + " holds " + count + " records, the manifest says " + expected);
            }
        }
        return null;
    }

    private static <T extends SpecificRecord> JsonNode readable(byte[] value, AvroCodec<T> codec) {
        try {
            return JSON.readTree(JsonRecords.toJson(codec.decode(value)));
        } catch (RuntimeException | JsonProcessingException notDecodable) {
            return JSON.nullNode();
        }
    }

    /** Writes one partition after another, a new file whenever the stem changes. */
    private static final class Writer implements AutoCloseable {
        private final Path dir;
        private final boolean offsetInName;
        private final ObjectNode partitions;
        private ArrayNode files;
        private ObjectNode file;
        private String stem;
        private BufferedWriter out;
        private long inFile;
        private long lines;
        private int fileCount;

        /** @param offsetInName name each file by its stem and first offset, else by its stem only */
        Writer(Path dir, boolean offsetInName, ObjectNode partitions) {
            this.dir = dir;
            this.offsetInName = offsetInName;
            this.partitions = partitions;
        }

        void partition(int partition, long start) {
            closeFile();
            ObjectNode p = partitions.putObject(Integer.toString(partition));
            p.put("start", start);
            files = p.putArray("files");
            stem = null;
        }

        <T extends SpecificRecord> void line(
                String name, long offset, long timestamp, byte[] value, AvroCodec<T> codec) {
            try {
                if (!name.equals(stem)) {
                    closeFile();
                    stem = name;
                    String fileName = offsetInName ? name + "-" + offset + ".jsonl" : name + ".jsonl";
                    out = Files.newBufferedWriter(dir.resolve(fileName), StandardCharsets.UTF_8);
                    file = files.addObject();
                    file.put("name", fileName);
                    fileCount++;
                }
                ObjectNode node = JSON.createObjectNode();
                node.put("offset", offset);
                node.put("timestamp", Instant.ofEpochMilli(timestamp).toString());
                node.put("value", Base64.getEncoder().encodeToString(value));
                node.set("readable", readable(value, codec));
                out.write(JSON.writeValueAsString(node));
                out.write('\n');
                inFile++;
                lines++;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + dir, e);
            }
        }

        private void closeFile() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write to " + dir, e);
                }
                file.put("lines", inFile);
                out = null;
                inFile = 0;
            }
        }

        @Override
        public void close() {
            closeFile();
        }
    }
}
