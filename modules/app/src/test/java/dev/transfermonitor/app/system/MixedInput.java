package dev.transfermonitor.app.system;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * A seeded input for the sample company's reference data and the built-in rules that makes
 * every kind of output, each several times, so that a lost or repeated record shows:
 * <ul>
 *   <li>emp-2040's never-revoked key reads 20 new customers at a time from the Netherlands over
 *       six days: a cross-border violation and an inactive identity per day, escalating, and low-and-slow
 *       exfiltration once 10,000 distinct customers are reached, and a ledger entry per read;</li>
 *   <li>emp-1003 exports 2,000 records a second for five minutes: a volume burst that escalates;</li>
 *   <li>svc-etl replicates to us-east-1 (denied) and svc-backup backs up to Singapore (allowed):
 *       ledger entries, and an escalating violation for svc-etl;</li>
 *   <li>emp-1007 shares snapshots with a foreign cloud account: external transfers;</li>
 *   <li>ordinary domestic reads by the other staff, which raise nothing;</li>
 *   <li>undecodable records, which go to the dead-letter topic.</li>
 * </ul>
 * Each principal's events are in time order; the streams of different principals are mixed at
 * random (seeded). Access and replication principals are disjoint, so the order in which a task
 * takes records from the two input topics cannot change any alert.
 */
final class MixedInput {

    /** One input record. */
    record Input(String topic, String key, byte[] value, String eventId, boolean ledger, boolean deadLetter) {}

    private static final AvroCodec<DataAccessEvent> ACCESS = AvroCodec.of(DataAccessEvent.class);
    private static final AvroCodec<ReplicationEvent> REPLICATION = AvroCodec.of(ReplicationEvent.class);

    private final List<Input> records;

    private MixedInput(List<Input> records) {
        this.records = List.copyOf(records);
    }

    List<Input> records() {
        return records;
    }

    int size() {
        return records.size();
    }

    /** Event ids that must each have exactly one ledger entry. */
    Set<String> ledgerEventIds() {
        Set<String> ids = new TreeSet<>();
        records.stream().filter(Input::ledger).forEach(r -> ids.add(r.eventId()));
        return ids;
    }

    long deadLetters() {
        return records.stream().filter(Input::deadLetter).count();
    }

    /**
     * @param scale multiplies the benign reads (1 gives about 3,000 records in all)
     */
    static MixedInput generate(Topics topics, long seed, int scale) {
        Random random = new Random(seed);
        // A week ago at midnight UTC: six days of low-and-slow (12,000 customers, 10,000 is the
        // threshold), everything else on the seventh.
        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(7));
        Instant lastDay = day0.plus(Duration.ofDays(6));
        String run = Long.toHexString(seed) + "-" + Long.toHexString(random.nextLong() & 0xffffff);
        List<Deque<Input>> streams = new ArrayList<>();

        Deque<Input> slow = new ArrayDeque<>();
        for (int day = 0; day < 6; day++) {
            for (int read = 0; read < 100; read++) {
                List<String> keys = new ArrayList<>(20);
                for (int k = 0; k < 20; k++) {
                    keys.add("subject-" + day + "-" + read + "-" + k);
                }
                DataAccessEvent e = anAccess()
                        .eventId(id(run, "slow", slow.size()))
                        .by("emp-2040")
                        .withCredential("key-emp-2040-api")
                        .on("crm-db-seoul")
                        .from("203.0.113.77")
                        .records(20)
                        .bytes(40_960)
                        .subjects(keys)
                        .at(day0.plus(Duration.ofDays(day)).plusSeconds(800L * read))
                        .build();
                slow.add(access(topics, e, true));
            }
        }
        streams.add(slow);

        Deque<Input> burst = new ArrayDeque<>();
        for (int i = 0; i < 300; i++) {
            DataAccessEvent e = anAccess()
                    .eventId(id(run, "burst", i))
                    .by("emp-1003")
                    .action(AccessAction.EXPORT)
                    .on("crm-db-seoul")
                    .from("211.234.10.3")
                    .records(2_000)
                    .bytes(1_000_000)
                    .at(lastDay.plusSeconds(3_600 + i))
                    .build();
            burst.add(access(topics, e, false));
        }
        streams.add(burst);

        Deque<Input> etl = new ArrayDeque<>();
        Deque<Input> backup = new ArrayDeque<>();
        for (int i = 0; i < 100; i++) {
            ReplicationEvent denied = aReplication()
                    .eventId(id(run, "etl", i))
                    .by("svc-etl")
                    .job("etl-us-" + i)
                    .kind(ReplicationKind.REPLICA)
                    .from("crm-db-seoul")
                    .toRegion("aws:us-east-1")
                    .records(1_000)
                    .bytes(500_000)
                    .at(lastDay.plusSeconds(7_200 + 30L * i))
                    .build();
            etl.add(replication(topics, denied, true));
            ReplicationEvent allowed = aReplication()
                    .eventId(id(run, "backup", i))
                    .by("svc-backup")
                    .job("backup-" + i)
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .records(1_000)
                    .bytes(500_000)
                    .at(lastDay.plusSeconds(7_200 + 30L * i))
                    .build();
            backup.add(replication(topics, allowed, true));
        }
        streams.add(etl);
        streams.add(backup);

        Deque<Input> external = new ArrayDeque<>();
        for (int i = 0; i < 12; i++) {
            ReplicationEvent e = aReplication()
                    .eventId(id(run, "ext", i))
                    .by("emp-1007")
                    .job("share-" + i)
                    .kind(ReplicationKind.SNAPSHOT_SHARE)
                    .from("orders-db-seoul")
                    .toAccount("999988887777")
                    .records(5_000)
                    .bytes(2_000_000)
                    .at(lastDay.plusSeconds(9_000 + 60L * i))
                    .build();
            external.add(replication(topics, e, true));
        }
        streams.add(external);

        for (int p = 1; p <= 12; p++) {
            String principal = String.format("emp-%04d", 1000 + p);
            if (principal.equals("emp-1003") || principal.equals("emp-1007")) {
                continue;
            }
            Deque<Input> benign = new ArrayDeque<>();
            int reads = 100 * scale;
            for (int i = 0; i < reads; i++) {
                DataAccessEvent e = anAccess()
                        .eventId(id(run, principal, i))
                        .by(principal)
                        .on("crm-db-seoul")
                        .from("10.1." + p + "." + (i % 250 + 1))
                        .records(1 + random.nextInt(20))
                        .bytes(2_048)
                        .at(lastDay.plusSeconds(10L * i))
                        .build();
                benign.add(access(topics, e, false));
            }
            // Undecodable bytes now and then, keyed like the principal's events.
            for (int bad = 0; bad < 5; bad++) {
                int at = random.nextInt(benign.size());
                List<Input> list = new ArrayList<>(benign);
                list.add(
                        at,
                        new Input(
                                topics.access(),
                                principal,
                                ("not avro " + run + " " + principal + " " + bad).getBytes(StandardCharsets.UTF_8),
                                "bad-" + principal + "-" + bad,
                                false,
                                true));
                benign = new ArrayDeque<>(list);
            }
            streams.add(benign);
        }

        List<Input> mixed = new ArrayList<>();
        int remaining = streams.stream().mapToInt(Deque::size).sum();
        while (remaining > 0) {
            int pick = random.nextInt(remaining);
            for (Deque<Input> s : streams) {
                if (pick < s.size()) {
                    mixed.add(s.poll());
                    break;
                }
                pick -= s.size();
            }
            remaining--;
        }
        return new MixedInput(mixed);
    }

    private static String id(String run, String what, int i) {
        return "evt-" + run + "-" + what + "-" + i;
    }

    private static Input access(Topics topics, DataAccessEvent e, boolean ledger) {
        return new Input(topics.access(), e.getPrincipalId(), ACCESS.encode(e), e.getEventId(), ledger, false);
    }

    private static Input replication(Topics topics, ReplicationEvent e, boolean ledger) {
        return new Input(
                topics.replication(), e.getPrincipalId(), REPLICATION.encode(e), e.getEventId(), ledger, false);
    }
}
