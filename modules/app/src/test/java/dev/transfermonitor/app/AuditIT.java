package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transfermonitor.app.cli.ExitCodes;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.testkit.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * audit verify and report on a ledger the monitor wrote on a real broker, and on copies of it
 * tampered with three ways: one entry changed, one deleted, two adjacent entries swapped.
 */
class AuditIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final AvroCodec<LedgerEntry> CODEC = AvroCodec.of(LedgerEntry.class);

    @TempDir
    static Path dir;

    private static LedgerFixture ledger;
    private static Map<Integer, List<ConsumerRecord<String, byte[]>>> partitions;
    /** The partition with the longest chain: where the copies are tampered with. */
    private static int target;

    @BeforeAll
    static void produceALedger() {
        ledger = LedgerFixture.produce(KAFKA, dir.resolve("state"));
        partitions = ledger.ledgerByPartition(KAFKA);
        target = partitions.entrySet().stream()
                .max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
                .orElseThrow()
                .getKey();
        assertThat(partitions.get(target))
                .as("a chain long enough to tamper with")
                .hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void theOriginalLedgerVerifies() {
        Run run = run("audit", "verify", "--audit-topic", ledger.topics().audit());

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out())
                .startsWith("OK: " + ledger.topics().audit() + ", 2 partition(s), "
                        + ledger.planned().size() + " entries verified");
        for (var p : partitions.entrySet()) {
            assertThat(run.out())
                    .contains("partition " + p.getKey() + ": " + p.getValue().size() + " entries, sequence 0.."
                            + (p.getValue().size() - 1));
        }
        assertThat(run.out())
                .contains("period covered (occurredAt of the entries verified): " + ledger.earliest() + " .. "
                        + ledger.latest());
    }

    @Test
    void aChangedEntryIsAHashMismatchAtItsOffset() {
        String copy = copy("changed", records -> {
            List<byte[]> values = new ArrayList<>(records);
            LedgerEntry entry = CODEC.decode(values.get(2));
            entry.setRecordCount(entry.getRecordCount() * 100);
            values.set(2, CODEC.encode(entry));
            return values;
        });

        Run run = run("audit", "verify", "--audit-topic", copy);

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("BROKEN: " + copy + " partition " + target + ", offset 2: hash mismatch");
    }

    @Test
    void aDeletedEntryIsASequenceJumpWhereItWas() {
        long before = sequenceAt(1);
        long after = sequenceAt(3);
        String copy = copy("deleted", records -> {
            List<byte[]> values = new ArrayList<>(records);
            values.remove(2);
            return values;
        });

        Run run = run("audit", "verify", "--audit-topic", copy);

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(run.out().lines().findFirst().orElseThrow())
                .isEqualTo("BROKEN: " + copy + " partition " + target + ", offset 2: sequence jumps from " + before
                        + " to " + after + " (expected " + (before + 1) + ")");
    }

    @Test
    void swappedEntriesBreakAtTheFirstOfThem() {
        long before = sequenceAt(0);
        long second = sequenceAt(2);
        String copy = copy("swapped", records -> {
            List<byte[]> values = new ArrayList<>(records);
            Collections.swap(values, 1, 2);
            return values;
        });

        Run run = run("audit", "verify", "--audit-topic", copy);

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(run.out().lines().findFirst().orElseThrow())
                .isEqualTo("BROKEN: " + copy + " partition " + target + ", offset 1: sequence jumps from " + before
                        + " to " + second + " (expected " + (before + 1) + ")");
    }

    @Test
    void anUntamperedCopyVerifiesToo() {
        String copy = copy("verbatim", records -> records);

        Run run = run("audit", "verify", "--audit-topic", copy);

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).startsWith("OK: ");
    }

    @Test
    void aMissingTopicIsAConfigurationError() {
        Run run = run("audit", "verify", "--audit-topic", ledger.topics().prefix() + "no-such-topic");

        assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip().lines()).singleElement().asString().contains("no-such-topic", "does not exist");
    }

    @Test
    void theJsonReportCountsTheTransfersAlertsAndSubjectsOfThePeriod() throws Exception {
        Path file = dir.resolve("report.json");
        Run run = run(
                "report",
                "--from",
                ledger.earliest().toString(),
                "--to",
                ledger.latest().plusMillis(1).toString(),
                "--format",
                "json",
                "--output",
                file.toString());
        assertThat(run.exit()).as(run.err()).isZero();

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));

        assertThat(json.at("/totals/transfers").asLong())
                .isEqualTo(ledger.planned().size());
        Map<String, List<LedgerFixture.Planned>> routes = ledger.byRoute();
        assertThat(json.at("/routes").size()).isEqualTo(routes.size());
        for (JsonNode route : json.at("/routes")) {
            List<LedgerFixture.Planned> expected = routes.get(route.get("origin")
                            .asText() + ">" + route.get("destination").asText());
            assertThat(expected).as(route.toString()).isNotNull();
            assertThat(route.get("transfers").asLong()).isEqualTo(expected.size());
            assertThat(route.get("denied").asLong())
                    .isEqualTo(expected.stream()
                            .filter(p -> p.decision() == LedgerDecision.DENIED)
                            .count());
            assertThat(route.at("/subjects/estimate").asLong())
                    .isEqualTo(LedgerFixture.distinctSubjects(expected).size());
        }
        Map<String, TransferAlert> alerts = LedgerFixture.distinctAlerts(KAFKA, ledger.topics());
        assertThat(alerts).isNotEmpty();
        alerts.values().stream()
                .map(a -> a.getType().name())
                .distinct()
                .forEach(type -> assertThat(json.at("/alertsByType/" + type).asLong())
                        .as(type)
                        .isEqualTo(alerts.values().stream()
                                .filter(a -> a.getType().name().equals(type))
                                .count()));

        Run earlier =
                run("report", "--from", "2020-01-01", "--to", ledger.earliest().toString(), "--format", "csv");
        assertThat(earlier.exit()).isZero();
        assertThat(earlier.out()).contains("total,2020-01-01T00:00:00Z," + ledger.earliest() + ",,,,,,,0,0,0,0,0,0,0");
    }

    /** The number of the entry at a position of the target partition. */
    private static long sequenceAt(int index) {
        return CODEC.decode(partitions.get(target).get(index).value()).getSequence();
    }

    /** Copies the ledger into a new topic, each partition to the same partition, the target one changed on the way. */
    private static String copy(String name, UnaryOperator<List<byte[]>> tamper) {
        String topic = ledger.topics().prefix() + "copy-" + name;
        KAFKA.createTopic(topic, partitions.size(), Map.of());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            for (var p : partitions.entrySet()) {
                List<byte[]> values =
                        p.getValue().stream().map(ConsumerRecord::value).toList();
                if (p.getKey() == target) {
                    values = tamper.apply(values);
                }
                for (byte[] value : values) {
                    producer.send(new ProducerRecord<>(topic, p.getKey(), null, value))
                            .get(30, TimeUnit.SECONDS);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot copy the ledger to " + topic, e);
        }
        return topic;
    }

    private static Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                ledger.topics().prefix()));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBuffer = new ByteArrayOutputStream();
        ByteArrayOutputStream errBuffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBuffer, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBuffer, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = Main.run(all.toArray(String[]::new));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(exit, outBuffer.toString(StandardCharsets.UTF_8), errBuffer.toString(StandardCharsets.UTF_8));
    }

    private record Run(int exit, String out, String err) {}
}
