package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.testkit.HostileRecords;
import dev.transfermonitor.testkit.HostileRecords.Hostile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Twelve thousand seeded hostile records (garbage, truncated and foreign Avro, huge strings and
 * arrays, impossible values, bad keys, bad reference data, valid records in between) through the
 * whole topology with all rules on. Replay a failure with {@code -Dhostile.seed=N}.
 */
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", 20_261_127L);
    private static final int RECORDS = 12_000;

    private final Harness tm = Harness.sampleCompany(RuleSet.defaults());

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void everyRecordIsProcessedOrADeadLetterAndBadReferenceDataChangesNothing() {
        System.out.println("hostile seed " + SEED + " (replay with -Dhostile.seed=" + SEED + ")");
        Map<RecordKind, Map<String, byte[]>> before = stores();
        List<LedgerEntry> probeBefore = probe();
        double probeEvents = processed();

        HostileRecords hostile = new HostileRecords(SEED, Harness.WALL_CLOCK, 2 << 20);
        int inputs = 0;
        Map<RecordKind, Integer> rejectedReference = new EnumMap<>(RecordKind.class);
        Map<String, Integer> labels = new TreeMap<>();
        for (Hostile h : hostile.take(RECORDS)) {
            labels.merge(h.label(), 1, Integer::sum);
            if (h.kind() == RecordKind.ACCESS) {
                tm.sendAccess(withHeaders(h));
                inputs++;
            } else if (h.kind() == RecordKind.REPLICATION) {
                tm.sendReplication(withHeaders(h));
                inputs++;
            } else {
                tm.referenceBytes(h.kind(), h.key(), h.value());
                if (h.rejectedReference()) {
                    rejectedReference.merge(h.kind(), 1, Integer::sum);
                }
            }
        }
        System.out.println("hostile records by case: " + labels);

        // "Processed" is transfer_events_total{outcome="processed"}: validated and passed to enrichment and the rules.
        double processed = processed() - probeEvents;
        double dlq = tm.events("access", "dlq") + tm.events("replication", "dlq");
        List<TestRecord<String, byte[]>> dead = tm.deadLetters();
        assertThat(processed + dlq).as("seed %d: in = processed + DLQ", SEED).isEqualTo(inputs);
        assertThat(dead).as("seed %d: dead letters on the topic", SEED).hasSize((int) dlq);
        assertThat(processed).as("valid records were processed").isGreaterThan(inputs / 10.0);
        assertThat(dead)
                .allSatisfy(r -> assertThat(header(r, DeadLetters.REASON)).isNotBlank());
        assertThat(dead)
                .as("seed %d: dead-letter headers are ours alone, once each", SEED)
                .allSatisfy(r -> assertThat(deadLetterHeaderNames(r))
                        .doesNotHaveDuplicates()
                        .isSubsetOf(OURS));
        assertThat(dead)
                .as("forged dead-letter headers were sent")
                .anySatisfy(r -> assertThat(r.headers().lastHeader("original." + DeadLetters.REASON))
                        .isNotNull());

        for (RecordKind kind : before.keySet()) {
            assertThat(tm.metrics.count(
                            "transfer.reference.rejected", "kind", kind.name().toLowerCase(Locale.ROOT)))
                    .as("seed %d: rejected %s records", SEED, kind)
                    .isEqualTo(rejectedReference.getOrDefault(kind, 0).doubleValue());
            Map<String, byte[]> after = stores().get(kind);
            before.get(kind)
                    .forEach((key, value) -> assertThat(after.get(key))
                            .as("seed %d: %s %s keeps its last good value", SEED, kind, key)
                            .isEqualTo(value));
        }
        assertThat(tm.ocsf())
                .as("seed %d: OCSF findings a terminal may show", SEED)
                .allSatisfy(finding -> assertThat(Printable.isSafe(finding.value))
                        .as(finding.value)
                        .isTrue());
        tm.alerts();
        tm.ledger();
        assertThat(probe())
                .as("the same transfers resolve and decide as before")
                .isEqualTo(probeBefore);
    }

    /**
     * The burst-state attack, three ways: 360 events of 32 fresh classes (dead letters: outside
     * the vocabulary), 360 of every built-in class (processed), and 360 assets of 32 fresh
     * classes with an access on each (processed, folded). No entity record comes near 1 MiB.
     */
    @Test
    void aFloodOfClassesIsDeadLetteredOrFoldedAndNoEntityRecordGrows() {
        HostileRecords hostile = new HostileRecords(SEED, Harness.WALL_CLOCK, 2 << 20);
        List<Hostile> flood = new ArrayList<>(hostile.classFlood(hostile.freshClasses(360 * 32, 64), 360, 32));
        flood.addAll(hostile.classFlood(HostileRecords.BUILT_IN_CLASSES, 360, 32));
        flood.addAll(hostile.classFloodThroughAssets(360, 32));
        int inputs = 0;
        for (Hostile h : flood) {
            if (h.input()) {
                tm.sendAccessBytes(h.key(), h.value());
                inputs++;
            } else {
                tm.referenceBytes(h.kind(), h.key(), h.value());
            }
        }

        double processed = processed();
        double dlq = tm.events("access", "dlq") + tm.events("replication", "dlq");
        assertThat(processed + dlq).as("seed %d: in = processed + DLQ", SEED).isEqualTo(inputs);
        assertThat(dlq).isEqualTo(360);
        assertThat(tm.deadLetters())
                .hasSize(360)
                .allSatisfy(r -> assertThat(header(r, DeadLetters.MESSAGE)).contains("FRESH_", "vocabulary"));
        assertThat(tm.store("volume-state").values())
                .allSatisfy(v -> assertThat(v.length).isLessThan(16 * 1024));
        assertThat(tm.metrics.count("transfer.volume.classes.folded", "rule", "volume-burst"))
                .isEqualTo(360);
    }

    private double processed() {
        return tm.events("access", "processed") + tm.events("replication", "processed");
    }

    /** Lookups of every kind: asset, region, network, principal, credential and policy, as the ledger shows them. */
    private List<LedgerEntry> probe() {
        tm.send(anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .auth(AuthMethod.API_KEY)
                .at(Harness.WALL_CLOCK.minusSeconds(30))
                .on("crm-db-seoul")
                .from("203.0.113.77")
                .build());
        tm.send(aReplication().at(Harness.WALL_CLOCK.minusSeconds(30)).build());
        return tm.ledger().stream().map(HostileInputTest::comparable).toList();
    }

    /** A ledger entry without what differs between two runs of the same transfer (ids, chain). */
    private static LedgerEntry comparable(LedgerEntry e) {
        return LedgerEntry.newBuilder(e)
                .setEventId("")
                .setSequence(0)
                .setPreviousHash("")
                .setHash("")
                .build();
    }

    private Map<RecordKind, Map<String, byte[]>> stores() {
        Map<RecordKind, Map<String, byte[]>> stores = new EnumMap<>(RecordKind.class);
        for (RecordKind kind : List.of(
                RecordKind.ASSET,
                RecordKind.REGION,
                RecordKind.NETWORK,
                RecordKind.PRINCIPAL,
                RecordKind.CREDENTIAL,
                RecordKind.POLICY)) {
            stores.put(kind, tm.referenceStore(kind));
        }
        return stores;
    }

    private static final List<String> OURS = List.of(
            DeadLetters.REASON,
            DeadLetters.MESSAGE,
            DeadLetters.TOPIC,
            DeadLetters.PARTITION,
            DeadLetters.OFFSET,
            DeadLetters.TRUNCATED,
            DeadLetters.KEY_TRUNCATED,
            DeadLetters.HEADERS_DROPPED);

    /** Every header whose name is in the dead-letter namespace, in any case. */
    private static List<String> deadLetterHeaderNames(TestRecord<String, byte[]> record) {
        List<String> names = new ArrayList<>();
        record.headers().forEach(h -> {
            if (h.key().toLowerCase(Locale.ROOT).startsWith("transfer.dlq.")) {
                names.add(h.key());
            }
        });
        return names;
    }

    private static TestRecord<String, byte[]> withHeaders(Hostile h) {
        return new TestRecord<>(h.key(), h.value(), new RecordHeaders(h.headers()), (Instant) null);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
