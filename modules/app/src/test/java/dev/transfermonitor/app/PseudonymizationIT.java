package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.emitter.TransferEmitter;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.simulator.Simulator;
import dev.transfermonitor.simulator.SimulatorOptions;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw data-subject ids never reach Kafka: simulated traffic whose subject keys the emitter
 * pseudonymizes, through the monitor on a real broker, then every record (key, value, headers)
 * of every topic, the monitor's internal changelogs included, is searched for every raw id used.
 * The same search must then find a raw id that a careless producer put into an event.
 */
class PseudonymizationIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final byte[] SECRET = "pseudonymization-it-secret-32-bytes!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private Topics topics;
    private String applicationId;
    private Monitor monitor;
    private final DetectionMetrics metrics = DetectionMetrics.inMemory();

    @BeforeEach
    void start() {
        topics = KAFKA.newTopics(2);
        TestSetup.loadSampleCompany(KAFKA, topics);
        applicationId = TestSetup.applicationId("it", topics);
        monitor = new Monitor(
                TestSetup.monitorConfig(
                        KAFKA,
                        topics,
                        applicationId,
                        dir.resolve("state"),
                        Map.of("rules.file", MonitorConfig.SAMPLE_RULES)),
                metrics);
        monitor.start(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        monitor.close();
    }

    @Test
    void noRawSubjectIdAppearsInAnyTopicButAPlantedOneIsFound() {
        RawIds raw = new RawIds(new Random(7));
        int sent = 0;
        try (TransferEmitter emitter = TransferEmitter.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .topics(topics)
                .subjectKeySecret(SECRET)
                .build()) {
            Instant start = Instant.now().minusSeconds(90);
            SimulatorOptions options = SimulatorOptions.defaults()
                    .withIncidentOffsets(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
            for (SpecificRecord event : new Simulator(7, options).eventsBetween(start, start.plusSeconds(60))) {
                if (event instanceof DataAccessEvent access) {
                    // The application's own ids of the people it read, pseudonymized by the SDK.
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < access.getSubjectKeys().size(); i++) {
                        keys.add(emitter.subjectKey(raw.next()));
                    }
                    access.setSubjectKeys(keys);
                }
                emitter.emit(event);
                sent++;
            }
            for (int i = 0; i < 5; i++) { // dead letters carry subject keys too
                emitter.access(anAccess()
                        .records(-1)
                        .at(Instant.now())
                        .subjects(emitter.subjectKey(raw.next()), emitter.subjectKey(raw.next()))
                        .build());
                sent++;
            }
            emitter.flush();
        }
        awaitAccounted(sent);
        assertThat(events("dlq")).isEqualTo(5);

        List<String> scanned = topicsToScan();
        assertThat(scanned)
                .as("internal topics")
                .anyMatch(t -> t.startsWith(applicationId + "-") && t.endsWith("-changelog"));
        Map<String, Integer> recordsPerTopic = new HashMap<>();
        Map<String, Set<String>> leaks = scan(scanned, raw.used(), recordsPerTopic);
        System.out.printf(
                "scanned %d records of %d topics for %d raw ids: %s%n",
                recordsPerTopic.values().stream().mapToInt(Integer::intValue).sum(),
                scanned.size(),
                raw.used().size(),
                new TreeMap<>(recordsPerTopic));
        assertThat(recordsPerTopic.get(topics.alerts()))
                .as("alerts were raised")
                .isPositive();
        assertThat(recordsPerTopic.get(topics.audit()))
                .as("ledger entries were written")
                .isPositive();
        assertThat(recordsPerTopic.get(topics.dlq())).isEqualTo(5);
        assertThat(leaks)
                .as(
                        "raw subject ids found, by topic (%d raw ids, %s)",
                        raw.used().size(), recordsPerTopic)
                .isEmpty();

        // The search itself must work: a producer that puts a raw id into an event id leaks it
        // into the input topic and, through evidence and the ledger, into the monitor's outputs.
        String planted = raw.next();
        try (TransferEmitter emitter = TransferEmitter.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .topics(topics)
                .subjectKeySecret(SECRET)
                .build()) {
            emitter.access(anAccess()
                    .eventId("export-for-" + planted)
                    .by("emp-1001")
                    .from("203.0.113.77")
                    .at(Instant.now())
                    .build());
        }
        awaitAccounted(sent + 1);
        Map<String, Set<String>> found = scan(topicsToScan(), Set.of(planted), new HashMap<>());
        assertThat(found).containsKeys(topics.access(), topics.audit());
    }

    private void awaitAccounted(int sent) {
        await().atMost(Duration.ofSeconds(60))
                .failFast("the monitor stopped", () -> !monitor.isHealthy())
                .untilAsserted(
                        () -> assertThat(events("processed") + events("dlq")).isEqualTo(sent));
    }

    /** Every topic of this set and every internal topic of this monitor, as the broker lists them. */
    private List<String> topicsToScan() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> mine = names.stream()
                    .filter(n -> n.startsWith(topics.prefix()) || n.startsWith(applicationId + "-"))
                    .sorted()
                    .toList();
            assertThat(mine).containsAll(topics.all());
            return mine;
        } catch (Exception e) {
            throw new AssertionError("cannot list topics", e);
        }
    }

    /** Topic -> the raw ids found in it, reading uncommitted (aborted) records too. */
    private static Map<String, Set<String>> scan(
            List<String> topicNames, Set<String> rawIds, Map<String, Integer> counts) {
        ByteSearch search = new ByteSearch(rawIds);
        Map<String, Object> config = KAFKA.consumerConfig(null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        Map<String, Set<String>> leaks = new HashMap<>();
        for (String topic : topicNames) {
            List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readToEnd(config, topic);
            counts.put(topic, records.size());
            for (ConsumerRecord<byte[], byte[]> r : records) {
                List<byte[]> parts = new ArrayList<>();
                parts.add(r.key());
                parts.add(r.value());
                for (Header h : r.headers()) {
                    parts.add(h.key().getBytes(StandardCharsets.UTF_8));
                    parts.add(h.value());
                }
                for (byte[] part : parts) {
                    Set<String> hits = search.find(part);
                    if (!hits.isEmpty()) {
                        leaks.computeIfAbsent(topic, t -> new TreeSet<>()).addAll(hits);
                    }
                }
            }
        }
        return leaks;
    }

    private double events(String outcome) {
        return metrics.count("transfer.events", "type", "access", "outcome", outcome)
                + metrics.count("transfer.events", "type", "replication", "outcome", outcome);
    }

    /** The kinds of ids applications hold: e-mail addresses, phone numbers, customer numbers. */
    private static final class RawIds {
        private final Random random;
        private final Set<String> used = new LinkedHashSet<>();

        RawIds(Random random) {
            this.random = random;
        }

        String next() {
            int n = random.nextInt(1_000_000);
            String id = switch (random.nextInt(3)) {
                case 0 -> "minji.kim" + n + "@example.kr";
                case 1 -> String.format("+82-10-%04d-%04d", n % 10_000, random.nextInt(10_000));
                default -> String.format("CUST-%08d", n);
            };
            used.add(id);
            return id;
        }

        Set<String> used() {
            return Set.copyOf(used);
        }
    }

    /** Finds any of many strings (as UTF-8 bytes, at least 8 long) in byte arrays, by their first 8 bytes. */
    private static final class ByteSearch {
        private static final int ANCHOR = 8;
        private final Map<String, List<byte[]>> byAnchor = new HashMap<>();

        ByteSearch(Set<String> needles) {
            for (String needle : needles) {
                byte[] bytes = needle.getBytes(StandardCharsets.UTF_8);
                assertThat(bytes.length).as("needle length").isGreaterThanOrEqualTo(ANCHOR);
                byAnchor.computeIfAbsent(
                                new String(bytes, 0, ANCHOR, StandardCharsets.ISO_8859_1), k -> new ArrayList<>())
                        .add(bytes);
            }
        }

        Set<String> find(byte[] haystack) {
            Set<String> hits = new TreeSet<>();
            if (haystack == null || haystack.length < ANCHOR) {
                return hits;
            }
            String text = new String(haystack, StandardCharsets.ISO_8859_1); // one char per byte
            for (int i = 0; i + ANCHOR <= text.length(); i++) {
                List<byte[]> candidates = byAnchor.get(text.substring(i, i + ANCHOR));
                if (candidates == null) {
                    continue;
                }
                for (byte[] needle : candidates) {
                    if (text.startsWith(new String(needle, StandardCharsets.ISO_8859_1), i)) {
                        hits.add(new String(needle, StandardCharsets.UTF_8));
                    }
                }
            }
            return hits;
        }
    }
}
