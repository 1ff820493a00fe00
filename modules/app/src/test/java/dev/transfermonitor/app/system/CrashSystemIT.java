package dev.transfermonitor.app.system;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor as a process under continuous input, killed with SIGKILL five times at random
 * points of its progress (seeded: {@code -Dcrash.seed=N} repeats a run) and restarted each time
 * with the same application id and state directory. Afterwards the alerts topic (read committed)
 * holds exactly what an independent replay of the same input yields, the ledger one entry per
 * cross-border decision with every chain intact, and the dead letters exactly the bad records.
 *
 * <p>{@code -Dcrash.guarantee=at_least_once} runs the same schedule at least once and only
 * prints what it finds (duplicates are expected there, and not guaranteed to appear).
 */
class CrashSystemIT {

    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void sigkillAtRandomPointsLosesNothingAndRepeatsNothing() throws Exception {
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        String guarantee = System.getProperty("crash.guarantee", "exactly_once_v2");
        System.out.printf(
                Locale.ROOT, "CrashSystemIT: seed %d (-Dcrash.seed=%d repeats it), %s%n", seed, seed, guarantee);
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (Sandbox sandbox = Sandbox.start(dir, "processing.guarantee=" + guarantee)) {
            MixedInput input = MixedInput.generate(sandbox.topics, seed, 2);
            String app = "crash-" + Long.toHexString(seed);
            Path state = dir.resolve("state");
            LongSupplier progress = sandbox.exactness().progress(app);
            // The same instance coming back, as a StatefulSet pod does: a stable group.instance.id
            // (static membership) lets it take its tasks back at once instead of after the session timeout.
            String[] instance = {"-X", "group.instance.id=" + app + "-0"};
            ManagedProcess monitor = sandbox.monitor("monitor-0", app, state, Tools.freePort(), instance);
            List<String> schedule = new ArrayList<>();
            try (Feeder feeder = new Feeder(sandbox.bootstrap, input.records(), progress, 300)) {
                for (int kill = 1; kill <= KILLS; kill++) {
                    long target = Math.min(progress.getAsLong() + 50 + random.nextInt(450), input.size() - 50L);
                    ManagedProcess current = monitor;
                    await().atMost(Duration.ofMinutes(3))
                            .pollInterval(Duration.ofMillis(20))
                            .until(() -> {
                                current.requireAlive();
                                feeder.requireHealthy();
                                return progress.getAsLong() >= target;
                            });
                    long at = progress.getAsLong();
                    current.kill();
                    long restart = System.nanoTime();
                    monitor = sandbox.monitor("monitor-" + kill, app, state, Tools.freePort(), instance);
                    schedule.add(String.format(
                            Locale.ROOT,
                            "kill %d at %d committed (target %d), restarted in %.1f s",
                            kill,
                            at,
                            target,
                            (System.nanoTime() - restart) / 1e9));
                }
                feeder.awaitDone(Duration.ofMinutes(3));
            }
            sandbox.exactness().awaitAllCommitted(app, input.size(), Duration.ofMinutes(3));
            Exactness.Outcome outcome = sandbox.exactness().measure(dir, sandbox.config, input);
            schedule.forEach(s -> System.out.println("CrashSystemIT: " + s));
            System.out.printf(
                    Locale.ROOT,
                    "CrashSystemIT: %s, %d input records: %s; %.0f s in all%n",
                    guarantee,
                    input.size(),
                    outcome.describe(),
                    (System.nanoTime() - started) / 1e9);
            if (guarantee.equals("exactly_once_v2")) {
                Exactness.assertExact(outcome);
            }
        }
    }
}
