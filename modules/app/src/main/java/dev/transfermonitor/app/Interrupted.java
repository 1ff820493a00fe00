package dev.transfermonitor.app;

/**
 * A run that ended before it finished because it was asked to stop (Ctrl-C, SIGTERM) or its
 * thread was interrupted. Whoever throws it has cleaned up first; the command exits with 130.
 */
public final class Interrupted extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public Interrupted(String message) {
        super(message);
    }

    public Interrupted(String message, Throwable cause) {
        super(message, cause);
    }
}
