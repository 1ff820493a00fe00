package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the system tests need from the machine: the repository root, the external programs
 * (Prometheus, promtool, docker-compose) and free loopback ports. A missing program fails the
 * test with how to install it, rather than skipping: these tests run only when asked for.
 */
final class Tools {

    private Tools() {}

    /** The repository root: the first directory, walking up from the working directory, that holds {@code mvnw}. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        return fail(
                "no mvnw found above " + Path.of("").toAbsolutePath() + ": run the system tests inside the repository");
    }

    /** A repository file that must exist (a contract of the deploy/ folder). */
    static Path repoFile(String relative) {
        Path file = repoRoot().resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("missing " + relative + " in " + repoRoot());
        }
        return file;
    }

    /** The absolute path of a program on the PATH, or a failure that says how to install it. */
    static Path require(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("'" + program + "' is not on the PATH. The system tests (-Psystem) need it: install it "
                + "(on Debian or Ubuntu: apt-get install --no-install-recommends " + debianPackage
                + "), or run .ci/run, which installs it.");
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command in {@code dir}, bounded by {@code timeout}; output is standard output and error together. */
    static Result run(Path dir, Duration timeout, List<String> command) throws InterruptedException {
        try {
            Path log = Files.createTempFile("system-it-", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    return fail(String.join(" ", command) + " did not finish within " + timeout + "; output:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of a log file, for failure messages. */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Exit code and combined output of a finished command. */
    record Result(int exit, String output) {}
}
