package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.UtcDays;
import dev.transfermonitor.simulator.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.specific.SpecificRecord;

/**
 * The benign traffic of a {@link Workload}, which the rules must leave alone:
 * <ul>
 *   <li>staff (the twelve office staff, the Singapore support person emp-3001 and the synthetic
 *       {@code emp-5xxxx}) reading customers of their own portfolio, a stable few hundred of
 *       {@value EventKit#CUSTOMERS}, 1 to 200 records a read, in Seoul office hours (09:00-19:00
 *       KST, i.e. 00:00-10:00 UTC), mostly on weekdays, from Korean networks, emp-3001 from the
 *       Singapore office (allowed by contract);</li>
 *   <li>heavy users: svc-etl's nightly ETL of 300,000+ order records into analytics-bq-seoul (jobs
 *       {@code etl-orders-to-bq-<n>}), svc-backup's hourly backups to Singapore (jobs
 *       {@code backup-<asset>-<n>}), svc-analytics' nightly job reading 300,000 records of
 *       analytics-bq-seoul in half an hour (a burst, and 3,000 new subjects a night: quiet only
 *       because the rules allowlist it) and its daytime telemetry reads.</li>
 * </ul>
 * The heavy users make {@value #HEAVY_EVENTS_PER_DAY} events a day; the rest of the requested
 * count is dealt to staff-days exactly, by weights (weekdays 20, weekend days 1; each person 3 to 17).
 */
final class BenignTraffic {

    static final int ETL_CHUNKS = 40;
    static final int BACKUPS_PER_DAY = 48;
    static final int ANALYTICS_READS = 60;
    static final int ANALYTICS_RECORDS_PER_READ = 5_000;
    static final int ANALYTICS_KEYS_PER_READ = 50;
    static final int TELEMETRY_READS = 200;
    static final int HEAVY_EVENTS_PER_DAY = ETL_CHUNKS + BACKUPS_PER_DAY + ANALYTICS_READS + TELEMETRY_READS;

    /** Subject keys one staff read reports at most: the customers on one console page. */
    static final int MAX_STAFF_KEYS = 20;

    static final int MIN_PORTFOLIO = 150;
    static final int MAX_PORTFOLIO = 400;
    static final int OFFICE_STAFF = 12;
    static final String SINGAPORE_SUPPORT = "emp-3001";
    private static final long WORK_START_MS = 0;
    private static final long WORK_LENGTH_MS = 10 * EventKit.HOUR_MS;
    private static final String BENIGN = Scenario.BENIGN.label();

    private final EventKit kit;
    private final List<Actor> actors = new ArrayList<>();

    BenignTraffic(EventKit kit, WorkloadOptions options) {
        this.kit = kit;
        if (options.benignEvents() == 0) {
            return;
        }
        List<String> staff = new ArrayList<>();
        for (int i = 1; i <= OFFICE_STAFF; i++) {
            staff.add(String.format("emp-%d", 1000 + i));
        }
        staff.add(SINGAPORE_SUPPORT);
        staff.addAll(syntheticStaff(options.staffPrincipals()));
        Allocation allocation = new Allocation(
                staff, options.days(), options.benignEvents() - (long) HEAVY_EVENTS_PER_DAY * options.days());
        for (int i = 0; i < staff.size(); i++) {
            actors.add(new Staff(i, staff.get(i), allocation));
        }
        actors.add(new Etl());
        actors.add(new Backups());
        actors.add(new Analytics());
    }

    /** {@code emp-50000}, {@code emp-50001}, ... */
    static List<String> syntheticStaff(int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(String.format("emp-5%04d", i));
        }
        return ids;
    }

    List<Actor> actors() {
        return actors;
    }

    /**
     * How many reads each person makes each day, so that the total is exactly the requested
     * count: first dealt to days by day weight, then to people by person weight, both with
     * integer cumulative shares (no rounding drift).
     */
    private final class Allocation {
        private final long[] dayQuota;
        private final long[] cumulativeWeight;

        Allocation(List<String> staff, int days, long total) {
            long[] cumulativeDays = new long[days + 1];
            for (int d = 0; d < days; d++) {
                cumulativeDays[d + 1] = cumulativeDays[d] + (kit.weekend(d) ? 1 : 20);
            }
            dayQuota = new long[days];
            for (int d = 0; d < days; d++) {
                dayQuota[d] = share(total, cumulativeDays[d + 1], cumulativeDays[days])
                        - share(total, cumulativeDays[d], cumulativeDays[days]);
            }
            cumulativeWeight = new long[staff.size() + 1];
            for (int i = 0; i < staff.size(); i++) {
                int weight = 3 + kit.random("weight:" + staff.get(i), 0).nextInt(15);
                cumulativeWeight[i + 1] = cumulativeWeight[i] + weight;
            }
        }

        int reads(int person, int day) {
            long all = cumulativeWeight[cumulativeWeight.length - 1];
            return (int) (share(dayQuota[day], cumulativeWeight[person + 1], all)
                    - share(dayQuota[day], cumulativeWeight[person], all));
        }

        /** floor(total * part / whole); the options bound every factor, so the product fits. */
        private static long share(long total, long part, long whole) {
            return Math.multiplyExact(total, part) / whole;
        }
    }

    /** One person reading their portfolio. */
    private final class Staff implements Actor {
        private final int index;
        private final String principalId;
        private final String credentialId;
        private final boolean singapore;
        private final Allocation allocation;
        private int[] portfolio;

        Staff(int index, String principalId, Allocation allocation) {
            this.index = index;
            this.principalId = principalId;
            this.credentialId = "sso-" + principalId;
            this.singapore = SINGAPORE_SUPPORT.equals(principalId);
            this.allocation = allocation;
        }

        @Override
        public String name() {
            return principalId;
        }

        @Override
        public String principalId() {
            return principalId;
        }

        @Override
        public void day(int day, List<SpecificRecord> out) {
            int reads = allocation.reads(index, day);
            if (reads == 0) {
                return;
            }
            SplittableRandom random = kit.random(principalId, day);
            int[] customers = portfolio();
            int[] picked = new int[MAX_STAFF_KEYS];
            for (int n = 0; n < reads; n++) {
                double u = random.nextDouble();
                int records = 1 + (int) (200 * u * u * u);
                int keys = Math.min(records, MAX_STAFF_KEYS);
                for (int k = 0; k < keys; k++) {
                    picked[k] = customers[pickNew(picked, k, customers, random)];
                }
                boolean crm = singapore || random.nextInt(100) < 60;
                var event = kit.access(
                                kit.eventId(principalId, day, n),
                                kit.at(day, WORK_START_MS + random.nextLong(WORK_LENGTH_MS)),
                                BENIGN)
                        .setPrincipalId(principalId)
                        .setCredentialId(credentialId)
                        .setAuthMethod(AuthMethod.MFA)
                        .setAction(random.nextInt(100) < 70 ? AccessAction.READ : AccessAction.QUERY)
                        .setAssetId(crm ? EventKit.CRM : EventKit.ORDERS)
                        .setRecordCount(records)
                        .setByteCount(EventKit.bytes(records, random))
                        .setSubjectKeys(kit.keysOf(picked, keys))
                        .setApplication(singapore ? "support-desk" : crm ? "crm-console" : "orders-admin");
                if (singapore) {
                    event.setClientIp("198.51.100." + (1 + random.nextInt(254)));
                } else {
                    int where = random.nextInt(100);
                    if (where < 45) {
                        event.setClientIp(EventKit.corpIp(random));
                    } else if (where < 80) {
                        event.setClientIp(EventKit.seoulEgressIp(random));
                    } else if (where < 90) {
                        event.setClientIp(EventKit.seoulIpv6(random));
                    } else {
                        event.setClientCountry("KR"); // a client that reports its country, not its address
                    }
                }
                out.add(event.build());
            }
        }

        /** An index into the portfolio not yet picked for this read. */
        private int pickNew(int[] picked, int n, int[] customers, SplittableRandom random) {
            while (true) {
                int i = random.nextInt(customers.length);
                boolean seen = false;
                for (int k = 0; k < n && !seen; k++) {
                    seen = picked[k] == customers[i];
                }
                if (!seen) {
                    return i;
                }
            }
        }

        private int[] portfolio() {
            if (portfolio == null) {
                SplittableRandom random = kit.random("portfolio:" + principalId, 0);
                int size = MIN_PORTFOLIO + random.nextInt(MAX_PORTFOLIO - MIN_PORTFOLIO + 1);
                int[] customers = new int[size];
                for (int i = 0; i < size; i++) {
                    customers[i] = EventKit.pickNew(customers, i, EventKit.CUSTOMERS, random);
                }
                portfolio = customers;
            }
            return portfolio;
        }
    }

    /** svc-etl: orders into BigQuery every night at 02:00 KST, 40 chunks half a minute apart. */
    private final class Etl implements Actor {
        @Override
        public String name() {
            return "svc-etl";
        }

        @Override
        public String principalId() {
            return "svc-etl";
        }

        @Override
        public void day(int day, List<SpecificRecord> out) {
            SplittableRandom random = kit.random(name(), day);
            long start = 17 * EventKit.HOUR_MS + random.nextLong(10 * EventKit.MINUTE_MS);
            String job = "etl-orders-to-bq-" + (day + 1);
            for (int n = 0; n < ETL_CHUNKS; n++) {
                int records = 7_500 + random.nextInt(1_001);
                out.add(kit.replication(kit.eventId(name(), day, n), kit.at(day, start + n * 30_000L), BENIGN)
                        .setPrincipalId("svc-etl")
                        .setCredentialId("key-svc-etl")
                        .setJobId(job)
                        .setKind(ReplicationKind.ETL)
                        .setSourceAssetId(EventKit.ORDERS)
                        .setDestinationAssetId(EventKit.ANALYTICS_BQ)
                        .setRecordCount(records)
                        .setByteCount(EventKit.bytes(records, random))
                        .build());
            }
        }
    }

    /** svc-backup: each database to the Singapore vault every hour (allowed by contract). */
    private final class Backups implements Actor {
        @Override
        public String name() {
            return "svc-backup";
        }

        @Override
        public String principalId() {
            return "svc-backup";
        }

        @Override
        public void day(int day, List<SpecificRecord> out) {
            SplittableRandom random = kit.random(name(), day);
            for (int n = 0; n < BACKUPS_PER_DAY; n++) {
                int hour = n / 2;
                String source = n % 2 == 0 ? EventKit.CRM : EventKit.ORDERS;
                long at =
                        hour * EventKit.HOUR_MS + (n % 2 == 0 ? 5 : 35) * EventKit.MINUTE_MS + random.nextLong(60_000);
                int records = 2_000 + random.nextInt(10_001);
                out.add(kit.replication(kit.eventId(name(), day, n), kit.at(day, at), BENIGN)
                        .setPrincipalId("svc-backup")
                        .setCredentialId("key-svc-backup")
                        .setJobId("backup-" + source + "-" + (day * 24 + hour + 1))
                        .setKind(ReplicationKind.BACKUP)
                        .setSourceAssetId(source)
                        .setDestinationAssetId(EventKit.BACKUP_VAULT)
                        .setRecordCount(records)
                        .setByteCount(EventKit.bytes(records, random))
                        .build());
            }
        }
    }

    /** svc-analytics: the nightly job on analytics-bq-seoul at 03:00 KST, and telemetry reads all day. */
    private final class Analytics implements Actor {
        @Override
        public String name() {
            return "svc-analytics";
        }

        @Override
        public String principalId() {
            return "svc-analytics";
        }

        @Override
        public void day(int day, List<SpecificRecord> out) {
            SplittableRandom random = kit.random(name(), day);
            long start = 18 * EventKit.HOUR_MS + random.nextLong(5 * EventKit.MINUTE_MS);
            int n = 0;
            for (int i = 0; i < ANALYTICS_READS; i++, n++) {
                out.add(kit.access(kit.eventId(name(), day, n), kit.at(day, start + i * 30_000L), BENIGN)
                        .setPrincipalId("svc-analytics")
                        .setCredentialId("key-svc-analytics")
                        .setAuthMethod(AuthMethod.SERVICE_TOKEN)
                        .setAction(AccessAction.QUERY)
                        .setAssetId(EventKit.ANALYTICS_BQ)
                        .setRecordCount(ANALYTICS_RECORDS_PER_READ)
                        .setByteCount(EventKit.bytes(ANALYTICS_RECORDS_PER_READ, random))
                        .setSubjectKeys(kit.randomKeys(ANALYTICS_KEYS_PER_READ, random))
                        .setClientCountry("KR")
                        .setApplication("analytics-jobs")
                        .build());
            }
            for (int i = 0; i < TELEMETRY_READS; i++, n++) {
                double u = random.nextDouble();
                int records = 1 + (int) (200 * u * u);
                out.add(kit.access(kit.eventId(name(), day, n), kit.at(day, random.nextLong(UtcDays.DAY_MS)), BENIGN)
                        .setPrincipalId("svc-analytics")
                        .setCredentialId("key-svc-analytics")
                        .setAuthMethod(AuthMethod.SERVICE_TOKEN)
                        .setAction(AccessAction.QUERY)
                        .setAssetId(EventKit.TELEMETRY_LAKE)
                        .setRecordCount(records)
                        .setByteCount(EventKit.bytes(records, random))
                        .setClientCountry("KR")
                        .setApplication("analytics-jobs")
                        .build());
            }
        }
    }
}
