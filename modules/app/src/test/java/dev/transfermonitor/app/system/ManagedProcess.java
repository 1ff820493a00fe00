package dev.transfermonitor.app.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A long-running process of a system test (the app, Prometheus), its standard output and
 * error in one log file. Stopping sends SIGTERM first, as a service manager would; a JVM
 * shutdown hook kills it should the test JVM end without reaching its cleanup.
 */
final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread backstop;

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.backstop = new Thread(process::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(backstop);
    }

    static ManagedProcess start(String name, Path dir, List<String> command) {
        return start(name, dir, command, Map.of());
    }

    /** With {@code environment} added to the test JVM's. */
    static ManagedProcess start(String name, Path dir, List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            return new ManagedProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** SIGKILL, as a crash or an OOM killer would: no shutdown hook runs, nothing is flushed or left cleanly. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines of its output, for failure messages. */
    String tail() {
        return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")") + ", last lines of "
                + log + ":\n" + Tools.tail(log, 40);
    }

    /**
     * Throws with the process' output when it has died. Not an AssertionError on purpose: an
     * Awaitility poll retries those, but waiting on a dead process is pointless.
     */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " is not running; " + tail());
        }
    }

    /** SIGTERM, a bounded wait, then SIGKILL; returns the exit code, or -1 when it had to be killed. */
    int stop(long seconds) {
        process.destroy();
        try {
            if (process.waitFor(seconds, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return -1;
    }

    @Override
    public void close() {
        try {
            stop(30);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(backstop);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs anyway, which is harmless.
                process.destroyForcibly();
            }
        }
    }
}
