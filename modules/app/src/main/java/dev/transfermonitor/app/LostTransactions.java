package dev.transfermonitor.app;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.InvalidTxnStateException;

/**
 * Whether a stream thread that died on a lost transaction may be replaced. A thread stalled
 * past the transaction timeout (a long GC pause, an overloaded host, a broker restart) finds its
 * transaction aborted by the broker, and Kafka Streams 4.3.1 may then see
 * {@link InvalidTxnStateException}, which it treats as fatal (KAFKA-19690). Exactly-once is
 * unharmed: the aborted transaction's output is discarded, and a new thread resumes from the
 * last commit with a new producer. So such a thread is replaced, at most {@link #MAX} times in
 * {@link #WINDOW}; more often than that is no stall but a fault, and the monitor stops.
 */
final class LostTransactions {

    static final int MAX = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final LongSupplier nanoClock;
    private final Deque<Long> replaced = new ArrayDeque<>();

    LostTransactions(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** True when {@code e} is a lost transaction and the budget allows one more replacement (which it spends). */
    synchronized boolean mayReplace(Throwable e) {
        if (!isLostTransaction(e)) {
            return false;
        }
        long now = nanoClock.getAsLong();
        while (!replaced.isEmpty() && now - replaced.peekFirst() > WINDOW.toNanos()) {
            replaced.removeFirst();
        }
        if (replaced.size() >= MAX) {
            return false;
        }
        replaced.addLast(now);
        return true;
    }

    static boolean isLostTransaction(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidTxnStateException) {
                return true;
            }
        }
        return false;
    }
}
