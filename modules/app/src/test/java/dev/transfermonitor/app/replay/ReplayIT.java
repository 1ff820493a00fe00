package dev.transfermonitor.app.replay;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.TestSetup;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.JsonRecords;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.cloudtrail.Fixtures;
import dev.transfermonitor.testkit.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** replay on a real broker: the live monitor's alerts again, a period's alerts only, rule changes, offline files. */
class ReplayIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final AvroCodec<DataAccessEvent> ACCESS = AvroCodec.of(DataAccessEvent.class);
    private static final AvroCodec<ReplicationEvent> REPLICATION = AvroCodec.of(ReplicationEvent.class);
    private static final AvroCodec<TransferAlert> ALERT = AvroCodec.of(TransferAlert.class);

    @TempDir
    Path dir;

    @Test
    void aReplayOfEverythingRaisesTheLiveAlertsExactly() throws Exception {
        Topics topics = KAFKA.newTopics(3);
        TestSetup.loadSampleCompany(KAFKA, topics);
        MonitorConfig config = liveConfig(topics, "live-" + topics.prefix().replace(".", ""));
        int sent;
        try (Monitor live = new Monitor(config, DetectionMetrics.inMemory())) {
            live.start(Duration.ofSeconds(60));
            sent = sendMixedTraffic(
                    topics, Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES));
            awaitCommitted(config.applicationId(), topics);
        }
        List<TransferAlert> liveAlerts = readAll(topics.alerts());
        // The input covers what a replay must reproduce: several partitions, stateless and windowed rules, escalations.
        assertThat(liveAlerts)
                .extracting(TransferAlert::getType)
                .contains(
                        AlertType.INACTIVE_IDENTITY,
                        AlertType.CROSS_BORDER_VIOLATION,
                        AlertType.EXTERNAL_TRANSFER,
                        AlertType.VOLUME_BURST);
        assertThat(liveAlerts).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.VOLUME_BURST);
            assertThat(a.getRevision()).isGreaterThan(1);
        });
        assertThat(liveAlerts.stream()
                        .flatMap(a -> a.getEvidence().stream())
                        .map(Evidence::getPartition)
                        .distinct())
                .hasSizeGreaterThan(1);

        Path file = dir.resolve("replayed.jsonl");
        Run run = cli(
                "replay",
                "-b",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--rules",
                "sample",
                "--output",
                file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<TransferAlert> replayed = Files.readAllLines(file).stream()
                .map(line -> JsonRecords.<TransferAlert>fromJson(RecordKind.ALERT, line))
                .toList();
        assertThat(replayed).containsExactlyInAnyOrderElementsOf(liveAlerts);
        assertThat(run.out())
                .contains("Replayed " + sent + " event(s) (1 to the DLQ)", liveAlerts.size() + " alert(s)");
        assertNothingLeftBehind(topics);
    }

    @Test
    void aSubPeriodReplaysOnlyWhatWasWrittenInIt() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        TestSetup.loadSampleCompany(KAFKA, topics);
        Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant from = t0.plus(Duration.ofHours(1));
        Instant to = t0.plus(Duration.ofHours(2));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            send(producer, topics, readFromTheUs("emp-1002", "before-1", t0));
            send(producer, topics, readFromTheUs("emp-1001", "inside-1", from));
            send(producer, topics, readFromTheUs("emp-1001", "inside-2", from.plusSeconds(60)));
            send(producer, topics, readFromTheUs("emp-1004", "after-1", to));
        }
        Path file = dir.resolve("period.jsonl");

        Run run = cli(
                "replay",
                "-b",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "--rules",
                "sample",
                "--from",
                from.toString(),
                "--to",
                to.toString(),
                "--output",
                file.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<TransferAlert> alerts = Files.readAllLines(file).stream()
                .map(line -> JsonRecords.<TransferAlert>fromJson(RecordKind.ALERT, line))
                .toList();
        assertThat(alerts)
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.getPrincipalId()).isEqualTo("emp-1001"));
        assertThat(alerts.stream()
                        .flatMap(a -> a.getEvidence().stream())
                        .map(Evidence::getEventId)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("inside-1", "inside-2");
        assertThat(run.out()).contains("Replayed 2 event(s)");
    }

    @Test
    void eventsWrittenAfterTheReplayStartedAreNotPartOfIt() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        TestSetup.loadSampleCompany(KAFKA, topics);
        MonitorConfig config = liveConfig(topics, "unused");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            send(
                    producer,
                    topics,
                    readFromTheUs("emp-1001", "early-1", Instant.now().minusSeconds(60)));
        }
        ReplayPeriod period;
        try (Admin admin = Admin.create(config.clientProperties())) {
            period = ReplayPeriod.resolve(admin, topics.inputs(), null, null);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            send(
                    producer,
                    topics,
                    readFromTheUs("emp-1004", "late-1", Instant.now().minusSeconds(30)));
        }

        Replay.Result result = Replay.run(config, config.rules(), period, dir, () -> false, new ReplayListener() {
            @Override
            public void progress(long done, long total) {}

            @Override
            public void warning(String problem) {
                throw new AssertionError(problem);
            }
        });

        assertThat(result.events()).isEqualTo(1);
        assertThat(result.alerts())
                .isNotEmpty()
                .allSatisfy(a -> assertThat(a.getEvidence())
                        .extracting(Evidence::getEventId)
                        .containsOnly("early-1"));
    }

    @Test
    void compareListsTheFindingsNewThresholdsAddAndDrop() throws Exception {
        Topics topics = KAFKA.newTopics(2);
        TestSetup.loadSampleCompany(KAFKA, topics);
        Instant t = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            // 120,000 PERSONAL records in 4 minutes: under the sample's 150,000, over the proposed 100,000.
            for (int i = 0; i < 4; i++) {
                send(
                        producer,
                        topics,
                        anAccess()
                                .by("emp-1003")
                                .on("crm-db-seoul")
                                .records(30_000)
                                .bytes(1_000_000)
                                .at(t.plus(Duration.ofMinutes(i)))
                                .build());
            }
            // 80,000 PAYMENT records: over the sample's 60,000, under the proposed 1,000,000 (and PERSONAL's 100,000).
            for (int i = 0; i < 2; i++) {
                send(
                        producer,
                        topics,
                        anAccess()
                                .by("emp-1005")
                                .on("orders-db-seoul")
                                .records(40_000)
                                .bytes(1_000_000)
                                .at(t.plus(Duration.ofMinutes(i)))
                                .build());
            }
            // Rules that change no threshold of theirs: the same finding either way.
            send(producer, topics, readFromTheUs("emp-2040", "departed-1", t));
        }
        Path current = Files.writeString(dir.resolve("current.properties"), "rules.file=sample\n");
        Path proposed = Files.writeString(
                dir.resolve("proposed.yml"),
                sampleRules()
                        .replace("version: \"sample-company-2026.12.1\"", "version: \"proposed-1\"")
                        .replace("PERSONAL: {records: 150000, bytes: 1GiB}", "PERSONAL: {records: 100000, bytes: 1GiB}")
                        .replace(
                                "PAYMENT:  {records: 60000, bytes: 512MiB}",
                                "PAYMENT:  {records: 1000000, bytes: 4GiB}"));

        Run run = cli(
                "replay",
                "-b",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                topics.prefix(),
                "-c",
                current.toString(),
                "--rules",
                proposed.toString(),
                "--compare");

        assertThat(run.exit()).as(run.err()).isZero();
        List<String> added =
                run.out().lines().filter(l -> l.startsWith("ADDED")).toList();
        List<String> dropped =
                run.out().lines().filter(l -> l.startsWith("DROPPED")).toList();
        assertThat(added).isNotEmpty().allSatisfy(l -> assertThat(l).contains("VOLUME_BURST", "emp-1003"));
        assertThat(dropped).isNotEmpty().allSatisfy(l -> assertThat(l).contains("VOLUME_BURST", "emp-1005"));
        assertThat(run.out())
                .contains("Rules proposed-1 instead of sample-company-2026.12.1: " + added.size()
                        + " finding(s) added {VOLUME_BURST=" + added.size() + "}, " + dropped.size()
                        + " dropped {VOLUME_BURST="
                        + dropped.size() + "}")
                .doesNotContain("emp-2040  ");
        assertThat(run.out().lines().filter(l -> l.contains("emp-2040") && !l.startsWith("Replayed")))
                .isEmpty();
    }

    @Test
    void offlineEventFilesReplayOnAnEmbeddedBroker() throws Exception {
        Instant t = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        Path events = Files.writeString(
                dir.resolve("incident.jsonl"),
                String.join(
                        "\n",
                        "# a departed employee's key from abroad, then a snapshot shared with a foreign account",
                        JsonRecords.toJson(readFromTheUs("emp-2040", "off-1", t)),
                        JsonRecords.toJson(aReplication()
                                .eventId("off-2")
                                .by("emp-1007")
                                .toAccount("999988887777")
                                .toRegion("aws:ap-northeast-2")
                                .at(t.plusSeconds(60))
                                .build()),
                        JsonRecords.toJson(anAccess()
                                .eventId("off-3")
                                .by("emp-1001")
                                .at(t.plusSeconds(90))
                                .build()),
                        ""));
        Path out = dir.resolve("alerts.jsonl");

        Run run = cli("replay", "--events", events.toString(), "--output", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<TransferAlert> alerts = Files.readAllLines(out).stream()
                .map(line -> JsonRecords.<TransferAlert>fromJson(RecordKind.ALERT, line))
                .toList();
        assertThat(alerts)
                .extracting(TransferAlert::getType)
                .containsExactlyInAnyOrder(
                        AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION, AlertType.EXTERNAL_TRANSFER);
        assertThat(alerts)
                .filteredOn(a -> a.getType() == AlertType.EXTERNAL_TRANSFER)
                .singleElement()
                .satisfies(a -> assertThat(a.getEvidence())
                        .extracting(Evidence::getEventId)
                        .containsExactly("off-2"));
        assertThat(run.out()).contains("Sent 3 event(s)", "Replayed 3 event(s) (0 to the DLQ)");
    }

    @Test
    void cloudTrailLogsReplayOffline() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("AWSLogs"));
        Files.write(logs.resolve("share.json"), Fixtures.bytes("snapshots/ModifySnapshotAttribute.json"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(logs.resolve("ami.json.gz")))) {
            gz.write(Fixtures.bytes("snapshots/ModifyImageAttribute.json"));
        }
        Files.write(logs.resolve("login.json"), Fixtures.bytes("s3-iam/ConsoleLogin-iamuser-mfa-success.json"));
        Path out = dir.resolve("alerts.jsonl");

        Run run = cli("replay", "--events", logs.toString(), "--events-kind", "cloudtrail", "--output", out.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        List<TransferAlert> alerts = Files.readAllLines(out).stream()
                .map(line -> JsonRecords.<TransferAlert>fromJson(RecordKind.ALERT, line))
                .toList();
        assertThat(alerts)
                .filteredOn(a -> a.getType() == AlertType.EXTERNAL_TRANSFER)
                .extracting(TransferAlert::getPrincipalId)
                .containsExactlyInAnyOrder(
                        "arn:aws:iam::756680937392:user/christophe", "arn:aws:iam::118238665043:user/christophe");
        assertThat(run.out()).as("the login is ignored: two events").contains("Sent 2 event(s)");
    }

    // --- input

    /**
     * A mix over several principals (so several partitions): benign reads, a departed employee's key
     * from abroad (stateless, escalating), a burst that escalates, a copy to a foreign account, one
     * undecodable record. Returns the number of input records.
     */
    private static int sendMixedTraffic(Topics topics, Instant t) {
        int sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            for (int i = 0; i < 24; i++) {
                String principal = "emp-10" + String.format("%02d", i % 12 + 1);
                if (!principal.equals("emp-1003")) {
                    send(
                            producer,
                            topics,
                            anAccess()
                                    .by(principal)
                                    .records(10)
                                    .at(t.plusSeconds(i))
                                    .build());
                    sent++;
                }
            }
            for (int i = 0; i < 4; i++) {
                send(producer, topics, readFromTheUs("emp-2040", "departed-" + i, t.plus(Duration.ofMinutes(i))));
                sent++;
            }
            for (int i = 0; i < 8; i++) {
                send(
                        producer,
                        topics,
                        anAccess()
                                .by("emp-1003")
                                .on("crm-db-seoul")
                                .records(40_000)
                                .bytes(1_000_000)
                                .at(t.plusSeconds(30L * i))
                                .build());
                sent++;
            }
            send(
                    producer,
                    topics,
                    aReplication()
                            .by("emp-1007")
                            .toAccount("999988887777")
                            .toRegion("aws:ap-northeast-2")
                            .at(t.plusSeconds(5))
                            .build());
            producer.send(
                    new ProducerRecord<>(topics.access(), "emp-1001", "garbage".getBytes(StandardCharsets.UTF_8)));
            sent += 2;
        }
        return sent;
    }

    private static DataAccessEvent readFromTheUs(String principal, String eventId, Instant at) {
        return anAccess()
                .eventId(eventId)
                .by(principal)
                .withCredential(principal.equals("emp-2040") ? "key-emp-2040-api" : "sso-" + principal)
                .on("crm-db-seoul")
                .records(300)
                .country("US")
                .from(null)
                .at(at)
                .build();
    }

    /** Written with the event's time as the record timestamp, as if it had been sent then. */
    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, SpecificRecord event) {
        if (event instanceof DataAccessEvent a) {
            producer.send(new ProducerRecord<>(
                    topics.access(), null, a.getOccurredAt().toEpochMilli(), a.getPrincipalId(), ACCESS.encode(a)));
        } else {
            ReplicationEvent r = (ReplicationEvent) event;
            producer.send(new ProducerRecord<>(
                    topics.replication(),
                    null,
                    r.getOccurredAt().toEpochMilli(),
                    r.getPrincipalId(),
                    REPLICATION.encode(r)));
        }
    }

    private MonitorConfig liveConfig(Topics topics, String applicationId) {
        return TestSetup.monitorConfig(
                KAFKA, topics, applicationId, dir.resolve("state-" + applicationId), Map.of("rules.file", "sample"));
    }

    private static String sampleRules() throws IOException {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.SAMPLE_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // --- output

    /** Waits until the live monitor has committed everything on its inputs (and so its alerts). */
    private static void awaitCommitted(String applicationId, Topics topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                        for (String topic : topics.inputs()) {
                            admin.describeTopics(List.of(topic))
                                    .allTopicNames()
                                    .get()
                                    .get(topic)
                                    .partitions()
                                    .forEach(p ->
                                            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                        }
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        return admin.listOffsets(latest).all().get().entrySet().stream()
                                .allMatch(e -> e.getValue().offset() == 0
                                        || committed.get(e.getKey()) != null
                                                && committed.get(e.getKey()).offset()
                                                        >= e.getValue().offset());
                    });
        }
    }

    private static List<TransferAlert> readAll(String topic) {
        List<TransferAlert> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KAFKA.consumerConfig(null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> all.add(ALERT.decode(r.value())));
            }
        }
        return all;
    }

    /** The replay's private and internal topics and its consumer group are gone. */
    private static void assertNothingLeftBehind(Topics topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<String> names = admin.listTopics().names().get();
                assertThat(names).noneMatch(n -> n.startsWith("replay-") && n.endsWith(topics.alerts()));
                assertThat(names).noneMatch(n -> n.startsWith("transfer-monitor-replay-"));
                assertThat(admin.listGroups().all().get())
                        .noneMatch(g -> g.groupId().startsWith("transfer-monitor-replay-"));
            });
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
