package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away under a running monitor and continuous input, twice: stopped with
 * SIGTERM, then killed with SIGKILL, each time restarted on the same port and data directory.
 * The monitor process is never restarted: it must ride out both outages, stay (or come back)
 * healthy, and process every input record exactly once (alerts equal an independent replay,
 * processed + dead letters = sent by its own counters, the ledger intact).
 *
 * <p>The outage is as long as stopping and starting a broker takes (a few seconds);
 * {@code -Dbroker.outage.seconds=N} keeps it down N seconds more, for measuring by hand, and
 * {@code -Dbroker.outages=1} stops it only once (SIGTERM).
 */
class BrokerRestartSystemIT {

    @TempDir
    Path dir;

    @Test
    void monitorRidesOutBrokerRestartsWithoutLossOrDuplicates() throws Exception {
        long seed = Long.getLong("broker.seed", new Random().nextLong());
        long extraOutage = Long.getLong("broker.outage.seconds", 0);
        int outages = Integer.getInteger("broker.outages", 2);
        System.out.printf(Locale.ROOT, "BrokerRestartSystemIT: seed %d (-Dbroker.seed=%d repeats it)%n", seed, seed);
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (Sandbox sandbox = Sandbox.start(dir)) {
            MixedInput input = MixedInput.generate(sandbox.topics, seed, 1);
            String app = "broker-restart-" + Long.toHexString(seed);
            LongSupplier progress = sandbox.exactness().progress(app);
            int metricsPort = Tools.freePort();
            ManagedProcess monitor = sandbox.monitor("monitor", app, dir.resolve("state"), metricsPort);
            List<String> report = new ArrayList<>();
            try (Feeder feeder = new Feeder(sandbox.bootstrap, input.records(), progress, 300)) {
                for (int outage = 1; outage <= outages; outage++) {
                    long target = Math.min(progress.getAsLong() + 100 + random.nextInt(400), input.size() - 200L);
                    await().atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> {
                                monitor.requireAlive();
                                feeder.requireHealthy();
                                return progress.getAsLong() >= target;
                            });
                    long at = progress.getAsLong();
                    long down = System.nanoTime();
                    boolean kill = outage == 2;
                    if (kill) {
                        sandbox.broker().kill();
                    } else {
                        assertThat(sandbox.broker().stop(60))
                                .as("broker exit code after SIGTERM (not killed)")
                                .isIn(0, 143);
                    }
                    if (extraOutage > 0) {
                        await().pollDelay(Duration.ofSeconds(extraOutage))
                                .atMost(Duration.ofSeconds(extraOutage + 5))
                                .until(() -> true);
                    }
                    int healthWhileDown = AppJvm.health(metricsPort);
                    sandbox.startBroker("broker-" + (outage + 1));
                    double outageSeconds = (System.nanoTime() - down) / 1e9;
                    long back = System.nanoTime();
                    await().atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(50))
                            .until(() -> {
                                monitor.requireAlive();
                                return progress.getAsLong() > at + 10;
                            });
                    report.add(String.format(
                            Locale.ROOT,
                            "%s at %d committed: broker down %.1f s, /health while down %d, "
                                    + "monitor committing again %.1f s after the broker was back",
                            kill ? "SIGKILL" : "SIGTERM",
                            at,
                            outageSeconds,
                            healthWhileDown,
                            (System.nanoTime() - back) / 1e9));
                }
                feeder.awaitDone(Duration.ofMinutes(3));
            }
            sandbox.exactness().awaitAllCommitted(app, input.size(), Duration.ofMinutes(3));
            monitor.requireAlive();
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(AppJvm.health(metricsPort))
                            .as("/health after the outages")
                            .isEqualTo(200));
            String metrics = AppJvm.metrics(metricsPort);
            long processed = sum(metrics, "processed");
            long deadLetters = sum(metrics, "dlq");
            Exactness.Outcome outcome = sandbox.exactness().measure(dir, sandbox.config, input);
            report.forEach(o -> System.out.println("BrokerRestartSystemIT: " + o));
            System.out.printf(
                    Locale.ROOT,
                    "BrokerRestartSystemIT: %d sent, %d processed + %d dead letters by the monitor's "
                            + "counters; %s; monitor states: %s; %.0f s in all%n",
                    input.size(),
                    processed,
                    deadLetters,
                    outcome.describe(),
                    states(monitor),
                    (System.nanoTime() - started) / 1e9);
            System.out.println("BrokerRestartSystemIT: the monitor's warnings and errors:\n" + problems(monitor));
            assertThat(monitor.isAlive())
                    .as("the monitor process was never restarted")
                    .isTrue();
            // Every input record is committed (above), the dead letters topic holds exactly the bad ones
            // and the ledger exactly one entry per decision (assertExact): processed + DLQ = sent, by the
            // topics. The monitor's counters count processing, not commits: a transaction aborted by the
            // outage (longer than the 10 s transaction timeout) has its records processed, and counted, again.
            assertThat(processed + deadLetters)
                    .as("the monitor's counters: processed + dead letters, at least sent")
                    .isGreaterThanOrEqualTo(input.size());
            Exactness.assertExact(outcome);
        }
    }

    /** transfer_events_total of an outcome over both input types, as the monitor counted them. */
    private static long sum(String metrics, String outcome) {
        Matcher m = Pattern.compile("(?m)^transfer_events_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*\\}\\s+(\\S+)$")
                .matcher(metrics);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return Math.round(total);
    }

    private static String problems(ManagedProcess monitor) {
        return AppJvm.read(monitor.log())
                .lines()
                .filter(l -> l.contains(" WARN ")
                        || l.contains(" ERROR ")
                        || l.contains("Exception:")
                        || l.contains("Monitor state"))
                .limit(60)
                .reduce("", (x, y) -> x + y + "\n");
    }

    private static String states(ManagedProcess monitor) {
        Matcher m = Pattern.compile("Monitor state (\\S+ -> \\S+)").matcher(AppJvm.read(monitor.log()));
        List<String> all = new ArrayList<>();
        while (m.find()) {
            all.add(m.group(1));
        }
        return String.join(", ", all);
    }
}
