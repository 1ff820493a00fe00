package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.emitter.SubjectKeys;
import dev.transfermonitor.events.UtcDays;
import dev.transfermonitor.simulator.Scenario;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every actor of one workload shares: the sample company's ids, the span's days, seeded
 * random streams, event ids, subject keys and event builders. Customers are {@code cust-<n>},
 * n below {@value #CUSTOMERS}, pseudonymized under the same fixed demo secret as the
 * real-time simulator's.
 */
final class EventKit {

    static final long HOUR_MS = 3_600_000L;
    static final long MINUTE_MS = 60_000L;
    static final int CUSTOMERS = 200_000;

    static final String CRM = "crm-db-seoul";
    static final String ORDERS = "orders-db-seoul";
    static final String ANALYTICS_BQ = "analytics-bq-seoul";
    static final String BACKUP_VAULT = "backup-vault-singapore";
    static final String TELEMETRY_LAKE = "telemetry-lake-virginia";
    static final String MARKETING_LAKE = "marketing-lake-virginia";
    static final String SEOUL_REGION = "aws:ap-northeast-2";
    static final String US_EAST_REGION = "aws:us-east-1";
    static final String EXTERNAL_ACCOUNT = "999988887777";

    /** Not a secret: it only pseudonymizes made-up customers (the simulator uses the same). */
    private static final byte[] DEMO_SECRET =
            "hanbit-commerce-demo-subject-key-secret".getBytes(StandardCharsets.US_ASCII);

    private final long seed;
    private final long firstDay;
    private final SubjectKeys subjectKeys = SubjectKeys.withSecret(DEMO_SECRET);
    /** Filled lazily; an HMAC per read key would dominate generation. */
    private final String[] customerKeys = new String[CUSTOMERS];

    private final Map<String, Map<String, String>> attributes = new ConcurrentHashMap<>();

    EventKit(long seed, long firstDay) {
        this.seed = seed;
        this.firstDay = firstDay;
    }

    /** The demo secret, for tests that recompute keys. */
    static byte[] demoSecret() {
        return DEMO_SECRET.clone();
    }

    long seed() {
        return seed;
    }

    /** The epoch day of day 0. */
    long firstDay() {
        return firstDay;
    }

    long dayStart(int day) {
        return UtcDays.startMs(firstDay + day);
    }

    Instant at(int day, long offsetMillis) {
        return Instant.ofEpochMilli(dayStart(day) + offsetMillis);
    }

    boolean weekend(int day) {
        DayOfWeek dow = LocalDate.ofEpochDay(firstDay + day).getDayOfWeek();
        return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
    }

    /** A random stream for one actor and day (or other salt), independent of every other. */
    SplittableRandom random(String stream, long salt) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < stream.length(); i++) {
            h = (h ^ stream.charAt(i)) * 0x100000001b3L;
        }
        return new SplittableRandom(mix(mix(seed ^ h) + salt));
    }

    String eventId(String actor, int day, int n) {
        return "wl-" + seed + "-" + day + "-" + actor + "-" + n;
    }

    String customerKey(int customer) {
        String key = customerKeys[customer];
        if (key == null) {
            key = subjectKeys.key("cust-" + customer);
            customerKeys[customer] = key;
        }
        return key;
    }

    List<String> keysOf(int[] customers, int count) {
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(customerKey(customers[i]));
        }
        return keys;
    }

    /** {@code count} distinct random customers. */
    List<String> randomKeys(int count, SplittableRandom random) {
        int[] picked = new int[count];
        for (int i = 0; i < count; i++) {
            picked[i] = pickNew(picked, i, CUSTOMERS, random);
        }
        return keysOf(picked, count);
    }

    /** A value below {@code bound} not among the first {@code n} of {@code picked}. */
    static int pickNew(int[] picked, int n, int bound, SplittableRandom random) {
        while (true) {
            int candidate = random.nextInt(bound);
            boolean seen = false;
            for (int i = 0; i < n && !seen; i++) {
                seen = picked[i] == candidate;
            }
            if (!seen) {
                return candidate;
            }
        }
    }

    DataAccessEvent.Builder access(String eventId, Instant at, String label) {
        return DataAccessEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setDataClasses(null)
                .setClientIp(null)
                .setClientCountry(null)
                .setSubjectKeys(List.of())
                .setAttributes(attributes(label));
    }

    ReplicationEvent.Builder replication(String eventId, Instant at, String label) {
        return ReplicationEvent.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(at)
                .setDestinationAssetId(null)
                .setDestinationRegion(null)
                .setDestinationAccount(null)
                .setDataClasses(null)
                .setAttributes(attributes(label));
    }

    private Map<String, String> attributes(String label) {
        return attributes.computeIfAbsent(label, l -> Map.of(Scenario.ATTRIBUTE, l));
    }

    /** 1 to 4 KB a record. */
    static long bytes(long records, SplittableRandom random) {
        return records * (1024 + random.nextInt(3 * 1024 + 1));
    }

    /** Corp network 10/8, but not 10.20/16, which is the Singapore VPN. */
    static String corpIp(SplittableRandom random) {
        int second = random.nextInt(255);
        if (second >= 20) {
            second++;
        }
        return "10." + second + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    static String seoulEgressIp(SplittableRandom random) {
        return "211.234." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    static String seoulIpv6(SplittableRandom random) {
        return "2001:db8:100:" + Integer.toHexString(random.nextInt(0x10000)) + "::"
                + Integer.toHexString(1 + random.nextInt(0xfffe));
    }

    /** SplitMix64's finalizer: spreads neighbouring seeds apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
