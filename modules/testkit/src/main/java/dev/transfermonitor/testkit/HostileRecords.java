package dev.transfermonitor.testkit;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.RecordKind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A seeded stream of malformed, edge-case and valid records for the input and reference topics,
 * for tests that the monitor neither stops nor loses a record. Same seed, same records; print
 * the seed so a failure can be replayed.
 *
 * <p>Each record says which topic it is for and, for reference records, whether the monitor
 * must reject it (count it and keep the last good value). Input records need no such label:
 * the invariant there is in = processed + dead letters, whatever each record is.
 *
 * <p>Valid events use the sample company's ids (emp-1001, crm-db-seoul, ...); hostile reference
 * records also target those keys, so a bad record can only hurt by overwriting a good value.
 */
public final class HostileRecords {

    /**
     * One record to send: to an input topic ({@code kind} ACCESS or REPLICATION) or a reference topic, with
     * {@code headers} of its own (usually none).
     */
    public record Hostile(
            RecordKind kind, String key, byte[] value, String label, boolean rejectedReference, List<Header> headers) {
        public Hostile(RecordKind kind, String key, byte[] value, String label, boolean rejectedReference) {
            this(kind, key, value, label, rejectedReference, List.of());
        }

        public boolean input() {
            return kind == RecordKind.ACCESS || kind == RecordKind.REPLICATION;
        }

        public int size() {
            return (key == null ? 0 : key.length()) + (value == null ? 0 : value.length);
        }
    }

    private static final List<RecordKind> REFERENCE = List.of(
            RecordKind.ASSET,
            RecordKind.REGION,
            RecordKind.NETWORK,
            RecordKind.PRINCIPAL,
            RecordKind.CREDENTIAL,
            RecordKind.POLICY);
    private static final Map<RecordKind, List<String>> SAMPLE_KEYS = Map.of(
            RecordKind.ASSET, List.of("crm-db-seoul", "orders-db-seoul", "backup-vault-singapore"),
            RecordKind.REGION, List.of("aws:ap-northeast-2", "aws:us-east-1", "aws:ap-southeast-1"),
            RecordKind.NETWORK, List.of("203.0.113.0/24"),
            RecordKind.PRINCIPAL, List.of("emp-1001", "emp-2040", "svc-backup"),
            RecordKind.CREDENTIAL, List.of("sso-emp-1001", "key-emp-2040-api"),
            RecordKind.POLICY, List.of("kr-personal-v1"));
    private static final String[] PRINCIPALS = {"emp-1001", "emp-1002", "emp-1003", "emp-2040", "svc-backup"};
    private static final String[] BAD_IPS = {
        "999.1.1.1",
        "1.2.3",
        "::gg",
        "",
        "10.0.0.1/8",
        "1.2.3.4.5",
        "localhost",
        "0x7f.1",
        "1:2:3:4:5:6:7:8:9",
        "\u0661.\u0662.\u0663.\u0664"
    };
    private static final String[] BAD_CIDRS = {
        "10.0.0.0/33",
        "300.1.1.1/8",
        "abc",
        "::/129",
        "10.0.0.0/-1",
        "10.0.0.0/",
        "/8",
        "1.2.3.4/8/8",
        "fe80::1%eth0/64",
        ""
    };
    private static final String[] GOOD_IPS = {"10.1.2.3", "203.0.113.77", "2001:db8::1", "8.8.8.8", "127.0.0.1"};

    private final long seed;
    private final Random random;
    private final Instant now;
    private final int maxValueBytes;
    private final List<Supplier<Hostile>> cases = new ArrayList<>();
    private long n;

    /**
     * @param now           the monitor's clock: valid events are stamped shortly before it
     * @param maxValueBytes the largest value to make; huge strings and arrays stay below it
     */
    public HostileRecords(long seed, Instant now, int maxValueBytes) {
        this.seed = seed;
        this.random = new Random(seed);
        this.now = now;
        this.maxValueBytes = maxValueBytes;
        addInputCases();
        addReferenceCases();
        addClassCases();
        addInjectionCases();
        addDestinationAndIdentityCases();
    }

    public long seed() {
        return seed;
    }

    public Hostile next() {
        n++;
        return cases.get(random.nextInt(cases.size())).get();
    }

    public List<Hostile> take(int count) {
        List<Hostile> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(next());
        }
        return out;
    }

    // ---- inputs -------------------------------------------------------------------------------

    private void addInputCases() {
        for (int i = 0; i < 6; i++) { // valid records are common, so the rules run between the bad ones
            cases.add(() -> access("valid access", validAccess().build()));
            cases.add(() -> replication("valid replication", validReplication().build()));
        }
        cases.add(() -> access(
                "valid, unknown asset and principal",
                validAccess()
                        .setPrincipalId(id("nobody"))
                        .setAssetId(id("no-asset"))
                        .setCredentialId(null)
                        .build()));
        cases.add(() -> access(
                "valid, odd unicode ids",
                validAccess()
                        .setEventId("\u202e\ud83d\ude00" + id("e"))
                        .setApplication("\ufeffapp")
                        .build()));
        cases.add(() -> access(
                "valid, 256-char ids",
                validAccess()
                        .setEventId("e".repeat(256))
                        .setAssetId("a".repeat(256))
                        .build()));
        cases.add(() -> input(RecordKind.ACCESS, pick(PRINCIPALS), garbage(random.nextInt(2000)), "garbage"));
        cases.add(() -> input(RecordKind.REPLICATION, pick(PRINCIPALS), garbage(random.nextInt(2000)), "garbage"));
        cases.add(() -> input(RecordKind.ACCESS, pick(PRINCIPALS), new byte[0], "empty value"));
        cases.add(() -> input(RecordKind.REPLICATION, pick(PRINCIPALS), null, "tombstone"));
        cases.add(() -> input(RecordKind.ACCESS, pick(PRINCIPALS), null, "tombstone"));
        cases.add(() -> input(
                RecordKind.ACCESS, "emp-1001", truncated(encode(validAccess().build())), "truncated"));
        cases.add(() -> input(
                RecordKind.REPLICATION,
                "svc-backup",
                truncated(encode(validReplication().build())),
                "truncated"));
        cases.add(() -> input(
                RecordKind.ACCESS, "emp-1001", bitFlipped(encode(validAccess().build())), "bit flips"));
        cases.add(() -> input(
                RecordKind.ACCESS,
                "emp-1001",
                unknownFingerprint(encode(validAccess().build())),
                "unknown fingerprint"));
        cases.add(() ->
                input(RecordKind.ACCESS, "crm-db-seoul", encodeAny(asset("crm-db-seoul")), "another schema's record"));
        cases.add(() -> input(
                RecordKind.REPLICATION,
                "emp-1001",
                encode(validAccess().build()),
                "an access on the replication topic"));
        cases.add(() -> input(
                RecordKind.ACCESS,
                "emp-1001",
                Arrays.copyOf(encode(validAccess().build()), 10),
                "header only"));
        cases.add(() ->
                input(RecordKind.ACCESS, "emp-1001", unknownEnum(validAccess().build()), "unknown enum symbol"));
        cases.add(
                () -> access("huge string", validAccess().setApplication(huge()).build()));
        cases.add(() -> access(
                "huge attribute",
                validAccess().setAttributes(Map.of("note", huge())).build()));
        cases.add(() -> access("huge event id", validAccess().setEventId(huge()).build()));
        cases.add(() -> access(
                "many subject keys", validAccess().setSubjectKeys(subjectKeys()).build()));
        cases.add(() -> access(
                "many attributes", validAccess().setAttributes(manyAttributes()).build()));
        cases.add(() -> access(
                "many data classes",
                validAccess().setDataClasses(dataClasses(1000)).build()));
        cases.add(() -> access(
                "lower-case data class",
                validAccess().setDataClasses(List.of("personal")).build()));
        cases.add(() -> access(
                "negative records",
                validAccess().setRecordCount(-1 - random.nextInt(1000)).build()));
        cases.add(() -> access(
                "negative bytes", validAccess().setByteCount(Long.MIN_VALUE).build()));
        cases.add(() -> access(
                "max records", validAccess().setRecordCount(Long.MAX_VALUE).build()));
        cases.add(() -> replication(
                "negative records", validReplication().setRecordCount(-5).build()));
        cases.add(() ->
                access("invalid ip", validAccess().setClientIp(pick(BAD_IPS)).build()));
        cases.add(() -> access(
                "invalid country",
                validAccess().setClientCountry(pick("KOR", "1x", "", "k\u0000")).build()));
        cases.add(() -> input(RecordKind.ACCESS, null, encode(validAccess().build()), "null key"));
        cases.add(() ->
                input(RecordKind.REPLICATION, null, encode(validReplication().build()), "null key"));
        cases.add(
                () -> input(RecordKind.ACCESS, "emp-9999", encode(validAccess().build()), "key mismatch"));
        cases.add(() -> input(RecordKind.ACCESS, huge(), encode(validAccess().build()), "huge key"));
        cases.add(() -> input(
                RecordKind.ACCESS, "", encode(validAccess().setPrincipalId("").build()), "blank principal"));
        cases.add(() -> access(
                "control chars in id",
                validAccess().setPrincipalId("emp\u00001001").build()));
        cases.add(() -> access(
                "300-char principal",
                validAccess().setPrincipalId("p".repeat(300)).build()));
        cases.add(() -> access("blank asset", validAccess().setAssetId(" \t").build()));
        cases.add(() -> access(
                "far past",
                validAccess()
                        .setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE))
                        .build()));
        cases.add(
                () -> access("epoch", validAccess().setOccurredAt(Instant.EPOCH).build()));
        cases.add(() -> access(
                "far future",
                validAccess()
                        .setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE))
                        .build()));
        cases.add(() -> access(
                "just past the skew",
                validAccess().setOccurredAt(now.plus(Duration.ofMinutes(6))).build()));
        cases.add(() -> access(
                "a year late",
                validAccess().setOccurredAt(now.minus(Duration.ofDays(365))).build()));
        cases.add(() -> replication(
                "far future",
                validReplication().setOccurredAt(now.plus(Duration.ofDays(400))).build()));
        cases.add(() -> replication(
                "unknown destination",
                validReplication()
                        .setDestinationAssetId(null)
                        .setDestinationRegion(pick("mars:olympus-1", "", "aws:" + "x".repeat(300)))
                        .build()));
        cases.add(() -> replication(
                "external account",
                validReplication().setDestinationAccount("999988887777").build()));
    }

    private DataAccessEvent.Builder validAccess() {
        String principal = pick(PRINCIPALS);
        return DataAccessEvent.newBuilder()
                .setEventId(id("hostile"))
                .setOccurredAt(now.minusMillis(random.nextInt(60_000)))
                .setPrincipalId(principal)
                .setCredentialId(principal.startsWith("svc-") ? "key-" + principal : "sso-" + principal)
                .setAuthMethod(AuthMethod.values()[random.nextInt(AuthMethod.values().length)])
                .setAction(AccessAction.values()[random.nextInt(AccessAction.values().length)])
                .setAssetId(pick("crm-db-seoul", "orders-db-seoul", "analytics-bq-seoul"))
                .setDataClasses(null)
                .setRecordCount(random.nextInt(100))
                .setByteCount(random.nextInt(100_000))
                .setSubjectKeys(new ArrayList<>())
                .setClientIp(pick(GOOD_IPS))
                .setClientCountry(null)
                .setApplication(null)
                .setAttributes(new HashMap<>());
    }

    private ReplicationEvent.Builder validReplication() {
        return ReplicationEvent.newBuilder()
                .setEventId(id("hostile-r"))
                .setOccurredAt(now.minusMillis(random.nextInt(60_000)))
                .setPrincipalId("svc-backup")
                .setCredentialId("key-svc-backup")
                .setJobId(id("backup-hostile"))
                .setKind(ReplicationKind.values()[random.nextInt(ReplicationKind.values().length)])
                .setSourceAssetId("crm-db-seoul")
                .setDestinationAssetId("backup-vault-singapore")
                .setDestinationRegion(null)
                .setDestinationAccount(null)
                .setDataClasses(null)
                .setRecordCount(random.nextInt(1000))
                .setByteCount(random.nextInt(1_000_000))
                .setAttributes(new HashMap<>());
    }

    private Hostile access(String label, DataAccessEvent event) {
        return input(RecordKind.ACCESS, event.getPrincipalId(), encode(event), label);
    }

    private Hostile replication(String label, ReplicationEvent event) {
        return input(RecordKind.REPLICATION, event.getPrincipalId(), encode(event), label);
    }

    private static Hostile input(RecordKind kind, String key, byte[] value, String label) {
        return new Hostile(kind, key, value, label, false);
    }

    // ---- destinations and borrowed identities ---------------------------------------------------

    /**
     * Oversized, blank or malformed destination fields (each must be a dead letter or absent, never
     * part of an alert), and valid events under a borrowed, unknown or departed identity (each must
     * alert, not pass as active).
     */
    private void addDestinationAndIdentityCases() {
        cases.add(() -> replication(
                "oversized destination account",
                validReplication()
                        .setDestinationAccount("9".repeat(257 + random.nextInt(600_000)))
                        .build()));
        cases.add(() -> replication(
                "oversized destination asset",
                validReplication()
                        .setDestinationAssetId("v".repeat(257 + random.nextInt(600_000)))
                        .build()));
        cases.add(() -> replication(
                "oversized destination region",
                validReplication()
                        .setDestinationRegion("aws:" + "r".repeat(64 + random.nextInt(600_000)))
                        .build()));
        cases.add(() -> replication(
                "malformed destination region",
                validReplication()
                        .setDestinationRegion(pick("us-east-1", "aws:", ":x", "aws:us east", "aws:a:b", "aws:us\u202e"))
                        .build()));
        cases.add(() -> replication(
                "blank destination account",
                validReplication().setDestinationAccount(pick("", " ", "\t")).build()));
        cases.add(() -> replication(
                "unknown destination, region only",
                validReplication()
                        .setDestinationAssetId(id("vault"))
                        .setDestinationRegion("aws:ap-northeast-2")
                        .build()));
        cases.add(() -> access(
                "borrowed credential",
                validAccess()
                        .setPrincipalId("emp-1001")
                        .setCredentialId(pick("key-emp-2040-api", "key-svc-etl", "sso-emp-1002"))
                        .build()));
        cases.add(() -> access(
                "credential unknown to the reference",
                validAccess().setCredentialId(id("key-deleted")).build()));
        cases.add(() -> access(
                "classes that hide the inventory's",
                validAccess()
                        .setDataClasses(List.of(pick("TELEMETRY", "PRODUCT")))
                        .build()));
    }

    // ---- data classes -------------------------------------------------------------------------

    /** The monitor's built-in class vocabulary (RuleSet.DEFAULT_DATA_CLASSES), which the testkit cannot see. */
    public static final List<String> BUILT_IN_CLASSES = List.of(
            "PERSONAL",
            "CONTACT",
            "PAYMENT",
            "HR",
            "HEALTH",
            "BIOMETRIC",
            "GENETIC",
            "CRIMINAL",
            "NATIONAL_ID",
            "PRODUCT",
            "TELEMETRY");

    private void addClassCases() {
        cases.add(() -> access(
                "fresh out-of-vocabulary classes",
                validAccess()
                        .setDataClasses(freshClasses(1 + random.nextInt(32), 8 + random.nextInt(57)))
                        .build()));
        cases.add(() -> replication(
                "fresh out-of-vocabulary classes",
                validReplication()
                        .setDataClasses(freshClasses(1 + random.nextInt(32), 8 + random.nextInt(57)))
                        .build()));
        cases.add(() -> access(
                "every built-in class",
                validAccess().setDataClasses(new ArrayList<>(BUILT_IN_CLASSES)).build()));
        cases.add(() -> access(
                "a class named twice",
                validAccess().setDataClasses(List.of("PERSONAL", "PERSONAL")).build()));
    }

    /**
     * The burst-state attack: {@code events} valid accesses by one principal and credential in one
     * minute, each naming {@code perEvent} classes taken in turn from {@code classes} (all of
     * them each time when there are fewer), so the entity meets as many distinct classes as the
     * list holds. With fresh names (out of the vocabulary) every event is a dead letter.
     */
    public List<Hostile> classFlood(List<String> classes, int events, int perEvent) {
        List<Hostile> out = new ArrayList<>(events);
        Instant at = now.minusSeconds(90);
        int next = 0;
        for (int e = 0; e < events; e++) {
            List<String> named = new ArrayList<>(Math.min(perEvent, classes.size()));
            for (int i = 0; i < Math.min(perEvent, classes.size()); i++) {
                named.add(classes.get(next++ % classes.size()));
            }
            out.add(access(
                    "class flood",
                    validAccess()
                            .setPrincipalId("emp-1001")
                            .setCredentialId("sso-emp-1001")
                            .setOccurredAt(at)
                            .setDataClasses(named)
                            .build()));
        }
        return out;
    }

    /**
     * The same attack through the inventory, which events cannot bypass: {@code assets} valid
     * assets (accepted: the inventory keeps its classes) with {@code perAsset} fresh classes of
     * 64 characters each, and one access by emp-1001 on each, in one minute.
     */
    public List<Hostile> classFloodThroughAssets(int assets, int perAsset) {
        List<Hostile> out = new ArrayList<>(2 * assets);
        Instant at = now.minusSeconds(90);
        for (int a = 0; a < assets; a++) {
            String assetId = id("fuzz-classes");
            Asset asset = new Asset(
                    assetId,
                    "aws",
                    "aws:ap-northeast-2",
                    "111111111111",
                    freshClasses(perAsset, 64),
                    null,
                    new ArrayList<>());
            out.add(good(RecordKind.ASSET, assetId, encodeAny(asset), "asset with fresh classes"));
            out.add(access(
                    "access to an asset with fresh classes",
                    validAccess()
                            .setPrincipalId("emp-1001")
                            .setCredentialId("sso-emp-1001")
                            .setAssetId(assetId)
                            .setOccurredAt(at)
                            .build()));
        }
        return out;
    }

    /** {@code count} class names of valid syntax, {@code length} characters, never seen before. */
    public List<String> freshClasses(int count, int length) {
        List<String> classes = new ArrayList<>(count);
        // Hex: a seed may be negative, and '-' is no class character. At most 40 characters before the padding.
        String stem = "FRESH_" + Long.toHexString(seed).toUpperCase(Locale.ROOT) + "_" + n + "_"
                + random.nextInt(1_000_000) + "_";
        for (int i = 0; i < count; i++) {
            String name = stem + i + "_";
            classes.add(name + "X".repeat(Math.max(0, Math.min(64, length) - name.length())));
        }
        return classes;
    }

    // ---- reference data -----------------------------------------------------------------------

    private void addReferenceCases() {
        for (RecordKind kind : REFERENCE) {
            cases.add(() -> bad(kind, sampleKey(kind), garbage(random.nextInt(500)), "garbage"));
            cases.add(() -> bad(kind, sampleKey(kind), new byte[0], "empty value"));
            cases.add(() -> bad(
                    kind, sampleKey(kind), truncated(encodeAny(validReference(kind, sampleKey(kind)))), "truncated"));
            cases.add(() -> bad(
                    kind,
                    sampleKey(kind),
                    unknownFingerprint(encodeAny(validReference(kind, sampleKey(kind)))),
                    "unknown fingerprint"));
            cases.add(() ->
                    bad(kind, sampleKey(kind), encodeAny(validAccess().build()), "an event on a reference topic"));
            cases.add(() -> bad(kind, sampleKey(kind), encodeAny(validReference(kind, id("other"))), "key mismatch"));
            cases.add(() -> bad(kind, null, encodeAny(validReference(kind, sampleKey(kind))), "null key"));
            cases.add(() -> bad(kind, " ", encodeAny(validReference(kind, " ")), "blank key"));
            String fresh = freshKey(kind);
            cases.add(() -> good(kind, freshKey(kind), null, "tombstone of an unknown key"));
            cases.add(() -> good(kind, fresh, encodeAny(validReference(kind, fresh)), "valid, new key"));
        }
        cases.add(() -> {
            String cidr = pick(BAD_CIDRS);
            return bad(
                    RecordKind.NETWORK,
                    cidr,
                    encodeAny(new NetworkRange(cidr, "KR", null, NetworkScope.UNSPECIFIED)),
                    "invalid cidr");
        });
        cases.add(() -> bad(RecordKind.NETWORK, "not-a-cidr", null, "tombstone with an invalid cidr"));
        cases.add(() -> bad(
                RecordKind.REGION,
                "aws:ap-northeast-2",
                encodeAny(new Region("aws:ap-northeast-2", pick("kr", "KOR", "", "1X"), null, List.of())),
                "invalid country"));
        cases.add(() -> bad(
                RecordKind.ASSET,
                "crm-db-seoul",
                encodeAny(Asset.newBuilder(asset("crm-db-seoul"))
                        .setDataClasses(dataClasses(20_000))
                        .build()),
                "asset with 20,000 data classes"));
        cases.add(() -> bad(
                RecordKind.ASSET,
                "crm-db-seoul",
                encodeAny(Asset.newBuilder(asset("crm-db-seoul"))
                        .setRegionId(huge())
                        .build()),
                "asset with a huge region id"));
        cases.add(() -> bad(
                RecordKind.ASSET,
                "crm-db-seoul",
                encodeAny(Asset.newBuilder(asset("crm-db-seoul"))
                        .setDataClasses(List.of("personal data"))
                        .build()),
                "asset with an invalid data class"));
        cases.add(
                () -> bad(RecordKind.PRINCIPAL, "emp-2040", unknownEnum(principal("emp-2040")), "unknown enum symbol"));
        cases.add(() -> bad(
                RecordKind.POLICY,
                "kr-personal-v1",
                encodeAny(policy("kr-personal-v1", "PERSONAL", 20_000)),
                "policy with 20,000 allowances"));
        cases.add(() -> bad(
                RecordKind.POLICY,
                "kr-personal-v1",
                encodeAny(ResidencyPolicy.newBuilder(policy("kr-personal-v1", "PERSONAL", 1))
                        .setOriginJurisdiction(huge())
                        .build()),
                "policy with a huge origin"));
        cases.add(() -> good(
                RecordKind.PRINCIPAL,
                "fuzz-far",
                encodeAny(Principal.newBuilder(principal("fuzz-far"))
                        .setStatusSince(Instant.ofEpochMilli(random.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE))
                        .build()),
                "principal, status since the end of time"));
        cases.add(() -> good(
                RecordKind.CREDENTIAL,
                "fuzz-cred",
                encodeAny(new Credential(
                        "fuzz-cred",
                        "emp-1001",
                        Instant.ofEpochMilli(Long.MAX_VALUE),
                        Instant.ofEpochMilli(Long.MIN_VALUE),
                        null)),
                "credential expiring before its issue"));
        // The sample's kr-personal-v1 is version 1: the same version with another body is stale.
        cases.add(() -> bad(
                RecordKind.POLICY,
                "kr-personal-v1",
                encodeAny(policy("kr-personal-v1", "PERSONAL", 1)),
                "stale policy: same version, other body"));
        cases.add(() -> bad(
                RecordKind.POLICY,
                "kr-personal-v1",
                encodeAny(ResidencyPolicy.newBuilder(policy("kr-personal-v1", "PERSONAL", 1))
                        .setVersion(2)
                        .setOriginJurisdiction(pick("kr", "DE", "Korea"))
                        .build()),
                "policy that can never match"));
        cases.add(() -> bad(
                RecordKind.REGION,
                "onprem:seoul-dc1",
                encodeAny(new Region(
                        "onprem:seoul-dc1",
                        "KR",
                        "Seoul" + pick("\u202e", "\u2066", "\u009b", "\u0085", "\u001b[2J"),
                        List.of())),
                "region with a control or bidi character"));
        cases.add(() -> bad(
                RecordKind.ASSET,
                "crm-db-seoul",
                encodeAny(Asset.newBuilder(asset("crm-db-seoul"))
                        .setRegionId("AWS:AP-NORTHEAST-2")
                        .build()),
                "asset with a region id that is not provider:name"));
    }

    private SpecificRecord validReference(RecordKind kind, String key) {
        return switch (kind) {
            case ASSET -> asset(key);
            case REGION -> new Region(key, "KR", "Seoul", List.of());
            case NETWORK -> new NetworkRange(key, "KR", "fuzz", NetworkScope.UNSPECIFIED);
            case PRINCIPAL -> principal(key);
            case CREDENTIAL -> new Credential(key, "emp-1001", now.minus(Duration.ofDays(30)), null, null);
            case POLICY -> policy(key, "FUZZ", 1); // a class nobody reads: valid, and changes no decision
            default -> throw new IllegalArgumentException("not a reference kind: " + kind);
        };
    }

    private String sampleKey(RecordKind kind) {
        return pick(SAMPLE_KEYS.get(kind).toArray(String[]::new));
    }

    private String freshKey(RecordKind kind) {
        if (kind == RecordKind.NETWORK) {
            return "100." + random.nextInt(64, 128) + "." + random.nextInt(256)
                    + ".0/24"; // CGNAT space: unused by the sample
        }
        String id = id("fuzz-" + kind.name().toLowerCase(Locale.ROOT));
        return kind == RecordKind.REGION ? "onprem:" + id : id; // a region id is provider:name
    }

    private static Asset asset(String id) {
        return new Asset(
                id,
                "aws",
                "aws:ap-northeast-2",
                "111111111111",
                new ArrayList<>(List.of("PERSONAL")),
                null,
                new ArrayList<>());
    }

    private Principal principal(String id) {
        return new Principal(
                id,
                PrincipalKind.HUMAN,
                PrincipalStatus.ACTIVE,
                now.minus(Duration.ofDays(400)),
                "KR",
                new ArrayList<>());
    }

    private static ResidencyPolicy policy(String id, String dataClass, int allowances) {
        List<PolicyAllowance> allowed = new ArrayList<>(allowances);
        for (int i = 0; i < allowances; i++) {
            allowed.add(new PolicyAllowance(
                    "SG",
                    new ArrayList<>(List.of(TransferKind.values())),
                    LegalBasis.CONTRACT,
                    Instant.parse("2024-01-01T00:00:00Z"),
                    null));
        }
        return new ResidencyPolicy(id, 1, "KR", dataClass, allowed);
    }

    private static Hostile bad(RecordKind kind, String key, byte[] value, String label) {
        return new Hostile(kind, key, value, label, true);
    }

    private static Hostile good(RecordKind kind, String key, byte[] value, String label) {
        return new Hostile(kind, key, value, label, false);
    }

    // ---- injection and forgery ----------------------------------------------------------------

    /**
     * Terminal and log-line injection in every free-text field (alert summaries are built from
     * ids, accounts and regions), and input records that carry forged dead-letter headers.
     */
    private void addInjectionCases() {
        cases.add(() -> {
            DataAccessEvent.Builder e = validAccess();
            String field = pick(
                    "eventId",
                    "principalId",
                    "credentialId",
                    "assetId",
                    "application",
                    "attribute",
                    "attribute name",
                    "clientCountry",
                    "subjectKey",
                    "dataClass");
            switch (field) {
                case "eventId" -> e.setEventId(hostileText(e.getEventId()));
                case "principalId" -> e.setPrincipalId(hostileText(e.getPrincipalId()));
                case "credentialId" -> e.setCredentialId(hostileText(e.getCredentialId()));
                case "assetId" -> e.setAssetId(hostileText(e.getAssetId()));
                case "application" -> e.setApplication(hostileText("crm-web"));
                case "attribute" -> e.setAttributes(new HashMap<>(Map.of("note", hostileText("ok"))));
                case "attribute name" -> e.setAttributes(new HashMap<>(Map.of(hostileText("note"), "ok")));
                case "clientCountry" -> e.setClientCountry(hostileText("US"));
                case "subjectKey" -> e.setSubjectKeys(new ArrayList<>(List.of("subject-1", hostileText("subject-2"))));
                default -> e.setDataClasses(new ArrayList<>(List.of("PERSONAL", hostileText("PAYMENT"))));
            }
            return access("control and bidi characters in access " + field, e.build());
        });
        cases.add(() -> {
            ReplicationEvent.Builder e = validReplication();
            String field = pick(
                    "eventId",
                    "principalId",
                    "credentialId",
                    "jobId",
                    "sourceAssetId",
                    "destinationAssetId",
                    "destinationRegion",
                    "destinationAccount",
                    "attribute",
                    "dataClass");
            switch (field) {
                case "eventId" -> e.setEventId(hostileText(e.getEventId()));
                case "principalId" -> e.setPrincipalId(hostileText(e.getPrincipalId()));
                case "credentialId" -> e.setCredentialId(hostileText(e.getCredentialId()));
                case "jobId" -> e.setJobId(hostileText(e.getJobId()));
                case "sourceAssetId" -> e.setSourceAssetId(hostileText(e.getSourceAssetId()));
                case "destinationAssetId" -> e.setDestinationAssetId(hostileText(e.getDestinationAssetId()));
                case "destinationRegion" ->
                    e.setDestinationAssetId(null).setDestinationRegion(hostileText("aws:us-east-1"));
                case "destinationAccount" -> e.setDestinationAccount(hostileText("999988887777"));
                case "attribute" -> e.setAttributes(new HashMap<>(Map.of("note", hostileText("ok"))));
                default -> e.setDataClasses(new ArrayList<>(List.of("PERSONAL", hostileText("PAYMENT"))));
            }
            return replication("control and bidi characters in replication " + field, e.build());
        });
        cases.add(() -> withForgedHeaders(input(
                RecordKind.ACCESS,
                pick(PRINCIPALS),
                garbage(1 + random.nextInt(200)),
                "forged dead-letter headers on garbage")));
        cases.add(() -> withForgedHeaders(input(
                RecordKind.REPLICATION,
                "svc-backup",
                truncated(encode(validReplication().build())),
                "forged dead-letter headers on a truncated record")));
        cases.add(() -> withForgedHeaders(access(
                "forged dead-letter headers on a valid access", validAccess().build())));
        // A C0 control makes each of these invalid whatever else the checks of free text decide.
        cases.add(() -> bad(
                RecordKind.ASSET,
                "crm-db-seoul",
                encodeAny(Asset.newBuilder(asset("crm-db-seoul"))
                        .setOwner(hostileC0("crm-team"))
                        .setAccountId(random.nextBoolean() ? hostileC0("111111111111") : "111111111111")
                        .build()),
                "asset with control characters in owner or account"));
        cases.add(() -> bad(
                RecordKind.REGION,
                "aws:ap-northeast-2",
                encodeAny(new Region("aws:ap-northeast-2", "KR", hostileC0("Seoul"), List.of())),
                "region with control characters in city"));
        cases.add(() -> bad(
                RecordKind.NETWORK,
                "203.0.113.0/24",
                encodeAny(new NetworkRange("203.0.113.0/24", "KR", hostileC0("office"), NetworkScope.UNSPECIFIED)),
                "network with control characters in label"));
    }

    /** Sequences a terminal or a log reader acts on: OSC title, screen clear, CSI, a forged log line, bidi, zero width. */
    private static final String[] INJECTIONS = {
        "\u001b]0;owned\u0007",
        "\u001b[2J\u001b[H",
        "\u009b31m",
        "\n2026-12-02 10:00:00.000 INFO  forged line",
        "\r\u001b[K",
        "\u202egpj.exe",
        "\u2066\u2067\u2068\u2069",
        "\u202a\u202b\u202c\u202d",
        "\u200b\u200f\ufeff",
        "\u2028\u2029",
        "\u0085",
        "\u0000",
        "\ud800",
        "\u007f"
    };

    /** The value with a random injection appended, or put in front, or in the middle. */
    private String hostileText(String base) {
        String injection = pick(INJECTIONS);
        String value = base == null ? "x" : base;
        return switch (random.nextInt(3)) {
            case 0 -> value + injection;
            case 1 -> injection + value;
            default -> value.substring(0, value.length() / 2) + injection + value.substring(value.length() / 2);
        };
    }

    /** Like {@link #hostileText}, always with a C0 control among the characters. */
    private String hostileC0(String base) {
        return hostileText(base) + pick("\u001b]0;x\u0007", "\n", "\u0000") + pick("", "\u202e", "\u2066");
    }

    /** The record with headers in the dead-letter namespace, as a producer that wants to mislead its reader sends them. */
    private Hostile withForgedHeaders(Hostile h) {
        List<Header> headers = new ArrayList<>();
        headers.add(header("transfer.dlq.reason", pick("FORGED", "OK", "")));
        headers.add(header("transfer.dlq.message", "nothing to see\n2026-12-02 INFO forged"));
        headers.add(header("transfer.dlq.truncated", Integer.toString(random.nextInt(1_000_000))));
        headers.add(header("transfer.dlq.headers.dropped", "0"));
        headers.add(header(pick("transfer.dlq.topic", "TRANSFER.DLQ.TOPIC", "Transfer.Dlq.Offset"), "elsewhere"));
        headers.add(header("trace-id", id("trace")));
        return new Hostile(h.kind(), h.key(), h.value(), h.label(), h.rejectedReference(), List.copyOf(headers));
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    // ---- bytes --------------------------------------------------------------------------------

    private byte[] garbage(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        if (length > 1 && random.nextBoolean()) { // sometimes a believable single-object header
            bytes[0] = (byte) 0xC3;
            bytes[1] = 0x01;
        }
        return bytes;
    }

    private byte[] truncated(byte[] valid) {
        return Arrays.copyOf(valid, random.nextInt(valid.length));
    }

    private byte[] bitFlipped(byte[] valid) {
        byte[] bytes = valid.clone();
        for (int i = 0, flips = 1 + random.nextInt(4); i < flips; i++) {
            int at = 10 + random.nextInt(bytes.length - 10); // the body, past the header
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private byte[] unknownFingerprint(byte[] valid) {
        byte[] bytes = valid.clone();
        bytes[2 + random.nextInt(8)] ^= (byte) (1 + random.nextInt(255));
        return bytes;
    }

    /**
     * The record with its first enum field set to an index its schema does not have: encode it
     * with two different symbols, find the byte where they differ (the enum's index), and put 63 there.
     */
    private static byte[] unknownEnum(SpecificRecord record) {
        int field = -1;
        for (Schema.Field f : record.getSchema().getFields()) {
            if (f.schema().getType() == Schema.Type.ENUM) {
                field = f.pos();
                break;
            }
        }
        Object original = record.get(field);
        Object[] symbols = original.getClass().getEnumConstants();
        byte[] a = encodeAny(record);
        record.put(field, symbols[(((Enum<?>) original).ordinal() + 1) % symbols.length]);
        byte[] b = encodeAny(record);
        record.put(field, original);
        for (int i = 10; i < a.length; i++) {
            if (a[i] != b[i]) {
                a[i] = 0x7E; // zig-zag varint of 63
                return a;
            }
        }
        throw new IllegalStateException("enum index not found");
    }

    /** Near the size limit one time in ten, else a hundredth of it: a storm of megabytes would only test the disk. */
    private int hugeBytes() {
        int limit = maxValueBytes - 4096 - random.nextInt(1024);
        return Math.max(1, random.nextInt(10) == 0 ? limit : limit / 100);
    }

    private String huge() {
        int length = hugeBytes();
        char[] chars = new char[length];
        Arrays.fill(chars, (char) ('a' + random.nextInt(26)));
        return new String(chars);
    }

    private List<String> subjectKeys() {
        int count = Math.min(100_000, hugeBytes() / 9);
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(String.format("%08x", i));
        }
        return keys;
    }

    private Map<String, String> manyAttributes() {
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0, count = Math.min(50_000, hugeBytes() / 12); i < count; i++) {
            attributes.put("k" + i, "v");
        }
        return attributes;
    }

    private static List<String> dataClasses(int count) {
        List<String> classes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            classes.add("CLASS_" + i);
        }
        return classes;
    }

    private String id(String prefix) {
        return prefix + "-" + seed + "-" + n + "-" + random.nextInt(1000);
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static <T extends SpecificRecord> byte[] encode(T record) {
        return encodeAny(record);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> byte[] encodeAny(T record) {
        return AvroCodec.of((Class<T>) record.getClass()).encode(record);
    }
}
