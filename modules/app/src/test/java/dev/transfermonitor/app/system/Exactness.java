package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The exactness check of the resilience tests: after the input is all processed, the alerts
 * topic (read committed) holds exactly the alerts an independent {@code transfer-monitor replay}
 * of the same input yields (same ids, revisions and contents, none twice, none missing), the
 * ledger holds exactly one entry per cross-border or external decision and {@code audit verify
 * --public-key} finds every chain intact and every entry signed, and the dead letters are exactly the bad records.
 */
final class Exactness {

    private static final AvroCodec<TransferAlert> ALERTS = AvroCodec.of(TransferAlert.class);
    private static final AvroCodec<LedgerEntry> LEDGER = AvroCodec.of(LedgerEntry.class);

    private final String bootstrap;
    private final Topics topics;
    private final Admin admin;
    private final Path publicKey;

    /** @param publicKey the ledger's public key: the digests must cover every entry in the end */
    Exactness(String bootstrap, Topics topics, Path publicKey) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.publicKey = publicKey;
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000));
    }

    Admin admin() {
        return admin;
    }

    /** Committed input offsets of the group per partition; empty while the broker cannot say. */
    Map<TopicPartition, Long> committed(String group) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            all.forEach((tp, meta) -> {
                if (meta != null && topics.inputs().contains(tp.topic())) {
                    offsets.put(tp, meta.offset());
                }
            });
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** A progress measure for the feeder and the kill schedule: the sum of committed input offsets, never going back. */
    LongSupplier progress(String group) {
        long[] last = {0};
        return () -> {
            long sum = committed(group).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            synchronized (last) {
                last[0] = Math.max(last[0], sum);
                return last[0];
            }
        };
    }

    /** Waits until the group has committed every input record. */
    void awaitAllCommitted(String group, int records, Duration within) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(committed(group).values().stream()
                                .mapToLong(Long::longValue)
                                .sum())
                        .as("committed input offsets of " + group)
                        .isEqualTo(records));
    }

    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    List<TransferAlert> alerts() {
        return readAll(topics.alerts()).stream()
                .map(r -> ALERTS.decode(r.value()))
                .toList();
    }

    List<LedgerEntry> ledger() {
        return readAll(topics.audit()).stream()
                .map(r -> LEDGER.decode(r.value()))
                .toList();
    }

    /** What the outputs hold compared with the expectation; all zero and equal when exact. */
    record Outcome(
            int alerts,
            int expectedAlerts,
            int duplicateAlerts,
            int missingAlerts,
            int differentAlerts,
            int ledgerEntries,
            int expectedLedgerEntries,
            int duplicateLedgerEntries,
            int missingLedgerEntries,
            int deadLetters,
            long expectedDeadLetters,
            String auditVerify,
            int auditExit,
            Map<String, Integer> revisionsByType) {

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "alerts %d (expected %d; %d duplicate revisions, %d missing, %d different), "
                            + "ledger %d (expected %d; %d duplicate, %d missing), dead letters %d (expected %d), "
                            + "audit verify exit %d, alert revisions by type %s",
                    alerts,
                    expectedAlerts,
                    duplicateAlerts,
                    missingAlerts,
                    differentAlerts,
                    ledgerEntries,
                    expectedLedgerEntries,
                    duplicateLedgerEntries,
                    missingLedgerEntries,
                    deadLetters,
                    expectedDeadLetters,
                    auditExit,
                    revisionsByType);
        }
    }

    /**
     * Compares the outputs with an independent replay (its own Kafka Streams application, run here) of the same input and with what the input
     * implies; {@code dir} is for the replay's output, {@code config} the monitor's settings file.
     */
    Outcome measure(Path dir, Path config, MixedInput input) throws Exception {
        List<TransferAlert> live = alerts();
        Path replayed = dir.resolve("replay-" + System.nanoTime() + ".jsonl");
        Tools.Result replay =
                AppJvm.inProcess("replay", "-b", bootstrap, "-c", config.toString(), "--output", replayed.toString());
        assertThat(replay.exit()).as("replay: " + replay.output()).isZero();
        List<String> expected = Files.readAllLines(replayed, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();

        Map<String, List<String>> liveById =
                group(live.stream().map(JsonRecords::toJson).toList());
        Map<String, List<String>> expectedById = group(expected);
        int duplicates = 0;
        int missing = 0;
        int different = 0;
        for (Map.Entry<String, List<String>> e : expectedById.entrySet()) {
            List<String> got = liveById.getOrDefault(e.getKey(), List.of());
            if (got.isEmpty()) {
                missing++;
            } else {
                duplicates += got.size() - 1;
                if (got.stream().anyMatch(g -> !g.equals(e.getValue().get(0)))) {
                    different++;
                }
            }
        }
        for (Map.Entry<String, List<String>> e : liveById.entrySet()) {
            if (!expectedById.containsKey(e.getKey())) {
                different += e.getValue().size();
            }
        }

        List<LedgerEntry> ledger = ledger();
        Map<String, Long> perEvent =
                ledger.stream().collect(Collectors.groupingBy(l -> l.getEventId(), Collectors.counting()));
        Set<String> expectedLedger = input.ledgerEventIds();
        int ledgerDuplicates =
                (int) perEvent.values().stream().mapToLong(n -> n - 1).sum();
        int ledgerMissing = (int)
                expectedLedger.stream().filter(id -> !perEvent.containsKey(id)).count();
        int ledgerUnexpected = (int) perEvent.keySet().stream()
                .filter(id -> !expectedLedger.contains(id))
                .count();

        // The last entries are signed within a signing interval of the last commit, by whoever owns them now.
        Tools.Result[] verified = {null};
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    verified[0] = AppJvm.inProcess(
                            "audit",
                            "verify",
                            "-b",
                            bootstrap,
                            "-c",
                            config.toString(),
                            "--public-key",
                            publicKey.toString());
                    return verified[0].exit() != 0 || !verified[0].output().contains("unsigned");
                });
        Tools.Result verify = verified[0];
        Map<String, Integer> revisions = new TreeMap<>();
        expectedById.keySet().forEach(k -> revisions.merge(k.substring(0, k.indexOf(' ')), 1, Integer::sum));
        return new Outcome(
                live.size(),
                expected.size(),
                duplicates,
                missing,
                different,
                ledger.size(),
                expectedLedger.size(),
                ledgerDuplicates + ledgerUnexpected,
                ledgerMissing,
                readAll(topics.dlq()).size(),
                input.deadLetters(),
                verify.output(),
                verify.exit(),
                revisions);
    }

    /** Asserts the outcome is exact and that the input made every kind of alert it is meant to. */
    static void assertExact(Outcome o) {
        assertThat(o.revisionsByType())
                .as("the input must make stateful alerts with several revisions, and stateless ones")
                .containsKeys(
                        AlertType.VOLUME_BURST.name(),
                        AlertType.SLOW_EXFILTRATION.name(),
                        AlertType.CROSS_BORDER_VIOLATION.name(),
                        AlertType.INACTIVE_IDENTITY.name(),
                        AlertType.EXTERNAL_TRANSFER.name());
        assertThat(o.revisionsByType().get(AlertType.VOLUME_BURST.name())).isGreaterThan(2);
        assertThat(o.duplicateAlerts()).as(o.describe()).isZero();
        assertThat(o.missingAlerts()).as(o.describe()).isZero();
        assertThat(o.differentAlerts()).as(o.describe()).isZero();
        assertThat(o.alerts()).as(o.describe()).isEqualTo(o.expectedAlerts());
        assertThat(o.duplicateLedgerEntries()).as(o.describe()).isZero();
        assertThat(o.missingLedgerEntries()).as(o.describe()).isZero();
        assertThat(o.ledgerEntries()).as(o.describe()).isEqualTo(o.expectedLedgerEntries());
        assertThat((long) o.deadLetters()).as(o.describe()).isEqualTo(o.expectedDeadLetters());
        assertThat(o.auditExit()).as("audit verify: " + o.auditVerify()).isZero();
        assertThat(o.auditVerify())
                .contains(
                        "OK: ",
                        String.format(
                                Locale.ROOT, "%,d entries verified, every chain intact and signed", o.ledgerEntries()))
                .as("every committed entry covered by a digest after recovery: no unsigned gap")
                .doesNotContain("unsigned");
    }

    /** JSON alerts by "TYPE alertId revision". */
    private static Map<String, List<String>> group(Collection<String> json) {
        Function<String, String> key = j -> field(j, "type") + " " + field(j, "alertId") + " " + field(j, "revision");
        return json.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }

    private static String field(String json, String name) {
        var matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"?([^\",}]*)").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
