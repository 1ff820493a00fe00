package dev.transfermonitor.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.app.Console;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.TestSetup;
import dev.transfermonitor.app.TopicReader;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.SettingsRegistry;
import dev.transfermonitor.app.kafka.RecordSender;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's sample logs (samples/ at the repository root: real records of each vendor's
 * format retold for the sample company, see samples/NOTICE) on the real broker with the sample
 * company's reference data, through {@code ingest} and through the raw topics: exactly the
 * alerts their planted incidents call for, and every record accounted for.
 */
class SampleLogsIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    /** The module runs its tests from modules/app. */
    static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    static final List<String> SOURCES = List.of("gcp-audit", "azure-storage", "azure-activity", "pgaudit", "snowflake");

    /**
     * Records per source, and how many of them map to events (the rest are connection lines, a
     * Start record and Snowflake logins).
     */
    static final Map<String, long[]> RECORDS = Map.of(
            "gcp-audit", new long[] {26, 26},
            "azure-storage", new long[] {48, 48},
            "azure-activity", new long[] {3, 2},
            "pgaudit", new long[] {459, 361},
            "snowflake", new long[] {31, 23});

    /** The planted incidents, by principal; the benign reads around them raise nothing. */
    static final Map<String, Set<AlertType>> EXPECTED = Map.ofEntries(
            // gcp-audit: a BigQuery extract of the Seoul CRM dataset to a bucket in the US multi-region
            Map.entry("emp-1006", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
            // gcp-audit: allUsers made a reader of the Seoul export bucket
            Map.entry("emp-1008", Set.of(AlertType.EXTERNAL_TRANSFER)),
            // gcp-audit: an outside agency's account made a reader of it (a colleague's grant raises nothing)
            Map.entry("emp-1010", Set.of(AlertType.EXTERNAL_TRANSFER)),
            // gcp-audit: a snapshot of a CRM replica disk stored in the US multi-region
            Map.entry("emp-1009", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
            // gcp-audit: the customers table copied into a dataset in the ASIA multi-region
            Map.entry("emp-1011", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
            // azure-activity: a download URL for a CRM database disk (to anyone who holds it)
            Map.entry("emp-1005", Set.of(AlertType.EXTERNAL_TRANSFER, AlertType.UNKNOWN_LOCATION)),
            // azure-activity: a snapshot of the same disk copied to a US region (CopyStart)
            Map.entry("emp-1012", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
            // azure-storage: the container's SAS token used from a hosting provider in the Netherlands
            Map.entry("sas:hanbitcrmkr", Set.of(AlertType.CROSS_BORDER_VIOLATION, AlertType.INACTIVE_IDENTITY)),
            // pgaudit: COPY of the customer table from an address in no known network, far above the role's usual day
            Map.entry("emp-1003", Set.of(AlertType.UNKNOWN_LOCATION, AlertType.BASELINE_DEVIATION)),
            // pgaudit: the reporting role's daily rows drift from about 10,000 to about 150,000
            Map.entry("svc-crm-reporting", Set.of(AlertType.BASELINE_DEVIATION)),
            // snowflake: the CRM customer table unloaded to the marketing lake's bucket in Virginia
            Map.entry("emp-1007", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
            // snowflake: the Seoul account replicated to a US region (an account of the company's own organization)
            Map.entry("svc-snowflake", Set.of(AlertType.CROSS_BORDER_VIOLATION)));

    @TempDir
    Path dir;

    private final DetectionMetrics metrics = DetectionMetrics.inMemory();
    private Monitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
    }

    /** As the sandbox runs, as the README's walk-through does: the sample company's rules file. */
    private Topics start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put(SettingsRegistry.RULES_FILE.key(), MonitorConfig.SAMPLE_RULES);
        Topics topics = KAFKA.newTopics(3);
        SOURCES.forEach(s -> KAFKA.createTopic(topics.source(s), 2, Map.of()));
        TestSetup.loadSampleCompany(KAFKA, topics);
        monitor = new Monitor(
                TestSetup.monitorConfig(
                        KAFKA, topics, TestSetup.applicationId("samples", topics), dir.resolve("state"), settings),
                metrics);
        monitor.start(Duration.ofSeconds(60));
        return topics;
    }

    @Test
    void eachSourcesSamplesThroughIngest() {
        Topics topics = start(Map.of());
        for (String source : SOURCES) {
            int[] exit = {-1};
            String out = Console.out(() -> exit[0] = Main.run(new String[] {
                "ingest",
                source,
                SAMPLES.resolve(source).toString(),
                "--bootstrap-servers",
                KAFKA.bootstrapServers(),
                "--topic-prefix",
                topics.prefix()
            }));
            long[] counts = RECORDS.get(source);
            assertThat(exit[0]).as(out).isZero();
            assertThat(out)
                    .as(source)
                    .contains(String.format("Read %,d %s record(s)", counts[0], source))
                    .contains(String.format(
                            "%,d mapped into %,d event(s), %,d ignored, 0 failed call(s), 0 invalid",
                            counts[1], counts[1], counts[0] - counts[1]));
        }
        assertTheIncidentsAlert(topics);
    }

    @Test
    void theSameSamplesThroughTheRawTopics() throws IOException {
        Topics topics = start(Map.of(SettingsRegistry.SOURCES.key(), String.join(",", SOURCES)));
        try (RecordSender sender = new RecordSender(
                TestSetup.monitorConfig(KAFKA, topics, "raw-producer", dir.resolve("unused")), "raw")) {
            for (String source : SOURCES) {
                // One key per source keeps its records in order, as one log shipper per file would.
                for (String batch : batches(SAMPLES.resolve(source))) {
                    sender.send(topics.source(source), source, batch.getBytes(StandardCharsets.UTF_8));
                }
            }
            sender.flush();
        }
        for (String source : SOURCES) {
            long[] counts = RECORDS.get(source);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(sourceCount(source, "mapped") + sourceCount(source, "ignored"))
                            .as(source)
                            .isEqualTo((double) counts[0]));
            assertThat(sourceCount(source, "mapped")).as(source).isEqualTo((double) counts[1]);
            assertThat(sourceCount(source, "invalid") + sourceCount(source, "failed"))
                    .as(source)
                    .isZero();
        }
        assertTheIncidentsAlert(topics);
    }

    /** Each file's lines in batches of 50, as a shipper forwards a file (no record spans lines here). */
    private static List<String> batches(Path dir) throws IOException {
        List<String> batches = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (file.getFileName().toString().equals("NOTICE")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int from = 0; from < lines.size(); from += 50) {
                    batches.add(String.join("\n", lines.subList(from, Math.min(lines.size(), from + 50))) + "\n");
                }
            }
        }
        return batches;
    }

    private void assertTheIncidentsAlert(Topics topics) {
        long events = RECORDS.values().stream().mapToLong(c -> c[1]).sum();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(total("transfer.events", "outcome", "processed"))
                        .isEqualTo((double) events));
        assertThat(total("transfer.events", "outcome", "dlq")).isZero();
        List<TransferAlert> alerts = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            alerts.clear();
            TopicReader.readToEnd(KAFKA.consumerConfig(null), topics.alerts())
                    .forEach(r -> alerts.add(AvroCodec.of(TransferAlert.class).decode(r.value())));
            assertThat(alerts.stream()
                            .collect(Collectors.groupingBy(
                                    TransferAlert::getPrincipalId,
                                    Collectors.mapping(TransferAlert::getType, Collectors.toSet()))))
                    .isEqualTo(EXPECTED);
        });
        assertThat(alerts)
                .filteredOn(a -> a.getPrincipalId().equals("emp-1006"))
                .allSatisfy(a -> {
                    assertThat(a.getOriginJurisdiction()).isEqualTo("KR");
                    assertThat(a.getDestinationJurisdiction()).isEqualTo("US");
                    assertThat(a.getSummary()).contains("gcp:us");
                });
        assertThat(alerts)
                .filteredOn(a -> a.getPrincipalId().equals("emp-1007")
                        || (a.getPrincipalId().equals("svc-snowflake")
                                && a.getType() == AlertType.CROSS_BORDER_VIOLATION))
                .allSatisfy(a -> {
                    assertThat(a.getOriginJurisdiction()).isEqualTo("KR");
                    assertThat(a.getDestinationJurisdiction()).isEqualTo("US");
                    assertThat(a.getSummary()).contains("aws:ap-northeast-2", "aws:us-east-1");
                })
                .extracting(TransferAlert::getPrincipalId)
                .contains("emp-1007", "svc-snowflake");
        assertThat(alerts)
                .filteredOn(a -> a.getPrincipalId().equals("emp-1011"))
                .allSatisfy(a -> {
                    assertThat(a.getDestinationJurisdiction())
                            .as("a multi-region is judged by every country it spans")
                            .isEqualTo("HK+ID+IN+JP+KR+SG+TH+TW");
                    assertThat(a.getSummary())
                            .contains("REPLICA to HK, ID, IN, JP, TH, TW (where gcp:asia may hold it)");
                });
        assertThat(alerts)
                .filteredOn(a -> a.getPrincipalId().equals("emp-1008"))
                .allSatisfy(a -> assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL));
        assertThat(alerts)
                .filteredOn(a -> a.getPrincipalId().equals("svc-crm-reporting"))
                .allSatisfy(a -> assertThat(a.getSummary()).contains("against a usual 9,9"));
    }

    private double sourceCount(String source, String outcome) {
        return metrics.count("transfer.source.records", "source", source, "outcome", outcome);
    }

    /** Summed over the other tags (access and replication). */
    private double total(String name, String... tags) {
        return metrics.registry().find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
