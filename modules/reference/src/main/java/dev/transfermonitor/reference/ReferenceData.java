package dev.transfermonitor.reference;

import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.RecordKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Loads reference data (regions, assets, networks, principals, credentials, policies) from
 * JSON Lines files, one record per line, field names as in the Avro schemas; blank lines and
 * lines starting with {@code #} are skipped.
 *
 * <p>Beyond the JSON mapping every record must pass {@link ReferenceValidator}, the checks the
 * monitor applies to every record on a reference topic (a network's {@code cidr} is normalised
 * first, so key and value carry the canonical range), and a key may appear only once per kind.
 * Every error is a {@link ReferenceDataException} naming file, line and field. Whether an
 * asset's region or a credential's principal exists is not checked here: those may be loaded
 * separately.
 *
 * <p>The shipped data is the fictional sample company "Hanbit Commerce" used by the demo
 * ({@link #bundled()}) and the public region catalogue of AWS, Google Cloud and Azure
 * ({@link #builtInRegions()}), which the monitor holds from the start: it is not reference data
 * to publish.
 */
public final class ReferenceData {

    /**
     * One loaded record.
     *
     * @param kind   what it is
     * @param key    its Kafka key ({@link RecordKind#keyOf}; for networks the normalised cidr)
     * @param value  the record
     * @param source where it came from, {@code file:line}
     */
    public record Loaded(RecordKind kind, String key, SpecificRecord value, String source) {}

    /** The reference kinds in load order (regions before what refers to them). */
    public static final List<RecordKind> KINDS = List.of(
            RecordKind.REGION,
            RecordKind.ASSET,
            RecordKind.NETWORK,
            RecordKind.PRINCIPAL,
            RecordKind.CREDENTIAL,
            RecordKind.POLICY);

    private static final String RESOURCE_ROOT = "reference/";
    private static final String BUILT_IN_REGIONS = RESOURCE_ROOT + "regions.jsonl";
    private static final String SAMPLE_RESOURCE_DIR = RESOURCE_ROOT + "sample-company/";
    private static final List<String> EXTENSIONS = List.of(".jsonl", ".json");

    private ReferenceData() {}

    /** The file name, without extension, that holds records of a reference kind ({@code regions}, ...). */
    public static String fileBaseName(RecordKind kind) {
        return switch (kind) {
            case REGION -> "regions";
            case ASSET -> "assets";
            case NETWORK -> "networks";
            case PRINCIPAL -> "principals";
            case CREDENTIAL -> "credentials";
            case POLICY -> "policies";
            default -> throw new IllegalArgumentException(kind + " is not reference data");
        };
    }

    /**
     * The kind a file name stands for: {@code regions.jsonl} or {@code regions.json} is
     * {@link RecordKind#REGION}, and so on; null for any other name.
     */
    public static RecordKind kindOfFileName(String fileName) {
        for (String extension : EXTENSIONS) {
            if (fileName.endsWith(extension)) {
                String base = fileName.substring(0, fileName.length() - extension.length());
                for (RecordKind kind : KINDS) {
                    if (fileBaseName(kind).equals(base)) {
                        return kind;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Loads one file, or every reference file in a directory (in {@link #KINDS} order). A
     * file's kind comes from its name ({@code assets.jsonl}, {@code assets.json}, ...); both
     * extensions hold JSON Lines. In a directory, hidden entries are ignored and any other
     * unknown entry is an error, as are two files for one kind.
     *
     * @throws dev.transfermonitor.events.JsonRecordException for a line that is not a valid record
     *     (its subclass {@link ReferenceDataException} for the checks done here, unknown or missing files)
     * @throws UncheckedIOException when a file cannot be read
     */
    public static List<Loaded> load(Path dirOrFile) {
        if (Files.isDirectory(dirOrFile)) {
            return loadDirectory(dirOrFile);
        }
        if (!Files.exists(dirOrFile)) {
            throw new ReferenceDataException(dirOrFile.toString(), 0, null, "no such file or directory");
        }
        RecordKind kind = kindOfFileName(String.valueOf(dirOrFile.getFileName()));
        if (kind == null) {
            throw new ReferenceDataException(
                    dirOrFile.toString(), 0, null, "unknown reference file name: expected " + expectedNames());
        }
        return new Collector().add(kind, dirOrFile).result();
    }

    /**
     * Reads records of one kind from JSON Lines.
     *
     * @param source named in errors and in {@link Loaded#source()}, e.g. a file name or "stdin"
     */
    public static List<Loaded> read(RecordKind kind, Reader in, String source) {
        requireReferenceKind(kind);
        return new Collector().add(kind, in, source).result();
    }

    /**
     * The sample company (its own data centres as regions, assets, networks, principals,
     * credentials, policies), as {@code demo} and {@code reference load --sample} publish it.
     */
    public static List<Loaded> bundled() {
        Collector collector = new Collector();
        for (RecordKind kind : KINDS) {
            collector.addResource(kind, resourceOf(kind));
        }
        return collector.result();
    }

    /** The built-in region catalogue of the public clouds; see {@link RegionCatalog}. */
    public static List<Loaded> builtInRegions() {
        return new Collector().addResource(RecordKind.REGION, BUILT_IN_REGIONS).result();
    }

    /**
     * Writes the sample company as
     * {@code regions.jsonl}, {@code assets.jsonl}, ... into a directory, created if needed, so
     * that it can be edited and loaded with {@link #load(Path)}. Existing files are never
     * overwritten: if any target exists nothing is written.
     *
     * @return the files written, in {@link #KINDS} order
     * @throws UncheckedIOException (wrapping {@link FileAlreadyExistsException} when a target exists)
     */
    public static List<Path> writeSample(Path dir) {
        List<Path> targets = new ArrayList<>();
        for (RecordKind kind : KINDS) {
            targets.add(dir.resolve(fileBaseName(kind) + ".jsonl"));
        }
        try {
            for (Path target : targets) {
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(
                            target.toString(), null, "not overwriting existing reference data");
                }
            }
            Files.createDirectories(dir);
            for (int i = 0; i < KINDS.size(); i++) {
                try (InputStream in = openResource(resourceOf(KINDS.get(i)))) {
                    Files.copy(in, targets.get(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample reference data to " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(targets);
    }

    private static List<Loaded> loadDirectory(Path dir) {
        Map<RecordKind, Path> files = new EnumMap<>(RecordKind.class);
        List<String> unknown = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                String name = String.valueOf(entry.getFileName());
                if (name.startsWith(".")) {
                    continue;
                }
                RecordKind kind = Files.isRegularFile(entry) ? kindOfFileName(name) : null;
                if (kind == null) {
                    unknown.add(name);
                } else if (files.containsKey(kind)) {
                    doubled.add(files.get(kind).getFileName() + " and " + name);
                } else {
                    files.put(kind, entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (!unknown.isEmpty()) {
            throw new ReferenceDataException(
                    dir.toString(), 0, null, "unknown entries " + unknown + ": expected only " + expectedNames());
        }
        if (!doubled.isEmpty()) {
            throw new ReferenceDataException(
                    dir.toString(), 0, null, "more than one file for the same kind: " + String.join("; ", doubled));
        }
        if (files.isEmpty()) {
            throw new ReferenceDataException(
                    dir.toString(), 0, null, "no reference files: expected " + expectedNames());
        }
        Collector collector = new Collector();
        for (RecordKind kind : KINDS) {
            Path file = files.get(kind);
            if (file != null) {
                collector.add(kind, file);
            }
        }
        return collector.result();
    }

    private static String resourceOf(RecordKind kind) {
        return SAMPLE_RESOURCE_DIR + fileBaseName(kind) + ".jsonl";
    }

    private static InputStream openResource(String resource) throws IOException {
        InputStream in = ReferenceData.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new NoSuchFileException("classpath:" + resource, null, "missing from the reference jar");
        }
        return in;
    }

    private static void requireReferenceKind(RecordKind kind) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException(kind + " is not reference data; expected one of " + KINDS);
        }
    }

    private static String expectedNames() {
        List<String> names = new ArrayList<>();
        for (RecordKind kind : KINDS) {
            names.add(fileBaseName(kind));
        }
        return String.join(", ", names) + " (each .jsonl or .json)";
    }

    /** Accumulates records and remembers where each key was first seen, to report duplicates. */
    private static final class Collector {
        private final List<Loaded> loaded = new ArrayList<>();
        private final Map<RecordKind, Map<String, Location>> seen = new EnumMap<>(RecordKind.class);

        private record Location(String source, int line) {}

        Collector add(RecordKind kind, Path file) {
            // REPORT rather than replace malformed bytes: a mangled id must not load quietly.
            var decoder = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            try (Reader in = new InputStreamReader(Files.newInputStream(file), decoder)) {
                return add(kind, in, file.toString());
            } catch (NoSuchFileException e) {
                throw new ReferenceDataException(file.toString(), 0, null, "no such file", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        Collector addResource(RecordKind kind, String resource) {
            try (Reader in = new InputStreamReader(openResource(resource), StandardCharsets.UTF_8)) {
                return add(kind, in, "classpath:" + resource);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read bundled reference data " + resource + ": " + e.getMessage(), e);
            }
        }

        Collector add(RecordKind kind, Reader in, String source) {
            try {
                JsonRecords.forEachJsonLine(
                        in, source, (json, line) -> accept(kind, parse(kind, json, source, line), source, line));
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof CharacterCodingException) {
                    // Decoding runs ahead of line splitting, so only a lower bound of the line is known.
                    throw new ReferenceDataException(
                            source, 0, null, "not valid UTF-8 (" + e.getMessage() + ")", e.getCause());
                }
                throw e;
            }
            return this;
        }

        List<Loaded> result() {
            return List.copyOf(loaded);
        }

        private static SpecificRecord parse(RecordKind kind, String json, String source, int line) {
            if (json.startsWith("[")) {
                throw new ReferenceDataException(
                        source, line, null, "expected one JSON object per line (JSON Lines), found a JSON array");
            }
            return JsonRecords.fromJson(kind, json, source, line);
        }

        private void accept(RecordKind kind, SpecificRecord record, String source, int line) {
            SpecificRecord value = validated(kind, record, source, line);
            String key = kind.keyOf(value);
            if (key == null || key.isBlank()) {
                throw new ReferenceDataException(source, line, kind.keyField(), "must not be empty");
            }
            Location first =
                    seen.computeIfAbsent(kind, k -> new HashMap<>()).putIfAbsent(key, new Location(source, line));
            if (first != null) {
                String where =
                        first.source.equals(source) ? "line " + first.line : first.source + " line " + first.line;
                throw new ReferenceDataException(
                        source,
                        line,
                        kind.keyField(),
                        "duplicate " + kind.keyField() + " '" + key + "', first defined at " + where);
            }
            loaded.add(new Loaded(kind, key, value, source + ":" + line));
        }
    }

    /**
     * A reference record as the monitor will accept it: a network's cidr written canonically
     * (key and value then carry the same spelling), and every check of {@link ReferenceValidator}
     * passed. {@code produce} uses it for reference topics, as the loader does for every line.
     *
     * @throws ReferenceDataException naming source, line and field of the first problem
     */
    public static SpecificRecord validated(RecordKind kind, SpecificRecord record, String source, int line) {
        requireReferenceKind(kind);
        SpecificRecord value = record;
        if (record instanceof NetworkRange range && range.getCidr() != null) {
            try {
                value = NetworkRange.newBuilder(range)
                        .setCidr(Cidr.parse(range.getCidr()).normalized())
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ReferenceDataException(source, line, "cidr", e.getMessage(), e);
            }
        }
        ReferenceValidator.Problem problem = ReferenceValidator.check(value);
        if (problem != null) {
            throw new ReferenceDataException(source, line, problem.field(), problem.message());
        }
        return value;
    }

    /** Records of one kind, in load order. */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> List<T> valuesOf(List<Loaded> loaded, RecordKind kind) {
        List<T> values = new ArrayList<>();
        for (Loaded l : loaded) {
            if (l.kind() == kind) {
                values.add((T) l.value());
            }
        }
        return values;
    }

    /** Counts per kind in {@link #KINDS} order, for a summary line: {@code {regions=154, assets=8}}. */
    public static Map<String, Integer> countsByKind(List<Loaded> loaded) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (RecordKind kind : KINDS) {
            int n = 0;
            for (Loaded l : loaded) {
                if (l.kind() == kind) {
                    n++;
                }
            }
            if (n > 0) {
                counts.put(fileBaseName(kind), n);
            }
        }
        return counts;
    }
}
