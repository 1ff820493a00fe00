package dev.transfermonitor.app.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for long-running commands: the JVM's shutdown hook tells the command's
 * own thread to stop, then waits (bounded) until that thread has closed everything, because
 * the JVM halts as soon as its hooks return. Open it first, close it last. A command that was
 * stopped returns {@link ExitCodes#INTERRUPTED}, as the JVM itself does after SIGINT.
 */
final class GracefulStop implements AutoCloseable {

    private static final Duration GRACE = Duration.ofSeconds(45);

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    GracefulStop() {
        hook = new Thread(
                () -> {
                    requested.countDown();
                    try {
                        finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "graceful-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** What a command that ran to its end returns: {@code done}, or INTERRUPTED when it was stopped. */
    int exitCode(int done) {
        return isRequested() ? ExitCodes.INTERRUPTED : done;
    }

    /** Waits until a stop is requested or the timeout passes; true when requested. */
    boolean await(Duration timeout) throws InterruptedException {
        return requested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Everything is closed: let the JVM go. */
    @Override
    public void close() {
        finished.countDown();
        if (!isRequested()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running and has just been released.
            }
        }
    }
}
