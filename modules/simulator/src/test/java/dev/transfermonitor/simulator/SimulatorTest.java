package dev.transfermonitor.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.emitter.SubjectKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The simulator's traffic: determinism, the benign mix, the planted incidents and pacing. */
class SimulatorTest {

    private static final Instant START = Instant.parse("2026-11-27T09:00:00Z");
    private static final Instant END = START.plusSeconds(60);
    private static final Set<String> OWN_ACCOUNTS = Set.of("111111111111", "hanbit-analytics", "hanbit-eu-sub");

    // Shared: the tests only read them, and generating a minute of traffic per test adds up.
    private static final Simulator SIMULATOR = new Simulator(7, SimulatorOptions.defaults());
    private static final List<SpecificRecord> EVENTS = List.copyOf(SIMULATOR.eventsBetween(START, END));

    @Test
    void sameSeedGivesTheSameTraffic() {
        List<SpecificRecord> again = new Simulator(7, SimulatorOptions.defaults()).eventsBetween(START, END);

        assertThat(again).isEqualTo(EVENTS);
    }

    @Test
    void anotherSeedGivesOtherTraffic() {
        List<SpecificRecord> other = new Simulator(8, SimulatorOptions.defaults()).eventsBetween(START, END);

        assertThat(other).hasSameSizeAs(EVENTS);
        assertThat(other.stream().map(SimulatorTest::shape).toList())
                .isNotEqualTo(EVENTS.stream().map(SimulatorTest::shape).toList());
    }

    @Test
    void theSeedArgumentOverridesTheOptions() {
        Simulator viaOptions = new Simulator(SimulatorOptions.defaults().withSeed(7));

        assertThat(viaOptions.eventsBetween(START, END)).isEqualTo(EVENTS);
        assertThat(SIMULATOR.options().seed()).isEqualTo(7);
    }

    @Test
    void aLongerPeriodExtendsAShorterOne() {
        List<SpecificRecord> shorter = SIMULATOR.eventsBetween(START, START.plusSeconds(12));

        assertThat(EVENTS.subList(0, shorter.size())).isEqualTo(shorter);
        assertThat(EVENTS.size()).isGreaterThan(shorter.size());
    }

    @Test
    void benignEventsComeAtTheConfiguredRate() {
        assertThat(benign()).hasSize(60 * 20);
        Simulator slow = new Simulator(
                7, SimulatorOptions.defaults().withEventsPerSecond(2.5).withoutIncidents());
        assertThat(slow.eventsBetween(START, END)).hasSize(150);
    }

    @Test
    void eventsAreInTimeOrderWithinThePeriod() {
        List<Instant> times = EVENTS.stream().map(SimulatorTest::occurredAt).toList();

        assertThat(times).isSorted();
        assertThat(times).allSatisfy(t -> assertThat(t).isBetween(START, END.minusMillis(1)));
        assertThat(times.get(0)).isEqualTo(START);
    }

    @Test
    void everyEventIdIsUnique() {
        List<String> ids = EVENTS.stream().map(SimulatorTest::eventId).toList();
        List<String> laterRun = SIMULATOR.eventsBetween(START.plusMillis(1), END).stream()
                .map(SimulatorTest::eventId)
                .toList();

        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.startsWith("sim-7-"));
        assertThat(laterRun).doesNotContainAnyElementsOf(ids);
    }

    @Test
    void everyEventCarriesItsScenario() {
        assertThat(EVENTS).allSatisfy(e -> assertThat(Scenario.of(e)).isPresent());
        assertThat(EVENTS.stream().map(e -> Scenario.of(e).orElseThrow()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Scenario.values());
    }

    @Test
    void benignMixContainsEveryKindOfBenignTraffic() {
        List<DataAccessEvent> reads = benignAccesses();
        List<ReplicationEvent> copies = benignReplications();

        assertThat(reads).anySatisfy(r -> {
            assertThat(r.getPrincipalId()).matches("emp-10(0[1-9]|1[0-2])");
            assertThat(r.getCredentialId()).isEqualTo("sso-" + r.getPrincipalId());
            assertThat(r.getAssetId()).isEqualTo("crm-db-seoul");
            assertThat(r.getClientIp()).startsWith("10.");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.getPrincipalId()).startsWith("emp-10");
            assertThat(r.getAssetId()).isEqualTo("orders-db-seoul");
            assertThat(r.getClientIp()).startsWith("211.234.");
        });
        assertThat(reads.stream()
                        .filter(r -> r.getPrincipalId().startsWith("emp-10"))
                        .map(DataAccessEvent::getPrincipalId)
                        .distinct()
                        .count())
                .isEqualTo(12);
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.getPrincipalId()).isEqualTo("emp-3001");
            assertThat(r.getCredentialId()).isEqualTo("sso-emp-3001");
            assertThat(r.getAssetId()).isEqualTo("crm-db-seoul");
            assertThat(r.getClientIp()).startsWith("198.51.100.");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.getPrincipalId()).isEqualTo("svc-orders-api");
            assertThat(r.getAssetId()).isEqualTo("orders-db-seoul");
            assertThat(r.getClientCountry()).isEqualTo("KR");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.getPrincipalId()).isEqualTo("svc-analytics");
            assertThat(r.getAssetId()).isEqualTo("telemetry-lake-virginia");
            assertThat(r.getSubjectKeys()).isEmpty();
        });
        for (String source : List.of("crm-db-seoul", "orders-db-seoul")) {
            assertThat(copies).anySatisfy(c -> {
                assertThat(c.getPrincipalId()).isEqualTo("svc-backup");
                assertThat(c.getKind()).isEqualTo(ReplicationKind.BACKUP);
                assertThat(c.getSourceAssetId()).isEqualTo(source);
                assertThat(c.getDestinationAssetId()).isEqualTo("backup-vault-singapore");
            });
        }
        assertThat(copies).anySatisfy(c -> {
            assertThat(c.getPrincipalId()).isEqualTo("svc-etl");
            assertThat(c.getKind()).isEqualTo(ReplicationKind.ETL);
            assertThat(c.getSourceAssetId()).isEqualTo("orders-db-seoul");
            assertThat(c.getDestinationAssetId()).isEqualTo("analytics-bq-seoul");
        });
    }

    @Test
    void backupsComeEveryThreeSecondsAndEtlEveryFive() {
        List<ReplicationEvent> copies = benignReplications();

        assertThat(copies.stream().filter(c -> c.getKind() == ReplicationKind.BACKUP))
                .hasSize(20);
        assertThat(copies.stream().filter(c -> c.getKind() == ReplicationKind.ETL))
                .hasSize(12);
        assertThat(copies).extracting(ReplicationEvent::getJobId).doesNotHaveDuplicates();
    }

    @Test
    void benignReadsHaveRealisticSizesAndPseudonymousKeys() {
        Set<String> customerKeys = IntStream.range(0, Simulator.CUSTOMERS)
                .mapToObj(n -> SubjectKeys.pseudonymize(Simulator.demoSecret(), "cust-" + n))
                .collect(Collectors.toSet());

        assertThat(benignAccesses()).allSatisfy(r -> {
            assertThat(r.getRecordCount()).isBetween(1L, 200L);
            assertThat(r.getByteCount()).isBetween(r.getRecordCount() * 1024, r.getRecordCount() * 4096);
            if (!r.getAssetId().equals("telemetry-lake-virginia")) {
                assertThat(r.getSubjectKeys())
                        .hasSize((int) Math.min(r.getRecordCount(), Simulator.MAX_SUBJECT_KEYS))
                        .doesNotHaveDuplicates()
                        .allMatch(customerKeys::contains)
                        .noneMatch(k -> k.contains("cust-"));
            }
        });
        assertThat(benignAccesses()).anyMatch(r -> r.getSubjectKeys().size() == Simulator.MAX_SUBJECT_KEYS);
    }

    @Test
    void benignTrafficNeverLooksLikeAnIncident() {
        assertThat(benignAccesses()).allSatisfy(r -> {
            assertThat(r.getPrincipalId()).isNotIn("emp-2040", "emp-2077");
            assertThat(r.getCredentialId()).isNotIn("key-emp-2040-api", "sso-emp-2040", "key-svc-etl-old");
            assertThat(r.getAuthMethod()).isNotEqualTo(AuthMethod.API_KEY);
            assertThat(r.getAction()).isNotEqualTo(AccessAction.EXPORT);
            if (!r.getAssetId().equals("telemetry-lake-virginia")) {
                assertThat(r.getAssetId()).isIn("crm-db-seoul", "orders-db-seoul");
                assertThat(allowedClient(r)).as("client of %s", r.getEventId()).isTrue();
            }
        });
        assertThat(benignReplications()).allSatisfy(c -> {
            assertThat(c.getPrincipalId()).isNotIn("emp-2040", "emp-2077");
            assertThat(c.getKind()).isIn(ReplicationKind.BACKUP, ReplicationKind.ETL);
            assertThat(c.getDestinationAccount() == null || OWN_ACCOUNTS.contains(c.getDestinationAccount()))
                    .isTrue();
            assertThat(c.getDestinationRegion()).isNotEqualTo("aws:us-east-1");
            assertThat(c.getDestinationAssetId()).isIn("backup-vault-singapore", "analytics-bq-seoul");
        });
    }

    @Test
    void unauthorizedReplicationIsPlantedAsSpecified() {
        List<ReplicationEvent> planted = plantedReplications(Scenario.UNAUTHORIZED_REPLICATION_US);

        assertThat(planted)
                .extracting(SimulatorTest::occurredAt)
                .containsExactly(START.plusSeconds(5), START.plusSeconds(7), START.plusSeconds(9));
        assertThat(planted).allSatisfy(c -> {
            assertThat(c.getPrincipalId()).isEqualTo("svc-etl");
            assertThat(c.getCredentialId()).isEqualTo("key-svc-etl");
            assertThat(c.getKind()).isEqualTo(ReplicationKind.REPLICA);
            assertThat(c.getSourceAssetId()).isEqualTo("crm-db-seoul");
            assertThat(c.getDestinationAssetId()).isEqualTo("marketing-lake-virginia");
            assertThat(c.getDestinationRegion()).isEqualTo("aws:us-east-1");
            assertThat(c.getDestinationAccount()).isNull();
            assertThat(c.getRecordCount()).isPositive();
        });
        assertThat(planted).extracting(ReplicationEvent::getJobId).doesNotHaveDuplicates();
    }

    @Test
    void departedEmployeeKeyIsPlantedAsSpecified() {
        List<DataAccessEvent> planted = EVENTS.stream()
                .filter(e -> Scenario.of(e).orElseThrow() == Scenario.DEPARTED_EMPLOYEE_KEY)
                .map(DataAccessEvent.class::cast)
                .toList();

        assertThat(planted)
                .extracting(SimulatorTest::occurredAt)
                .containsExactly(START.plusSeconds(10), START.plusSeconds(12), START.plusSeconds(14));
        assertThat(planted).allSatisfy(r -> {
            assertThat(r.getPrincipalId()).isEqualTo("emp-2040");
            assertThat(r.getCredentialId()).isEqualTo("key-emp-2040-api");
            assertThat(r.getAuthMethod()).isEqualTo(AuthMethod.API_KEY);
            assertThat(r.getAction()).isEqualTo(AccessAction.EXPORT);
            assertThat(r.getAssetId()).isEqualTo("crm-db-seoul");
            assertThat(r.getClientIp()).isEqualTo("203.0.113.77");
            assertThat(r.getClientCountry()).isNull();
            assertThat(r.getRecordCount()).isBetween(200L, 500L);
            assertThat(r.getSubjectKeys()).hasSize(Simulator.MAX_SUBJECT_KEYS).doesNotHaveDuplicates();
        });
    }

    @Test
    void externalSnapshotShareIsPlantedAsSpecified() {
        List<ReplicationEvent> planted = plantedReplications(Scenario.EXTERNAL_SNAPSHOT_SHARE);

        assertThat(planted)
                .extracting(SimulatorTest::occurredAt)
                .containsExactly(START.plusSeconds(15), START.plusSeconds(17), START.plusSeconds(19));
        assertThat(planted).allSatisfy(c -> {
            assertThat(c.getPrincipalId()).isEqualTo("emp-1007");
            assertThat(c.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
            assertThat(c.getSourceAssetId()).isEqualTo("orders-db-seoul");
            assertThat(c.getDestinationAccount()).isEqualTo("999988887777");
            assertThat(c.getDestinationRegion()).isEqualTo("aws:ap-northeast-2");
            assertThat(c.getDestinationAssetId()).isNull();
        });
    }

    @Test
    void incidentOffsetsAndRepeatsAreConfigurable() {
        SimulatorOptions options = SimulatorOptions.defaults()
                .withIncidentOffsets(Duration.ofSeconds(3), Duration.ofMillis(1500), Duration.ZERO)
                .withIncidentRepeats(2, Duration.ofMillis(250));
        List<SpecificRecord> traffic = new Simulator(7, options).eventsBetween(START, START.plusSeconds(4));

        Map<Scenario, List<Instant>> times = traffic.stream()
                .filter(e -> Scenario.of(e).orElseThrow() != Scenario.BENIGN)
                .collect(Collectors.groupingBy(
                        e -> Scenario.of(e).orElseThrow(),
                        Collectors.mapping(SimulatorTest::occurredAt, Collectors.toList())));
        assertThat(times)
                .containsOnly(
                        Map.entry(
                                Scenario.UNAUTHORIZED_REPLICATION_US,
                                List.of(START.plusMillis(3000), START.plusMillis(3250))),
                        Map.entry(
                                Scenario.DEPARTED_EMPLOYEE_KEY,
                                List.of(START.plusMillis(1500), START.plusMillis(1750))),
                        Map.entry(Scenario.EXTERNAL_SNAPSHOT_SHARE, List.of(START, START.plusMillis(250))));
    }

    @Test
    void incidentsAfterTheEndAreNotEmitted() {
        List<SpecificRecord> early = SIMULATOR.eventsBetween(START, START.plusSeconds(11));

        assertThat(early.stream().filter(isScenario(Scenario.UNAUTHORIZED_REPLICATION_US)))
                .hasSize(3);
        assertThat(early.stream().filter(isScenario(Scenario.DEPARTED_EMPLOYEE_KEY)))
                .hasSize(1);
        assertThat(early.stream().filter(isScenario(Scenario.EXTERNAL_SNAPSHOT_SHARE)))
                .isEmpty();
    }

    @Test
    void movingAnIncidentLeavesTheBenignTrafficAlone() {
        SimulatorOptions moved = SimulatorOptions.defaults()
                .withIncidentOffsets(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
        List<SpecificRecord> other = new Simulator(7, moved).eventsBetween(START, END);

        assertThat(benignShapes(other)).isEqualTo(benignShapes(EVENTS));
    }

    @Test
    void withoutIncidentsAllTrafficIsBenign() {
        List<SpecificRecord> traffic =
                new Simulator(7, SimulatorOptions.defaults().withoutIncidents()).eventsBetween(START, END);

        assertThat(traffic).hasSize(1200).allMatch(isScenario(Scenario.BENIGN));
    }

    @Test
    void anEmptyPeriodHasNoEventsAndAReversedOneIsRejected() {
        assertThat(SIMULATOR.eventsBetween(START, START)).isEmpty();
        assertThatThrownBy(() -> SIMULATOR.eventsBetween(END, START))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before start");
    }

    @Test
    void runEmitsTheSameTimelineWhenPacedByAClock() {
        CollectingSink sink = new CollectingSink();
        // Each read of this clock passes the next due time, so the run never has to park.
        Clock clock = new SteppingClock(START, Duration.ofMillis(100));

        SIMULATOR.run(sink, clock, Duration.ofSeconds(30), () -> true);

        assertThat(sink.events).isEqualTo(new ArrayList<Object>(SIMULATOR.eventsBetween(START, START.plusSeconds(30))));
        assertThat(sink.flushes).hasValue(1);
    }

    @Test
    void runWaitsForTheClockAndStopsWhenAsked() {
        CollectingSink sink = new CollectingSink();
        AtomicInteger checks = new AtomicInteger();

        // The clock never moves: only the event due at the start may go out.
        SIMULATOR.run(
                sink, Clock.fixed(START, ZoneOffset.UTC), Duration.ofHours(1), () -> checks.incrementAndGet() < 4);

        assertThat(sink.events).hasSize(1);
        assertThat(checks).hasValue(4);
        assertThat(sink.flushes).hasValue(1);
    }

    @Test
    void runStopsAfterTheEventsAlreadyAccepted() {
        CollectingSink sink = new CollectingSink();

        SIMULATOR.run(
                sink,
                new SteppingClock(START, Duration.ofMillis(100)),
                Duration.ofHours(1),
                () -> sink.events.size() < 25);

        assertThat(sink.events).hasSize(25);
    }

    @Test
    void runStopsPromptlyWhenInterrupted() {
        CollectingSink sink = new CollectingSink();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread runner = new Thread(
                () -> {
                    SIMULATOR.run(sink, Clock.systemUTC(), Duration.ofHours(1), () -> true);
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                },
                "simulator-under-test");
        runner.start();
        await().until(() -> !sink.events.isEmpty());

        runner.interrupt();

        await().until(() -> !runner.isAlive());
        assertThat(stillInterrupted).isTrue();
        assertThat(sink.flushes).hasValue(0);
    }

    @Test
    void runRejectsANegativeDuration() {
        assertThatThrownBy(() ->
                        SIMULATOR.run(new CollectingSink(), Clock.systemUTC(), Duration.ofSeconds(-1), () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration");
    }

    private List<DataAccessEvent> benignAccesses() {
        return benign().stream()
                .filter(DataAccessEvent.class::isInstance)
                .map(DataAccessEvent.class::cast)
                .toList();
    }

    private List<ReplicationEvent> benignReplications() {
        return benign().stream()
                .filter(ReplicationEvent.class::isInstance)
                .map(ReplicationEvent.class::cast)
                .toList();
    }

    private List<SpecificRecord> benign() {
        return EVENTS.stream().filter(isScenario(Scenario.BENIGN)).toList();
    }

    private List<ReplicationEvent> plantedReplications(Scenario scenario) {
        return EVENTS.stream()
                .filter(isScenario(scenario))
                .map(ReplicationEvent.class::cast)
                .toList();
    }

    private static Predicate<SpecificRecord> isScenario(Scenario scenario) {
        return e -> Scenario.of(e).orElseThrow() == scenario;
    }

    /** Corporate network (not the Singapore VPN), Seoul egress, Singapore office or a stated KR. */
    private static boolean allowedClient(DataAccessEvent r) {
        String ip = r.getClientIp();
        if (ip == null) {
            return "KR".equals(r.getClientCountry());
        }
        boolean corp = ip.startsWith("10.") && !ip.startsWith("10.20.");
        boolean singapore = ip.startsWith("198.51.100.") && r.getPrincipalId().equals("emp-3001");
        return corp || ip.startsWith("211.234.") || singapore;
    }

    /** An event without its id, to compare content across runs. */
    private static String shape(SpecificRecord e) {
        return e.toString().replaceFirst("\"eventId\": \"[^\"]*\"", "");
    }

    private static List<String> benignShapes(List<SpecificRecord> traffic) {
        return traffic.stream()
                .filter(isScenario(Scenario.BENIGN))
                .map(SimulatorTest::shape)
                .toList();
    }

    private static Instant occurredAt(SpecificRecord e) {
        return e instanceof DataAccessEvent a ? a.getOccurredAt() : ((ReplicationEvent) e).getOccurredAt();
    }

    private static String eventId(SpecificRecord e) {
        return e instanceof DataAccessEvent a ? a.getEventId() : ((ReplicationEvent) e).getEventId();
    }
}
