package dev.transfermonitor.detection.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {

    @Test
    void logsAtMostTheBudgetPerPeriodAndThenSaysHowManyWereLeftOut() {
        AtomicLong clock = new AtomicLong();
        LogBudget budget = new LogBudget(2, Duration.ofSeconds(60), clock::get);

        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).isEqualTo(-1);
        assertThat(budget.spend()).isEqualTo(-1);
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(budget.spend()).isEqualTo(-1);

        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(budget.spend()).isEqualTo(3);
        assertThat(budget.spend()).isZero();
        assertThat(budget.spend()).isEqualTo(-1);
    }
}
