package dev.transfermonitor.app.kafka;

import dev.transfermonitor.app.Interrupted;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits on admin and producer futures ({@code KafkaFuture} is a {@link Future}) with a bound,
 * so that no command hangs on a cluster that does not answer, and so that the three ways a
 * wait ends badly read the same everywhere.
 */
public final class KafkaFutures {

    /** How long the tools wait for an admin request by default. */
    public static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private KafkaFutures() {}

    /**
     * The future's value.
     *
     * @param doing what the request was for, as in "creating topics": it goes into the messages
     * @throws KafkaOperationException when Kafka refused (its exception is the cause) or did not answer in time
     * @throws Interrupted             when the thread was interrupted (its flag is set again)
     */
    public static <T> T await(Future<T> future, Duration timeout, String doing) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaOperationException("Kafka failed while " + doing + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new KafkaOperationException(
                    "Kafka did not answer within " + timeout.toSeconds() + " s while " + doing, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Interrupted("interrupted while " + doing, e);
        }
    }

    /** {@link #await(Future, Duration, String)} with {@link #ADMIN_TIMEOUT}. */
    public static <T> T await(Future<T> future, String doing) {
        return await(future, ADMIN_TIMEOUT, doing);
    }
}
