package dev.transfermonitor.app.ingest;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.sources.Source;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code ingest}'s PATH arguments name: files as given, directories walked for log files
 * (an {@code AWSLogs/...} tree as S3 delivers it), {@code -} for standard input.
 */
public final class IngestInputs {

    /** One file to read, or standard input ({@code path} null). */
    public record Input(String name, Path path, long size) {
        static Input stdin() {
            return new Input("stdin", null, -1);
        }
    }

    /**
     * @param skipped files found in directories that are not log files (other extensions, CloudTrail digest files)
     */
    public record Resolved(List<Input> inputs, int skipped) {
        /** Bytes to read, or -1 when standard input is among them. */
        public long totalBytes() {
            long total = 0;
            for (Input in : inputs) {
                if (in.size() < 0) {
                    return -1;
                }
                total += in.size();
            }
            return total;
        }
    }

    /** CloudTrail delivers signed digests of its log files beside them; they hold no records. */
    private static final String DIGESTS = "CloudTrail-Digest";
    /** CloudTrail's file names carry the delivery time: {@code ..._CloudTrail_eu-west-1_20261202T1005Z_...}. */
    private static final Pattern DELIVERED = Pattern.compile("_(\\d{8}T\\d{4}Z)_");

    private IngestInputs() {}

    /** JSON log files ({@link Source#JSON_FILES}) in directories. */
    public static Resolved resolve(List<String> args) {
        return resolve(args, Source.JSON_FILES);
    }

    /** @param suffixes the names of log files in directories ({@link Source#fileSuffixes}) */
    public static Resolved resolve(List<String> args, List<String> suffixes) {
        if (args.isEmpty()) {
            throw new ConfigException("no PATH given: name files or directories, or - for standard input");
        }
        List<Input> inputs = new ArrayList<>();
        int[] skipped = {0};
        int stdin = 0;
        for (String arg : args) {
            if (arg.equals("-")) {
                if (stdin++ > 0) {
                    throw new ConfigException("- (standard input) can be given once");
                }
                inputs.add(Input.stdin());
                continue;
            }
            Path path = Path.of(arg);
            if (Files.isDirectory(path)) {
                inputs.addAll(walk(path, suffixes, skipped));
            } else if (Files.isRegularFile(path) && Files.isReadable(path)) {
                inputs.add(file(path));
            } else {
                throw new ConfigException(arg + ": no such file or directory, or not readable");
            }
        }
        return new Resolved(List.copyOf(inputs), skipped[0]);
    }

    private static List<Input> walk(Path dir, List<String> suffixes, int[] skipped) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> found = new ArrayList<>();
            files.filter(Files::isRegularFile).forEach(p -> {
                if (isLogFile(dir.relativize(p), suffixes)) {
                    found.add(p);
                } else {
                    skipped[0]++;
                }
            });
            found.sort(Comparator.comparing(IngestInputs::deliveredAt).thenComparing(Path::toString));
            return found.stream().map(IngestInputs::file).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(dir + ": cannot read the directory: " + e.getMessage());
        }
    }

    static boolean isLogFile(Path relative) {
        return isLogFile(relative, Source.JSON_FILES);
    }

    static boolean isLogFile(Path relative, List<String> suffixes) {
        for (Path part : relative) {
            if (part.toString().equals(DIGESTS)) {
                return false;
            }
        }
        String name = relative.getFileName().toString().toLowerCase(Locale.ROOT);
        return suffixes.stream().anyMatch(name::endsWith);
    }

    /** Files in delivery order across regions and accounts, so event time runs roughly forward. */
    static String deliveredAt(Path p) {
        Matcher m = DELIVERED.matcher(p.getFileName().toString());
        return m.find() ? m.group(1) : "";
    }

    private static Input file(Path p) {
        try {
            return new Input(p.toString(), p, Files.size(p));
        } catch (IOException e) {
            throw new ConfigException(p + ": cannot read the file: " + e.getMessage());
        }
    }
}
