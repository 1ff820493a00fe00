package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class LostTransactionsTest {

    private final AtomicLong clock = new AtomicLong();
    private final LostTransactions lost = new LostTransactions(clock::get);
    private final Throwable stalled = new StreamsException(
            "Error encountered trying to commit a transaction",
            new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state."));

    @Test
    void aLostTransactionReplacesTheThreadAFewTimesAWindowThenStops() {
        for (int i = 0; i < LostTransactions.MAX; i++) {
            assertThat(lost.mayReplace(stalled)).as("replacement %d", i + 1).isTrue();
        }
        assertThat(lost.mayReplace(stalled)).isFalse();

        clock.addAndGet(LostTransactions.WINDOW.toNanos() + 1);
        assertThat(lost.mayReplace(stalled)).isTrue();
    }

    @Test
    void otherFailuresAreNotLostTransactions() {
        assertThat(lost.mayReplace(new StreamsException("boom", new SaslAuthenticationException("bad password"))))
                .isFalse();
        assertThat(lost.mayReplace(new IllegalStateException("bug"))).isFalse();
    }
}
