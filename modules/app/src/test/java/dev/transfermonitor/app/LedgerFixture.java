package dev.transfermonitor.app;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A real ledger: the sample company's reference data, the monitor as the app runs it, and
 * cross-border accesses and backups whose expected routes and decisions follow from the
 * sample policies (KR data may go to SG under CONTRACT; to the Netherlands (EU) and the US it
 * may not). The monitor is closed again once every entry and alert is committed.
 */
public final class LedgerFixture {

    /** One planned transfer and the route and decision the sample policies give it. */
    public record Planned(
            String principal, String origin, String destination, LedgerDecision decision, List<String> subjects) {}

    private final Topics topics;
    private final List<Planned> planned;
    private final Instant earliest;
    private final Instant latest;

    private LedgerFixture(Topics topics, List<Planned> planned, Instant earliest, Instant latest) {
        this.topics = topics;
        this.planned = planned;
        this.earliest = earliest;
        this.latest = latest;
    }

    public static LedgerFixture produce(KafkaBroker kafka, Path stateDir) {
        return produce(kafka, stateDir, Map.of());
    }

    /**
     * The same with settings of the test's own; with {@code ledger.signing.key} it also waits
     * until every partition's last entry is covered by a digest, after the accesses and again
     * after the backups, before it closes the monitor.
     */
    public static LedgerFixture produce(KafkaBroker kafka, Path stateDir, Map<String, String> settings) {
        Topics topics = kafka.newTopics(2);
        TestSetup.loadSampleCompany(kafka, topics);
        MonitorConfig config =
                TestSetup.monitorConfig(kafka, topics, TestSetup.applicationId("ledger", topics), stateDir, settings);
        AvroCodec<DataAccessEvent> accesses = AvroCodec.of(DataAccessEvent.class);
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(30));
        List<Planned> planned = new ArrayList<>();
        try (Monitor monitor = new Monitor(config, DetectionMetrics.inMemory())) {
            monitor.start(Duration.ofSeconds(60));
            for (int i = 0; i < 12; i++) {
                String principal = "emp-100" + (1 + i % 6);
                List<String> subjects = new ArrayList<>();
                for (int j = 0; j < 5; j++) {
                    subjects.add("subject-" + (i * 3 + j));
                }
                String ip;
                Planned plan;
                switch (i % 3) {
                    case 0 -> {
                        ip = "203.0.113." + (10 + i);
                        plan = new Planned(principal, "KR", "EU", LedgerDecision.DENIED, subjects);
                    }
                    case 1 -> {
                        ip = "198.51.100." + (10 + i);
                        plan = new Planned(principal, "KR", "SG", LedgerDecision.ALLOWED, subjects);
                    }
                    default -> {
                        ip = "192.0.2." + (10 + i);
                        plan = new Planned(principal, "KR", "US", LedgerDecision.DENIED, subjects);
                    }
                }
                planned.add(plan);
                kafka.send(
                        topics.access(),
                        principal,
                        accesses.encode(anAccess()
                                .by(principal)
                                .on("crm-db-seoul")
                                .from(ip)
                                .records(5)
                                .bytes(5000)
                                .subjects(subjects)
                                .at(start.plusSeconds(i))
                                .build()));
            }
            if (config.ledgerSigner() != null) {
                // Signed before the backups come: the backups' partition then has two digests.
                kafka.readAll(topics.audit(), planned.size(), Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(60)).until(() -> signedToTheHead(kafka, topics));
            }
            for (int i = 0; i < 3; i++) {
                planned.add(new Planned("svc-backup", "KR", "SG", LedgerDecision.ALLOWED, List.of()));
                sendBackup(kafka, topics, start.plusSeconds(20 + i));
            }
            kafka.readAll(topics.audit(), planned.size(), Duration.ofSeconds(60));
            long alertKeys = planned.stream()
                    .filter(p -> p.decision() == LedgerDecision.DENIED)
                    .map(p -> p.principal() + ">" + p.destination())
                    .distinct()
                    .count();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> distinctAlerts(kafka, topics).size() >= alertKeys);
            if (config.ledgerSigner() != null) {
                await().atMost(Duration.ofSeconds(60)).until(() -> signedToTheHead(kafka, topics));
            }
        }
        return new LedgerFixture(topics, List.copyOf(planned), start, start.plusSeconds(22));
    }

    /**
     * Runs the monitor again on this ledger (the same application id and state) with these
     * settings, sends {@code backups} more backups and closes it once they are committed: a
     * restart, e.g. with a new signing key. The stop itself signs the heads.
     */
    public void restartWithBackups(KafkaBroker kafka, Path stateDir, Map<String, String> settings, int backups) {
        MonitorConfig config =
                TestSetup.monitorConfig(kafka, topics, TestSetup.applicationId("ledger", topics), stateDir, settings);
        int before = readToEnd(kafka, topics.audit()).size();
        try (Monitor monitor = new Monitor(config, DetectionMetrics.inMemory())) {
            monitor.start(Duration.ofSeconds(60));
            for (int i = 0; i < backups; i++) {
                sendBackup(kafka, topics, latest.plusSeconds(1 + i));
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> readToEnd(kafka, topics.audit()).size() >= before + backups);
        }
    }

    /** A backup of the customer database to Singapore (KR > SG, allowed under contract). */
    private static void sendBackup(KafkaBroker kafka, Topics topics, Instant at) {
        kafka.send(
                topics.replication(),
                "svc-backup",
                AvroCodec.of(ReplicationEvent.class)
                        .encode(aReplication()
                                .by("svc-backup")
                                .kind(ReplicationKind.BACKUP)
                                .from("crm-db-seoul")
                                .toAsset("backup-vault-singapore")
                                .records(1000)
                                .bytes(100_000)
                                .at(at)
                                .build()));
    }

    /** Whether the last digest of every ledger partition covers its last entry. */
    private static boolean signedToTheHead(KafkaBroker kafka, Topics topics) {
        AvroCodec<LedgerEntry> entries = AvroCodec.of(LedgerEntry.class);
        AvroCodec<LedgerDigest> digests = AvroCodec.of(LedgerDigest.class);
        Map<Integer, Long> heads = new TreeMap<>();
        readToEnd(kafka, topics.audit())
                .forEach(r ->
                        heads.merge(r.partition(), entries.decode(r.value()).getSequence(), Math::max));
        Map<Integer, Long> signed = new TreeMap<>();
        readToEnd(kafka, topics.auditDigests()).forEach(r -> {
            LedgerDigest d = digests.decode(r.value());
            signed.merge(d.getPartition(), d.getLastSequence(), Math::max);
        });
        return signed.equals(heads);
    }

    public Topics topics() {
        return topics;
    }

    public List<Planned> planned() {
        return planned;
    }

    /** The occurredAt of the first and last planned transfer. */
    public Instant earliest() {
        return earliest;
    }

    public Instant latest() {
        return latest;
    }

    /** The committed ledger records of each partition, in offset order. */
    public Map<Integer, List<ConsumerRecord<String, byte[]>>> ledgerByPartition(KafkaBroker kafka) {
        return readToEnd(kafka, topics.audit()).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::partition, TreeMap::new, Collectors.toList()));
    }

    /** Planned transfers per "origin>destination" route. */
    public Map<String, List<Planned>> byRoute() {
        Map<String, List<Planned>> routes = new LinkedHashMap<>();
        planned.forEach(p -> routes.computeIfAbsent(p.origin() + ">" + p.destination(), r -> new ArrayList<>())
                .add(p));
        return routes;
    }

    public static Set<String> distinctSubjects(List<Planned> transfers) {
        Set<String> all = new HashSet<>();
        transfers.forEach(p -> all.addAll(p.subjects()));
        return all;
    }

    /** Alert id to its latest revision, as committed on the alerts topic. */
    public static Map<String, TransferAlert> distinctAlerts(KafkaBroker kafka, Topics topics) {
        Map<String, TransferAlert> latest = new TreeMap<>();
        AvroCodec<TransferAlert> codec = AvroCodec.of(TransferAlert.class);
        readToEnd(kafka, topics.alerts()).stream()
                .map(r -> codec.decode(r.value()))
                .forEach(a -> latest.merge(a.getAlertId(), a, (x, y) -> y.getRevision() >= x.getRevision() ? y : x));
        return latest;
    }

    /** Every committed record of a topic up to the end offsets of now, in partition and offset order. */
    public static List<ConsumerRecord<String, byte[]>> readToEnd(KafkaBroker kafka, String topic) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumerConfig(null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(30))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        records.sort(Comparator.comparingInt(ConsumerRecord<String, byte[]>::partition)
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }
}
