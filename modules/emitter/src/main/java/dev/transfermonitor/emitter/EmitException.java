package dev.transfermonitor.emitter;

/**
 * One or more events given to a {@link TransferEmitter} were not delivered. Thrown from
 * {@code flush()} or {@code close()}, so an asynchronous failure is never lost silently;
 * the cause is the first failure seen, the count covers every failure since the last report.
 */
public class EmitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long failedCount;

    public EmitException(long failedCount, Throwable firstFailure) {
        super(
                failedCount + (failedCount == 1 ? " event was" : " events were") + " not delivered; first failure: "
                        + describe(firstFailure),
                firstFailure);
        this.failedCount = failedCount;
    }

    /** How many sends failed since the previous report. */
    public long failedCount() {
        return failedCount;
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown";
        }
        return failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
