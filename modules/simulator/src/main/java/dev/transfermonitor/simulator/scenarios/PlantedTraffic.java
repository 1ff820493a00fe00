package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.UtcDays;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * The planted incidents of a {@link Workload}, laid out on the span of {@code days} days so that
 * each has the history it needs before it and none shares a day with another of the same principal:
 * <pre>
 *   departed-employee-key        day max(0, L - 10), 13:00 UTC
 *   unauthorized-replication-us  day days / 3, 14:00 UTC
 *   external-snapshot-share      day days / 2, 06:00 UTC (15:00 KST)
 *   insider-bulk-export          day 2 * days / 3, 10:30 UTC (19:30 KST, after hours)
 *   low-and-slow                 N days from day L = max(2, days - N - 5), around the clock
 *   baseline-drift               usual from day max(0, days - 23), high on the last three days
 * </pre>
 * N is the days 2,000 new customers a day take to reach the slow-exfiltration threshold, plus
 * five: 10 under the default threshold of 10,000, so the key goes on reading well past it.
 * Only the stateless alert types are fixed here; which volume rules an incident trips, and when,
 * {@link Workload} measures on the generated events.
 */
final class PlantedTraffic {

    /** Days the low-and-slow key goes on reading after the day it crosses the threshold. */
    static final int LOW_AND_SLOW_DAYS_AFTER = 5;

    static final int LOW_AND_SLOW_PER_DAY = 2_000;
    static final int LOW_AND_SLOW_MAX_READ = 20;
    static final int INSIDER_EXPORTS = 40;
    static final int INSIDER_RECORDS_PER_EXPORT = 5_000;
    static final long INSIDER_SPACING_MS = 7_500;
    static final int DRIFT_READS_PER_DAY = 48;
    static final int DRIFT_HIGH_DAYS = 3;
    static final String DEPARTED_KEY_IP = "203.0.113.77";
    /** Coprime with the customer count, so k -> base + k * STEP visits distinct customers. */
    private static final int CUSTOMER_STEP = 7_919;

    private final EventKit kit;
    private final List<Incident> incidents = new ArrayList<>();

    PlantedTraffic(EventKit kit, int days, Set<String> labels, RuleModel model) {
        this.kit = kit;
        int lowDays = lowAndSlowDays(model);
        int lowStart = Math.max(2, days - lowDays - 5);
        if (labels.contains(PlantedScenario.LOW_AND_SLOW.label()) && lowStart + lowDays > days) {
            throw new IllegalArgumentException(String.format(
                    "low-and-slow reads for %d days to cross %,d distinct subjects "
                            + "at %,d a day: give at least %d days",
                    lowDays, model.slowDistinctSubjects(), LOW_AND_SLOW_PER_DAY, Workload.minimumDays(model)));
        }
        for (PlantedScenario scenario : PlantedScenario.values()) {
            if (!labels.contains(scenario.label())) {
                continue;
            }
            incidents.add(
                    switch (scenario) {
                        case INSIDER_BULK_EXPORT ->
                            new Incident(
                                    scenario,
                                    "emp-1003",
                                    "sso-emp-1003",
                                    Set.of(),
                                    AlertType.VOLUME_BURST,
                                    2 * days / 3,
                                    2 * days / 3,
                                    this::insiderExport);
                        case LOW_AND_SLOW ->
                            new Incident(
                                    scenario,
                                    "emp-2040",
                                    "key-emp-2040-api",
                                    Set.of(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION),
                                    AlertType.SLOW_EXFILTRATION,
                                    lowStart,
                                    lowStart + lowDays - 1,
                                    this::lowAndSlow);
                        case BASELINE_DRIFT ->
                            new Incident(
                                    scenario,
                                    "svc-reporting",
                                    "key-svc-reporting",
                                    Set.of(),
                                    AlertType.BASELINE_DEVIATION,
                                    Math.max(0, days - 23),
                                    days - 1,
                                    this::drift);
                        case UNAUTHORIZED_REPLICATION_US ->
                            new Incident(
                                    scenario,
                                    "svc-etl",
                                    "key-svc-etl",
                                    Set.of(AlertType.CROSS_BORDER_VIOLATION),
                                    AlertType.CROSS_BORDER_VIOLATION,
                                    days / 3,
                                    days / 3,
                                    this::unauthorizedReplication);
                        case DEPARTED_EMPLOYEE_KEY ->
                            new Incident(
                                    scenario,
                                    "emp-2040",
                                    "key-emp-2040-api",
                                    Set.of(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION),
                                    AlertType.INACTIVE_IDENTITY,
                                    Math.max(0, lowStart - 10),
                                    Math.max(0, lowStart - 10),
                                    this::departedKey);
                        case EXTERNAL_SNAPSHOT_SHARE ->
                            new Incident(
                                    scenario,
                                    "emp-1007",
                                    "sso-emp-1007",
                                    Set.of(AlertType.EXTERNAL_TRANSFER),
                                    AlertType.EXTERNAL_TRANSFER,
                                    days / 2,
                                    days / 2,
                                    this::externalShare);
                    });
        }
    }

    List<Incident> incidents() {
        return incidents;
    }

    /** How many days the low-and-slow key reads: to the threshold, and {@value #LOW_AND_SLOW_DAYS_AFTER} more. */
    static int lowAndSlowDays(RuleModel model) {
        long toCross = (model.slowDistinctSubjects() + LOW_AND_SLOW_PER_DAY - 1) / LOW_AND_SLOW_PER_DAY;
        return (int) Math.min(toCross, WorkloadOptions.MAX_DAYS) + LOW_AND_SLOW_DAYS_AFTER;
    }

    /** Makes one incident's events of one of its days. */
    @FunctionalInterface
    private interface DayEvents {
        void make(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out);
    }

    /** One planted incident: who, which stateless alerts it must raise, on which days, how. */
    final class Incident implements Actor {
        final PlantedScenario scenario;
        final String principalId;
        final String credentialId;
        final Set<AlertType> statelessTypes;
        final AlertType primary;
        final int firstDay;
        final int lastDay;
        private final DayEvents events;

        Incident(
                PlantedScenario scenario,
                String principalId,
                String credentialId,
                Set<AlertType> statelessTypes,
                AlertType primary,
                int firstDay,
                int lastDay,
                DayEvents events) {
            this.scenario = scenario;
            this.principalId = principalId;
            this.credentialId = credentialId;
            this.statelessTypes = statelessTypes;
            this.primary = primary;
            this.firstDay = firstDay;
            this.lastDay = lastDay;
            this.events = events;
        }

        @Override
        public String name() {
            return scenario.label();
        }

        @Override
        public String principalId() {
            return principalId;
        }

        @Override
        public void day(int day, List<SpecificRecord> out) {
            if (day >= firstDay && day <= lastDay) {
                events.make(this, day, kit.random(name(), day), out);
            }
        }

        String id(int day, int n) {
            return kit.eventId(name(), day, n);
        }
    }

    /** 40 exports of 5,000 CRM records, 7.5 s apart, from the office network; exports report no subjects. */
    private void insiderExport(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        String ip = EventKit.corpIp(random);
        long start = 10 * EventKit.HOUR_MS + 30 * EventKit.MINUTE_MS;
        for (int n = 0; n < INSIDER_EXPORTS; n++) {
            out.add(kit.access(incident.id(day, n), kit.at(day, start + n * INSIDER_SPACING_MS), incident.name())
                    .setPrincipalId(incident.principalId)
                    .setCredentialId(incident.credentialId)
                    .setAuthMethod(AuthMethod.MFA)
                    .setAction(AccessAction.EXPORT)
                    .setAssetId(EventKit.CRM)
                    .setRecordCount(INSIDER_RECORDS_PER_EXPORT)
                    .setByteCount(EventKit.bytes(INSIDER_RECORDS_PER_EXPORT, random))
                    .setClientIp(ip)
                    .setApplication("crm-console")
                    .build());
        }
    }

    /**
     * 2,000 customers never read before by this key, a day, in reads of 10 to 20 at random times
     * around the clock, from the hosting provider's range.
     */
    private void lowAndSlow(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        int base = kit.random("low-and-slow:customers", 0).nextInt(EventKit.CUSTOMERS);
        List<Integer> sizes = new ArrayList<>();
        for (int left = LOW_AND_SLOW_PER_DAY; left > 0; ) {
            int size = Math.min(left, 10 + random.nextInt(LOW_AND_SLOW_MAX_READ - 10 + 1));
            sizes.add(size);
            left -= size;
        }
        long[] times = new long[sizes.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = random.nextLong(UtcDays.DAY_MS);
        }
        Arrays.sort(times);
        long k = (long) (day - incident.firstDay) * LOW_AND_SLOW_PER_DAY;
        for (int n = 0; n < sizes.size(); n++) {
            int size = sizes.get(n);
            int[] customers = new int[size];
            for (int i = 0; i < size; i++, k++) {
                customers[i] = (int) ((base + k * CUSTOMER_STEP) % EventKit.CUSTOMERS);
            }
            out.add(kit.access(incident.id(day, n), kit.at(day, times[n]), incident.name())
                    .setPrincipalId(incident.principalId)
                    .setCredentialId(incident.credentialId)
                    .setAuthMethod(AuthMethod.API_KEY)
                    .setAction(AccessAction.READ)
                    .setAssetId(EventKit.CRM)
                    .setRecordCount(size)
                    .setByteCount(EventKit.bytes(size, random))
                    .setSubjectKeys(kit.keysOf(customers, size))
                    .setClientIp("203.0.113." + (2 + random.nextInt(253)))
                    .setApplication("python-requests")
                    .build());
        }
    }

    /** About 10,000 records a day in 48 reads, then about 150,000 a day on the last three days; aggregates, no subjects. */
    private void drift(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        boolean high = day > incident.lastDay - DRIFT_HIGH_DAYS;
        for (int n = 0; n < DRIFT_READS_PER_DAY; n++) {
            int records = high ? 2_900 + random.nextInt(451) : 180 + random.nextInt(57);
            long at = n * 30 * EventKit.MINUTE_MS + random.nextLong(20 * EventKit.MINUTE_MS);
            out.add(kit.access(incident.id(day, n), kit.at(day, at), incident.name())
                    .setPrincipalId(incident.principalId)
                    .setCredentialId(incident.credentialId)
                    .setAuthMethod(AuthMethod.SERVICE_TOKEN)
                    .setAction(AccessAction.QUERY)
                    .setAssetId(EventKit.ANALYTICS_BQ)
                    .setRecordCount(records)
                    .setByteCount(EventKit.bytes(records, random))
                    .setClientCountry("KR")
                    .setApplication("reporting-dashboards")
                    .build());
        }
    }

    /** Three replicas of the Seoul CRM to a bucket in us-east-1, two minutes apart; 6,000 to 12,000 records each. */
    private void unauthorizedReplication(
            Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        for (int n = 0; n < 3; n++) {
            int records = 6_000 + random.nextInt(6_001);
            out.add(kit.replication(
                            incident.id(day, n),
                            kit.at(day, 14 * EventKit.HOUR_MS + n * 2 * EventKit.MINUTE_MS),
                            incident.name())
                    .setPrincipalId(incident.principalId)
                    .setCredentialId(incident.credentialId)
                    .setJobId("replica-crm-to-marketing-1")
                    .setKind(ReplicationKind.REPLICA)
                    .setSourceAssetId(EventKit.CRM)
                    .setDestinationAssetId(EventKit.MARKETING_LAKE)
                    .setDestinationRegion(EventKit.US_EAST_REGION)
                    .setRecordCount(records)
                    .setByteCount(EventKit.bytes(records, random))
                    .build());
        }
    }

    /** Three exports of 200 to 500 CRM records, two seconds apart, from the hosting provider. */
    private void departedKey(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        for (int n = 0; n < 3; n++) {
            int records = 200 + random.nextInt(301);
            out.add(kit.access(incident.id(day, n), kit.at(day, 13 * EventKit.HOUR_MS + n * 2_000L), incident.name())
                    .setPrincipalId(incident.principalId)
                    .setCredentialId(incident.credentialId)
                    .setAuthMethod(AuthMethod.API_KEY)
                    .setAction(AccessAction.EXPORT)
                    .setAssetId(EventKit.CRM)
                    .setRecordCount(records)
                    .setByteCount(EventKit.bytes(records, random))
                    .setSubjectKeys(kit.randomKeys(Math.min(records, 50), random))
                    .setClientIp(DEPARTED_KEY_IP)
                    .setApplication("python-requests")
                    .build());
        }
    }

    /** One snapshot of the orders database (12,000 records) shared with a foreign account, in Seoul. */
    private void externalShare(Incident incident, int day, SplittableRandom random, List<SpecificRecord> out) {
        int records = 12_000;
        out.add(kit.replication(incident.id(day, 0), kit.at(day, 6 * EventKit.HOUR_MS), incident.name())
                .setPrincipalId(incident.principalId)
                .setCredentialId(incident.credentialId)
                .setJobId("snapshot-share-orders-1")
                .setKind(ReplicationKind.SNAPSHOT_SHARE)
                .setSourceAssetId(EventKit.ORDERS)
                .setDestinationRegion(EventKit.SEOUL_REGION)
                .setDestinationAccount(EventKit.EXTERNAL_ACCOUNT)
                .setRecordCount(records)
                .setByteCount(EventKit.bytes(records, random))
                .build());
    }
}
