package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two monitor processes with the same application id share the input partitions; one is killed
 * with SIGKILL (no LeaveGroup: the group notices when its session times out) and the other
 * takes its partitions over. Nothing is lost or repeated (the same exactness check as the crash
 * test), with and without a standby replica. The takeover time (from the kill until the
 * survivor's committed offsets move on a partition the killed instance owned) is printed, not
 * asserted.
 */
class FailoverSystemIT {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "num.standby.replicas={0}")
    @ValueSource(ints = {0, 1})
    void theSurvivorTakesOverWithoutLossOrDuplicates(int standbys) throws Exception {
        long seed = Long.getLong("failover.seed", new Random().nextLong());
        System.out.printf(
                Locale.ROOT,
                "FailoverSystemIT: seed %d (-Dfailover.seed=%d repeats it), standbys %d%n",
                seed,
                seed,
                standbys);
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (Sandbox sandbox = Sandbox.start(dir, "num.standby.replicas=" + standbys)) {
            MixedInput input = MixedInput.generate(sandbox.topics, seed, 1);
            String app = "failover-" + standbys + "-" + Long.toHexString(seed);
            LongSupplier progress = sandbox.exactness().progress(app);
            // Both at once, before there is any state, so that the first assignment splits the tasks.
            ManagedProcess a = sandbox.startMonitor(
                    "monitor-a", app, dir.resolve("state-a"), Tools.freePort(), "-X", "client.id=" + app + "-a");
            ManagedProcess b = sandbox.startMonitor(
                    "monitor-b", app, dir.resolve("state-b"), Tools.freePort(), "-X", "client.id=" + app + "-b");
            Sandbox.awaitRunning(a);
            Sandbox.awaitRunning(b);
            Map<String, Set<TopicPartition>> owned = new HashMap<>();
            await().atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        owned.clear();
                        owned.putAll(assignment(sandbox, app));
                        assertThat(owned.get("a")).as("tasks of a: " + owned).isNotEmpty();
                        assertThat(owned.get("b")).as("tasks of b: " + owned).isNotEmpty();
                    });
            Set<TopicPartition> ofA = owned.get("a");
            String takeover;
            try (Feeder feeder = new Feeder(sandbox.bootstrap, input.records(), progress, 300)) {
                long target = 300 + random.nextInt(700);
                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> {
                            a.requireAlive();
                            b.requireAlive();
                            feeder.requireHealthy();
                            return progress.getAsLong() >= target;
                        });
                Map<TopicPartition, Long> before = sandbox.exactness().committed(app);
                long killed = System.nanoTime();
                a.kill();
                await().atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> {
                            b.requireAlive();
                            Map<TopicPartition, Long> now = sandbox.exactness().committed(app);
                            return ofA.stream().anyMatch(tp -> now.getOrDefault(tp, 0L) > before.getOrDefault(tp, 0L));
                        });
                double seconds = (System.nanoTime() - killed) / 1e9;
                takeover = String.format(
                        Locale.ROOT,
                        "a owned %s; killed at %d committed; b committed on a's " + "partitions %.1f s after the kill",
                        ofA,
                        before.values().stream().mapToLong(Long::longValue).sum(),
                        seconds);
                feeder.awaitDone(Duration.ofMinutes(3));
            }
            sandbox.exactness().awaitAllCommitted(app, input.size(), Duration.ofMinutes(3));
            assertThat(assignment(sandbox, app))
                    .as("the survivor holds every task")
                    .containsOnlyKeys("b");
            Exactness.Outcome outcome = sandbox.exactness().measure(dir, sandbox.config, input);
            System.out.printf(
                    Locale.ROOT,
                    "FailoverSystemIT: standbys %d: %s; %s; %.0f s in all%n",
                    standbys,
                    takeover,
                    outcome.describe(),
                    (System.nanoTime() - started) / 1e9);
            b.requireAlive();
            Exactness.assertExact(outcome);
        }
    }

    /** Active input partitions per instance ("a", "b"), from the group's members and their client ids. */
    private static Map<String, Set<TopicPartition>> assignment(Sandbox sandbox, String app) throws Exception {
        ConsumerGroupDescription group = sandbox.exactness()
                .admin()
                .describeConsumerGroups(Set.of(app))
                .describedGroups()
                .get(app)
                .get(10, TimeUnit.SECONDS);
        Map<String, Set<TopicPartition>> owned = new HashMap<>();
        for (MemberDescription m : group.members()) {
            String instance = m.clientId().startsWith(app + "-a")
                    ? "a"
                    : m.clientId().startsWith(app + "-b") ? "b" : m.clientId();
            owned.computeIfAbsent(instance, k -> new HashSet<>())
                    .addAll(m.assignment().topicPartitions());
        }
        return owned;
    }
}
