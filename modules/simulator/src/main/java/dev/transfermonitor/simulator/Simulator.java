package dev.transfermonitor.simulator;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.emitter.EventSink;
import dev.transfermonitor.emitter.SubjectKeys;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic traffic of the sample company "Hanbit Commerce" (the ids of the reference data):
 * a steady benign mix of domestic reads, allowed Singapore access and backups, ETL and
 * telemetry reads, plus three planted incidents at configurable offsets from the start. Every
 * event carries the {@link Scenario} label in its attributes.
 *
 * <p>The traffic is a timeline relative to a start instant: benign event {@code i} is due at
 * {@code start + i / eventsPerSecond}, the incidents at their offsets. Its content depends only
 * on the seed and the options, never on when it runs, so {@link #run} paced by a clock emits
 * exactly what {@link #eventsBetween} returns for the same start and end; tests use the latter
 * and need neither threads nor sleeps. occurredAt is the due time (millisecond precision, as the
 * schema stores it); event ids are {@code sim-<seed>-<start epoch millis>-<n>}, unique within a
 * run and across runs started at different milliseconds.
 *
 * <p>Subject keys are HMACs of synthetic customer ids {@code cust-<n>} under a fixed demo
 * secret, as a real producer would make them with its own secret.
 *
 * <p>Thread-safe; one instance may serve several runs.
 */
public final class Simulator {

    /** Synthetic customers whose keys appear in reads. */
    static final int CUSTOMERS = 20_000;
    /** Most subject keys one simulated read carries. */
    static final int MAX_SUBJECT_KEYS = 50;
    /** The company's AWS account, as in the reference data. */
    static final String OWN_AWS_ACCOUNT = "111111111111";

    static final String EXTERNAL_ACCOUNT = "999988887777";
    static final String DEPARTED_KEY_IP = "203.0.113.77";

    private static final String CRM = "crm-db-seoul";
    private static final String ORDERS = "orders-db-seoul";
    private static final String BACKUP_VAULT = "backup-vault-singapore";
    private static final String ANALYTICS_BQ = "analytics-bq-seoul";
    private static final String TELEMETRY_LAKE = "telemetry-lake-virginia";
    private static final String MARKETING_LAKE = "marketing-lake-virginia";
    private static final String SEOUL_REGION = "aws:ap-northeast-2";
    private static final String US_EAST_REGION = "aws:us-east-1";
    private static final int OFFICE_STAFF = 12;

    /** Not a secret: it only pseudonymizes made-up customers, and tests recompute keys with it. */
    private static final byte[] DEMO_SECRET =
            "hanbit-commerce-demo-subject-key-secret".getBytes(StandardCharsets.US_ASCII);

    /** Longest single park, so a stop request is noticed promptly even between slow events. */
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long seed;
    private final SimulatorOptions options;
    private final SubjectKeys subjectKeys = SubjectKeys.withSecret(DEMO_SECRET);
    /**
     * Keys computed so far, filled lazily. Concurrent runs may compute the same slot twice and
     * store equal strings, which is harmless: Strings are safely published through races.
     */
    private final String[] customerKeys = new String[CUSTOMERS];

    private final long backupEvery;
    private final long etlEvery;

    /** A simulator with {@code options}; {@code seed} replaces the seed in the options. */
    public Simulator(long seed, SimulatorOptions options) {
        this.options = Objects.requireNonNull(options, "options").withSeed(seed);
        this.seed = seed;
        // Periodic jobs take every n-th slot, so the total rate stays eventsPerSecond.
        this.backupEvery = Math.max(2, Math.round(3 * options.eventsPerSecond()));
        this.etlEvery = Math.max(3, Math.round(5 * options.eventsPerSecond()));
    }

    /** A simulator with the seed of {@code options}. */
    public Simulator(SimulatorOptions options) {
        this(options.seed(), options);
    }

    public SimulatorOptions options() {
        return options;
    }

    /**
     * Emits the traffic from now ({@code clock.instant()}) for {@code duration}, each event when
     * the clock reaches its due time, then flushes the sink. Returns early, after a flush, when
     * {@code keepGoing} turns false (checked before every event and at least every 50 ms while
     * waiting), and at once, without flushing, when the thread is interrupted (the interrupt
     * flag stays set). A sink that falls behind gets the overdue events at once, in order.
     */
    public void run(EventSink sink, Clock clock, Duration duration, BooleanSupplier keepGoing) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(keepGoing, "keepGoing");
        Timeline timeline = new Timeline(clock.instant(), requireDuration(duration));
        while (timeline.hasNext()) {
            if (!awaitDue(clock, timeline.nextDue(), keepGoing)) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                break;
            }
            sink.emit(timeline.next());
        }
        sink.flush();
    }

    /**
     * The events a run started at {@code start} emits before {@code end}, in emission order.
     * Pure: the same arguments always give equal lists.
     */
    public List<SpecificRecord> eventsBetween(Instant start, Instant end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("end " + end + " is before start " + start);
        }
        Timeline timeline = new Timeline(start, Duration.between(start, end));
        List<SpecificRecord> events = new ArrayList<>();
        while (timeline.hasNext()) {
            events.add(timeline.next());
        }
        return events;
    }

    /** The fixed secret behind the simulated subject keys; a copy, for tests. */
    static byte[] demoSecret() {
        return DEMO_SECRET.clone();
    }

    private static Duration requireDuration(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
        return duration;
    }

    /** Parks until {@code due}; false when asked to stop or interrupted first. */
    private static boolean awaitDue(Clock clock, Instant due, BooleanSupplier keepGoing) {
        while (true) {
            if (Thread.currentThread().isInterrupted() || !keepGoing.getAsBoolean()) {
                return false;
            }
            Instant now = clock.instant();
            if (!now.isBefore(due)) {
                return true;
            }
            long waitNanos = now.until(due, ChronoUnit.NANOS);
            LockSupport.parkNanos(Math.min(waitNanos, MAX_PARK_NANOS));
        }
    }

    private static long nanosOf(Duration duration) {
        return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : duration.toNanos();
    }

    /** One planted event: which incident, which repeat, when. */
    private record Planted(long offsetNanos, Scenario scenario, int repeat) {}

    /**
     * One run's event sequence. Benign and incident content draw from separate random streams,
     * so moving an incident does not change the benign traffic.
     */
    private final class Timeline {

        private final Instant start;
        private final long endNanos;
        private final String idPrefix;
        private final SplittableRandom benignRandom;
        private final SplittableRandom incidentRandom;
        private final List<Planted> planted = new ArrayList<>();
        private final double nanosPerEvent;
        private int plantedIndex;
        private long benignIndex;
        private long sequence;
        private long backupRuns;
        private long etlRuns;

        Timeline(Instant start, Duration length) {
            this.start = start;
            this.endNanos = nanosOf(length);
            this.idPrefix = "sim-" + seed + "-" + start.toEpochMilli() + "-";
            SplittableRandom root = new SplittableRandom(seed);
            this.benignRandom = root.split();
            this.incidentRandom = root.split();
            this.nanosPerEvent = 1e9 / options.eventsPerSecond();
            long spacing = options.incidentSpacing().toNanos();
            for (Scenario scenario : Scenario.values()) {
                if (scenario == Scenario.BENIGN) {
                    continue;
                }
                long first = options.offsetOf(scenario).toNanos();
                for (int repeat = 0; repeat < options.incidentRepeats(); repeat++) {
                    planted.add(new Planted(first + repeat * spacing, scenario, repeat));
                }
            }
            planted.sort(Comparator.comparingLong(Planted::offsetNanos)
                    .thenComparing(Planted::scenario)
                    .thenComparingInt(Planted::repeat));
        }

        boolean hasNext() {
            return nextOffset() < endNanos;
        }

        Instant nextDue() {
            return at(nextOffset());
        }

        SpecificRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the run ends at " + at(endNanos));
            }
            long benignOffset = benignOffset(benignIndex);
            String eventId = idPrefix + sequence++;
            // On a tie the benign slot goes first: a fixed rule keeps the order deterministic.
            if (plantedIndex < planted.size() && planted.get(plantedIndex).offsetNanos() < benignOffset) {
                Planted next = planted.get(plantedIndex++);
                return incident(next, eventId, at(next.offsetNanos()));
            }
            return benign(benignIndex++, eventId, at(benignOffset));
        }

        private long nextOffset() {
            long benign = benignOffset(benignIndex);
            return plantedIndex < planted.size()
                    ? Math.min(benign, planted.get(plantedIndex).offsetNanos())
                    : benign;
        }

        private long benignOffset(long index) {
            double offset = index * nanosPerEvent;
            return offset >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) offset;
        }

        private Instant at(long offsetNanos) {
            return start.plusNanos(offsetNanos).truncatedTo(ChronoUnit.MILLIS);
        }

        private SpecificRecord benign(long slot, String eventId, Instant at) {
            if (slot % backupEvery == 1) {
                return backup(eventId, at);
            }
            if (slot % etlEvery == 2) {
                return etl(eventId, at);
            }
            SplittableRandom random = benignRandom;
            int pick = random.nextInt(100);
            if (pick < 50) {
                return officeRead(eventId, at);
            } else if (pick < 70) {
                return ordersApiRead(eventId, at);
            } else if (pick < 85) {
                return singaporeSupportRead(eventId, at);
            }
            return telemetryRead(eventId, at);
        }

        /** Staff in Seoul: corp network or the office egress, both Korean. */
        private DataAccessEvent officeRead(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            String principal = "emp-" + (1001 + random.nextInt(OFFICE_STAFF));
            boolean crm = random.nextInt(100) < 60;
            int records = readRecords(random);
            return access(eventId, at, Scenario.BENIGN)
                    .setPrincipalId(principal)
                    .setCredentialId("sso-" + principal)
                    .setAuthMethod(random.nextInt(100) < 80 ? AuthMethod.MFA : AuthMethod.PASSKEY)
                    .setAction(random.nextInt(100) < 70 ? AccessAction.READ : AccessAction.QUERY)
                    .setAssetId(crm ? CRM : ORDERS)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .setSubjectKeys(subjectKeys(records, random))
                    .setClientIp(random.nextBoolean() ? corpIp(random) : seoulEgressIp(random))
                    .setApplication(crm ? "crm-console" : "orders-admin")
                    .build();
        }

        private DataAccessEvent ordersApiRead(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            int records = readRecords(random);
            return access(eventId, at, Scenario.BENIGN)
                    .setPrincipalId("svc-orders-api")
                    .setCredentialId("key-svc-orders-api")
                    .setAuthMethod(AuthMethod.SERVICE_TOKEN)
                    .setAction(AccessAction.QUERY)
                    .setAssetId(ORDERS)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .setSubjectKeys(subjectKeys(records, random))
                    .setClientCountry("KR")
                    .setApplication("orders-api")
                    .build();
        }

        /** KR to SG access, allowed by contract. */
        private DataAccessEvent singaporeSupportRead(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            int records = readRecords(random);
            return access(eventId, at, Scenario.BENIGN)
                    .setPrincipalId("emp-3001")
                    .setCredentialId("sso-emp-3001")
                    .setAuthMethod(AuthMethod.MFA)
                    .setAction(AccessAction.READ)
                    .setAssetId(CRM)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .setSubjectKeys(subjectKeys(records, random))
                    .setClientIp("198.51.100." + (1 + random.nextInt(254)))
                    .setApplication("support-desk")
                    .build();
        }

        /** Telemetry is not personal: no subject keys, nothing restricted. */
        private DataAccessEvent telemetryRead(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            int records = readRecords(random);
            return access(eventId, at, Scenario.BENIGN)
                    .setPrincipalId("svc-analytics")
                    .setCredentialId("key-svc-analytics")
                    .setAuthMethod(AuthMethod.SERVICE_TOKEN)
                    .setAction(AccessAction.QUERY)
                    .setAssetId(TELEMETRY_LAKE)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .setClientCountry("KR")
                    .setApplication("analytics-jobs")
                    .build();
        }

        /** Incremental backups to Singapore, alternating the two databases. */
        private ReplicationEvent backup(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            long run = ++backupRuns;
            String source = run % 2 == 1 ? CRM : ORDERS;
            int records = 100 + random.nextInt(1901);
            return replication(eventId, at, Scenario.BENIGN)
                    .setPrincipalId("svc-backup")
                    .setCredentialId("key-svc-backup")
                    .setJobId("backup-" + source + "-" + run)
                    .setKind(ReplicationKind.BACKUP)
                    .setSourceAssetId(source)
                    .setDestinationAssetId(BACKUP_VAULT)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .build();
        }

        private ReplicationEvent etl(String eventId, Instant at) {
            SplittableRandom random = benignRandom;
            long run = ++etlRuns;
            int records = 100 + random.nextInt(1901);
            return replication(eventId, at, Scenario.BENIGN)
                    .setPrincipalId("svc-etl")
                    .setCredentialId("key-svc-etl")
                    .setJobId("etl-orders-to-bq-" + run)
                    .setKind(ReplicationKind.ETL)
                    .setSourceAssetId(ORDERS)
                    .setDestinationAssetId(ANALYTICS_BQ)
                    .setRecordCount(records)
                    .setByteCount(bytesFor(records, random))
                    .build();
        }

        private SpecificRecord incident(Planted planted, String eventId, Instant at) {
            SplittableRandom random = incidentRandom;
            int repeat = planted.repeat() + 1;
            return switch (planted.scenario()) {
                case UNAUTHORIZED_REPLICATION_US -> {
                    int records = 5_000 + random.nextInt(15_001);
                    yield replication(eventId, at, planted.scenario())
                            .setPrincipalId("svc-etl")
                            .setCredentialId("key-svc-etl")
                            .setJobId("replica-crm-to-marketing-" + repeat)
                            .setKind(ReplicationKind.REPLICA)
                            .setSourceAssetId(CRM)
                            .setDestinationAssetId(MARKETING_LAKE)
                            .setDestinationRegion(US_EAST_REGION)
                            .setRecordCount(records)
                            .setByteCount(bytesFor(records, random))
                            .build();
                }
                case DEPARTED_EMPLOYEE_KEY -> {
                    int records = 200 + random.nextInt(301);
                    yield access(eventId, at, planted.scenario())
                            .setPrincipalId("emp-2040")
                            .setCredentialId("key-emp-2040-api")
                            .setAuthMethod(AuthMethod.API_KEY)
                            .setAction(AccessAction.EXPORT)
                            .setAssetId(CRM)
                            .setRecordCount(records)
                            .setByteCount(bytesFor(records, random))
                            .setSubjectKeys(subjectKeys(records, random))
                            .setClientIp(DEPARTED_KEY_IP)
                            .setApplication("python-requests")
                            .build();
                }
                case EXTERNAL_SNAPSHOT_SHARE -> {
                    int records = 50_000 + random.nextInt(150_001);
                    yield replication(eventId, at, planted.scenario())
                            .setPrincipalId("emp-1007")
                            .setCredentialId("sso-emp-1007")
                            .setJobId("snapshot-share-orders-" + repeat)
                            .setKind(ReplicationKind.SNAPSHOT_SHARE)
                            .setSourceAssetId(ORDERS)
                            .setDestinationRegion(SEOUL_REGION)
                            .setDestinationAccount(EXTERNAL_ACCOUNT)
                            .setRecordCount(records)
                            .setByteCount(bytesFor(records, random))
                            .build();
                }
                case BENIGN -> throw new IllegalStateException("benign traffic is not planted");
            };
        }

        private DataAccessEvent.Builder access(String eventId, Instant at, Scenario scenario) {
            return DataAccessEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(at)
                    .setAttributes(Map.of(Scenario.ATTRIBUTE, scenario.label()));
        }

        private ReplicationEvent.Builder replication(String eventId, Instant at, Scenario scenario) {
            return ReplicationEvent.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(at)
                    .setAttributes(Map.of(Scenario.ATTRIBUTE, scenario.label()));
        }

        /** 1 to 200, mostly small: people read a few rows far more often than a page of them. */
        private int readRecords(SplittableRandom random) {
            double u = random.nextDouble();
            return 1 + (int) (200 * u * u);
        }

        /** 1 to 4 KB per record. */
        private long bytesFor(long records, SplittableRandom random) {
            return records * (1024 + random.nextInt(3 * 1024 + 1));
        }

        private List<String> subjectKeys(int records, SplittableRandom random) {
            int count = Math.min(records, MAX_SUBJECT_KEYS);
            Set<String> keys = new LinkedHashSet<>();
            while (keys.size() < count) {
                keys.add(customerKey(random.nextInt(CUSTOMERS)));
            }
            return List.copyOf(keys);
        }

        /** Corp network 10/8, but not 10.20/16, which is the Singapore VPN. */
        private String corpIp(SplittableRandom random) {
            int second = random.nextInt(255);
            if (second >= 20) {
                second++;
            }
            return "10." + second + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }

        private String seoulEgressIp(SplittableRandom random) {
            return "211.234." + random.nextInt(256) + "." + (1 + random.nextInt(254));
        }
    }

    private String customerKey(int customer) {
        String key = customerKeys[customer];
        if (key == null) {
            key = subjectKeys.key("cust-" + customer);
            customerKeys[customer] = key;
        }
        return key;
    }
}
