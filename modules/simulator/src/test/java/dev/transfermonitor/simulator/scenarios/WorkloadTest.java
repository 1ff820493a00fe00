package dev.transfermonitor.simulator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.emitter.SubjectKeys;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.UtcDays;
import dev.transfermonitor.reference.ReferenceData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The evaluation workload: determinism, order, exact counts, the incidents' shapes and a quiet benign background. */
class WorkloadTest {

    private static final Instant END = Instant.parse("2026-11-27T10:00:00Z");
    private static final WorkloadOptions SMALL =
            WorkloadOptions.defaults(END).withBenignEvents(60_000).withStaffPrincipals(200);
    // Shared: the tests only read them.
    private static final Workload WORKLOAD = Workload.generate(SMALL);
    private static final List<SpecificRecord> EVENTS = collect(WORKLOAD);

    @Test
    void sameOptionsGiveTheSameEvents() {
        Workload again = Workload.generate(SMALL);

        assertThat(collect(again)).isEqualTo(EVENTS);
        assertThat(again.planted()).isEqualTo(WORKLOAD.planted());
    }

    @Test
    void anotherSeedGivesOtherEvents() {
        List<SpecificRecord> other = collect(Workload.generate(SMALL.withSeed(8)));

        assertThat(other.stream().filter(label("benign")).count()).isEqualTo(60_000);
        assertThat(other).isNotEqualTo(EVENTS);
    }

    @Test
    void eventsComeInEventTimeOrderWithinWholeUtcDays() {
        assertThat(WORKLOAD.end()).isEqualTo(Instant.parse("2026-11-27T00:00:00Z"));
        assertThat(WORKLOAD.start()).isEqualTo(WORKLOAD.end().minus(Duration.ofDays(30)));
        Instant previous = WORKLOAD.start();
        for (SpecificRecord event : EVENTS) {
            Instant at = Workload.occurredAt(event);
            assertThat(at).isAfterOrEqualTo(previous).isBefore(WORKLOAD.end());
            previous = at;
        }
    }

    @Test
    void countsAreExactAndIdsUnique() {
        assertThat(EVENTS.stream().filter(label("benign")).count()).isEqualTo(60_000);
        assertThat(EVENTS).hasSize((int) WORKLOAD.totalEvents());
        assertThat(EVENTS.stream().filter(label("benign").negate()).count()).isEqualTo(WORKLOAD.plantedEvents());
        assertThat(EVENTS.stream().map(Workload::eventId).distinct().count()).isEqualTo(EVENTS.size());
        assertThat(EVENTS.stream().map(Workload::scenarioOf).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(union(PlantedScenario.labels(), Set.of("benign")));
    }

    @Test
    void everyIncidentIsPlantedOnceWithTheAlertsItMustRaise() {
        Map<String, Set<AlertType>> expected =
                WORKLOAD.planted().stream().collect(Collectors.toMap(Planted::scenario, Planted::expected));

        assertThat(expected)
                .containsOnly(
                        Map.entry("insider-bulk-export", Set.of(AlertType.VOLUME_BURST, AlertType.BASELINE_DEVIATION)),
                        Map.entry(
                                "low-and-slow",
                                Set.of(
                                        AlertType.SLOW_EXFILTRATION,
                                        AlertType.INACTIVE_IDENTITY,
                                        AlertType.CROSS_BORDER_VIOLATION)),
                        Map.entry("baseline-drift", Set.of(AlertType.BASELINE_DEVIATION)),
                        Map.entry("unauthorized-replication-us", Set.of(AlertType.CROSS_BORDER_VIOLATION)),
                        Map.entry(
                                "departed-employee-key",
                                Set.of(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION)),
                        Map.entry("external-snapshot-share", Set.of(AlertType.EXTERNAL_TRANSFER)));
        for (Planted p : WORKLOAD.planted()) {
            List<SpecificRecord> own =
                    EVENTS.stream().filter(label(p.scenario())).toList();
            assertThat(own).allSatisfy(e -> assertThat(principal(e)).isEqualTo(p.principalId()));
            assertThat(p.start()).isEqualTo(Workload.occurredAt(own.get(0)));
            assertThat(p.end()).isEqualTo(Workload.occurredAt(own.get(own.size() - 1)));
            assertThat(own).extracting(Workload::occurredAt).contains(p.detectableFrom());
        }
    }

    @Test
    void lowAndSlowReadsTwoThousandNewCustomersADayAndNeverMuchAtOnce() {
        List<DataAccessEvent> reads = accesses("low-and-slow");
        Map<Long, Set<String>> keysByDay = new TreeMap<>();
        for (DataAccessEvent read : reads) {
            assertThat(read.getRecordCount()).isBetween(1L, 20L).isEqualTo((long)
                    read.getSubjectKeys().size());
            assertThat(read.getClientIp()).startsWith("203.0.113.");
            assertThat(read.getCredentialId()).isEqualTo("key-emp-2040-api");
            keysByDay
                    .computeIfAbsent(day(read.getOccurredAt()), d -> new HashSet<>())
                    .addAll(read.getSubjectKeys());
        }
        assertThat(keysByDay).hasSize(10);
        assertThat(keysByDay.values()).allSatisfy(keys -> assertThat(keys).hasSize(2_000));
        assertThat(keysByDay.values().stream().mapToLong(Set::size).sum())
                .isEqualTo(keysByDay.values().stream()
                        .flatMap(Set::stream)
                        .distinct()
                        .count());
        assertThat(maxInTenMinutes(reads)).isLessThan(5_000);
    }

    @Test
    void lowAndSlowIsDetectableAtTheReadThatBringsTheTrueCountToTenThousand() {
        Set<String> seen = new HashSet<>();
        Instant crossing = null;
        for (SpecificRecord event : EVENTS) {
            if (event instanceof DataAccessEvent read && "key-emp-2040-api".equals(read.getCredentialId())) {
                seen.addAll(read.getSubjectKeys());
                if (crossing == null && seen.size() >= 10_000) {
                    crossing = read.getOccurredAt();
                }
            }
        }
        Planted lowAndSlow = planted("low-and-slow");

        assertThat(lowAndSlow.detectableFrom()).isEqualTo(crossing);
        // The departed key's earlier exports count too, so it crosses on the fifth day, before its end.
        assertThat(day(crossing) - day(lowAndSlow.start())).isEqualTo(4);
    }

    @Test
    void aHigherSlowThresholdMakesTheKeyReadLongerAndTheSpanLonger() {
        RuleModel stricter = new RuleModel(
                Duration.ofMinutes(10),
                new RuleModel.Limit(500_000, 0),
                Map.of("PERSONAL", new RuleModel.Limit(150_000, 0)),
                25_000,
                30,
                28,
                7,
                6.0,
                20_000,
                Set.of("svc-analytics"),
                Set.of("backup-*", "etl-orders-to-bq-*"));
        Workload longer = Workload.generate(SMALL.withModel(stricter));
        Planted lowAndSlow = longer.planted().stream()
                .filter(p -> p.scenario().equals("low-and-slow"))
                .findFirst()
                .orElseThrow();

        assertThat(Workload.minimumDays(RuleModel.defaults())).isEqualTo(12);
        assertThat(Workload.minimumDays(stricter)).isEqualTo(20);
        assertThat(day(lowAndSlow.end()) - day(lowAndSlow.start())).isEqualTo(17);
        assertThat(day(lowAndSlow.detectableFrom()) - day(lowAndSlow.start())).isEqualTo(12);
        assertThatThrownBy(() -> Workload.generate(SMALL.withModel(stricter).withDays(19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 20 days");
    }

    @Test
    void theInsiderExportsTwoHundredThousandRecordsInFiveMinutes() {
        List<DataAccessEvent> exports = accesses("insider-bulk-export");
        Planted insider = planted("insider-bulk-export");

        assertThat(exports.stream().mapToLong(DataAccessEvent::getRecordCount).sum())
                .isEqualTo(200_000);
        assertThat(Duration.between(insider.start(), insider.end())).isLessThanOrEqualTo(Duration.ofMinutes(5));
        long before = 0;
        for (DataAccessEvent export : exports) {
            if (export.getOccurredAt().equals(insider.detectableFrom())) {
                assertThat(before).isLessThan(50_000);
                assertThat(before + export.getRecordCount()).isGreaterThanOrEqualTo(50_000);
            }
            before += export.getRecordCount();
        }
    }

    @Test
    void theReportingServiceDriftsForThreeDaysWithoutABurst() {
        List<DataAccessEvent> reads = accesses("baseline-drift");
        Map<Long, Long> perDay = new TreeMap<>();
        reads.forEach(r -> perDay.merge(day(r.getOccurredAt()), r.getRecordCount(), Long::sum));
        List<Long> totals = new ArrayList<>(perDay.values());
        Planted drift = planted("baseline-drift");

        assertThat(totals).hasSize(23);
        assertThat(totals.subList(0, 20)).allSatisfy(t -> assertThat(t).isBetween(9_000L, 11_000L));
        assertThat(totals.subList(20, 23)).allSatisfy(t -> assertThat(t).isBetween(140_000L, 160_000L));
        assertThat(maxInTenMinutes(reads)).isLessThan(50_000);
        assertThat(day(drift.detectableFrom()))
                .isEqualTo(day(reads.get(reads.size() - 1).getOccurredAt()) - 2);
        long sameDayBefore = reads.stream()
                .filter(r -> day(r.getOccurredAt()) == day(drift.detectableFrom())
                        && r.getOccurredAt().isBefore(drift.detectableFrom()))
                .mapToLong(DataAccessEvent::getRecordCount)
                .sum();
        assertThat(sameDayBefore).isLessThan(20_000);
    }

    @Test
    void theResidencyIncidentsLookLikeTheSimulatorOnes() {
        assertThat(replications("unauthorized-replication-us")).hasSize(3).allSatisfy(r -> {
            assertThat(r.getKind()).isEqualTo(ReplicationKind.REPLICA);
            assertThat(r.getDestinationRegion()).isEqualTo("aws:us-east-1");
            assertThat(r.getRecordCount()).isLessThan(50_000 / 3);
        });
        assertThat(accesses("departed-employee-key"))
                .hasSize(3)
                .allSatisfy(a -> assertThat(a.getClientIp()).isEqualTo("203.0.113.77"));
        assertThat(replications("external-snapshot-share")).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
            assertThat(r.getDestinationAccount()).isEqualTo("999988887777");
        });
    }

    @Test
    void subjectKeysAreKeyedHashesOfSyntheticCustomers() {
        Set<String> all = new HashSet<>();
        SubjectKeys keys = SubjectKeys.withSecret(EventKit.demoSecret());
        for (int n = 0; n < EventKit.CUSTOMERS; n++) {
            all.add(keys.key("cust-" + n));
        }
        Set<String> used = EVENTS.stream()
                .filter(e -> e instanceof DataAccessEvent)
                .flatMap(e -> ((DataAccessEvent) e).getSubjectKeys().stream())
                .collect(Collectors.toSet());

        assertThat(used).hasSizeGreaterThan(20_000);
        used.removeAll(all); // plain set arithmetic: AssertJ's containsAll compares pairwise
        assertThat(used).isEmpty();
    }

    @Test
    void benignTrafficStaysUnderEveryExfiltrationThreshold() {
        assertThat(new RuleMirror(RuleModel.defaults(), WORKLOAD.assetClasses())
                        .run(EVENTS.stream().filter(label("benign")).toList()))
                .isEmpty();
    }

    @Test
    void otherSeedsAndSpansAreJustAsQuietAndPlantTheSameIncidents() {
        Map<String, Set<AlertType>> expected =
                WORKLOAD.planted().stream().collect(Collectors.toMap(Planted::scenario, Planted::expected));
        for (WorkloadOptions options : List.of(
                SMALL.withSeed(1),
                SMALL.withSeed(42),
                SMALL.withSeed(3).withDays(12),
                SMALL.withSeed(4).withDays(60).withBenignEvents(100_000),
                SMALL.withEnd(Instant.parse("2027-03-01T23:59:59Z")))) {
            Workload other = Workload.generate(options);
            List<SpecificRecord> events = collect(other);

            assertThat(other.planted().stream().collect(Collectors.toMap(Planted::scenario, Planted::expected)))
                    .as("seed %d, %d days", options.seed(), options.days())
                    .isEqualTo(expected);
            assertThat(new RuleMirror(RuleModel.defaults(), other.assetClasses())
                            .run(events.stream().filter(label("benign")).toList()))
                    .as("seed %d, %d days", options.seed(), options.days())
                    .isEmpty();
        }
    }

    @Test
    void theNightlyJobsAreQuietOnlyBecauseTheyAreAllowlisted() {
        RuleModel noAllowlist = RuleModel.defaults().withAllowlist(Set.of(), Set.of());

        List<RuleMirror.Firing> firings = new RuleMirror(noAllowlist, WORKLOAD.assetClasses())
                .run(EVENTS.stream().filter(label("benign")).toList());

        Set<String> entities =
                firings.stream().map(f -> f.alertKey().split("\\|")[1]).collect(Collectors.toSet());
        assertThat(entities)
                .contains("c:svc-analytics/key-svc-analytics", "c:svc-etl/key-svc-etl")
                .allMatch(e -> e.contains("svc-analytics") || e.contains("svc-etl") || e.contains("svc-backup"));
        assertThat(firings)
                .extracting(RuleMirror.Firing::type)
                .contains(AlertType.VOLUME_BURST, AlertType.SLOW_EXFILTRATION);
    }

    @Test
    void referenceDataKnowsEveryPrincipalAndCredential() {
        List<ReferenceData.Loaded> reference = WORKLOAD.reference();
        Set<String> principals = ReferenceData.<Principal>valuesOf(reference, RecordKind.PRINCIPAL).stream()
                .map(Principal::getPrincipalId)
                .collect(Collectors.toSet());
        Set<String> credentials = ReferenceData.<Credential>valuesOf(reference, RecordKind.CREDENTIAL).stream()
                .map(Credential::getCredentialId)
                .collect(Collectors.toSet());

        assertThat(principals)
                .containsAll(EVENTS.stream().map(WorkloadTest::principal).collect(Collectors.toSet()));
        assertThat(credentials)
                .containsAll(EVENTS.stream().map(WorkloadTest::credential).collect(Collectors.toSet()));
        assertThat(principals)
                .contains("emp-50000", "emp-50199", "svc-reporting")
                .doesNotContain("emp-50200");
    }

    @Test
    void aSubsetOfScenariosPlantsOnlyThose() {
        Workload only =
                Workload.generate(SMALL.withScenarios(Set.of("low-and-slow")).withBenignEvents(0));

        assertThat(only.planted()).extracting(Planted::scenario).containsExactly("low-and-slow");
        assertThat(collect(only)).hasSize((int) only.plantedEvents()).allMatch(label("low-and-slow"));
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> SMALL.withDays(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("days");
        assertThatThrownBy(() -> SMALL.withBenignEvents(1_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nightly jobs");
        assertThatThrownBy(() -> SMALL.withScenarios(Set.of("nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("low-and-slow");
        assertThatThrownBy(() -> SMALL.withStaffPrincipals(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMillionBenignEventsStreamThroughTheDefaultHeapAndStayQuiet() {
        Workload full = Workload.generate(WorkloadOptions.defaults(END));
        RuleMirror mirror = new RuleMirror(full.options().model(), full.assetClasses());
        List<RuleMirror.Firing> benignFirings = new ArrayList<>();
        Map<String, Set<String>> subjectsByStaff = new HashMap<>();
        long[] counts = new long[2];

        full.forEach(event -> {
            counts[0]++;
            if ("benign".equals(Workload.scenarioOf(event))) {
                counts[1]++;
                mirror.accept(event, benignFirings::add);
                if (event instanceof DataAccessEvent read
                        && read.getPrincipalId().startsWith("emp-")) {
                    subjectsByStaff
                            .computeIfAbsent(read.getPrincipalId(), p -> new HashSet<>())
                            .addAll(read.getSubjectKeys());
                }
            }
        });

        assertThat(counts[1]).isEqualTo(1_000_000);
        assertThat(counts[0]).isEqualTo(full.totalEvents());
        assertThat(benignFirings).isEmpty();
        assertThat(subjectsByStaff).hasSize(2_013);
        assertThat(subjectsByStaff.values())
                .allSatisfy(s -> assertThat(s.size()).isBetween(50, BenignTraffic.MAX_PORTFOLIO));
    }

    private static List<SpecificRecord> collect(Workload workload) {
        List<SpecificRecord> events = new ArrayList<>();
        workload.forEach(events::add);
        return events;
    }

    private static Predicate<SpecificRecord> label(String label) {
        return e -> label.equals(Workload.scenarioOf(e));
    }

    private static Planted planted(String scenario) {
        return WORKLOAD.planted().stream()
                .filter(p -> p.scenario().equals(scenario))
                .findFirst()
                .orElseThrow();
    }

    private static List<DataAccessEvent> accesses(String scenario) {
        return EVENTS.stream()
                .filter(label(scenario))
                .map(DataAccessEvent.class::cast)
                .toList();
    }

    private static List<ReplicationEvent> replications(String scenario) {
        return EVENTS.stream()
                .filter(label(scenario))
                .map(ReplicationEvent.class::cast)
                .toList();
    }

    private static String principal(SpecificRecord e) {
        return e instanceof DataAccessEvent a ? a.getPrincipalId() : ((ReplicationEvent) e).getPrincipalId();
    }

    private static String credential(SpecificRecord e) {
        return e instanceof DataAccessEvent a ? a.getCredentialId() : ((ReplicationEvent) e).getCredentialId();
    }

    private static long day(Instant at) {
        return Math.floorDiv(at.toEpochMilli(), UtcDays.DAY_MS);
    }

    /** The most records in any ten consecutive minutes. */
    private static long maxInTenMinutes(List<DataAccessEvent> reads) {
        Map<Long, Long> perMinute = new TreeMap<>();
        reads.forEach(r -> perMinute.merge(
                Math.floorDiv(r.getOccurredAt().toEpochMilli(), EventKit.MINUTE_MS), r.getRecordCount(), Long::sum));
        long max = 0;
        for (long minute : perMinute.keySet()) {
            long sum = 0;
            for (long m = minute; m < minute + 10; m++) {
                sum += perMinute.getOrDefault(m, 0L);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
