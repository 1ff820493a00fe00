package dev.transfermonitor.app.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a command keeps broker data and state: the directory the user gave, kept afterwards,
 * or a new temporary one that is removed when the command ends.
 */
public final class WorkDir implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDir.class);

    private final Path path;
    private final boolean temporary;

    private WorkDir(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    public static WorkDir of(Path given, String prefix) {
        try {
            return given != null ? new WorkDir(given, false) : new WorkDir(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the temporary directory {}: {}", path, e.toString());
        }
    }
}
