package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.app.config.SettingsRegistry;
import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.MerkleTree;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor with a signing key on the real broker under exactly-once: every partition's chain
 * is covered, from its first entry to its last, by digests that its public key verifies, that
 * link by signature and whose heads and Merkle roots the committed entries recompute. Then the
 * attacks of someone who can write to the ledger's topics but does not hold the private key,
 * each done with a plain Kafka client on a recreated copy of that ledger, and each named by
 * {@code audit verify --public-key} at its partition and offset.
 */
class SignedLedgerIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final AvroCodec<LedgerEntry> ENTRIES = AvroCodec.of(LedgerEntry.class);
    private static final AvroCodec<LedgerDigest> DIGESTS = AvroCodec.of(LedgerDigest.class);

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static LedgerFixture ledger;
    private static Path key;
    private static Path pub;
    /** The committed ledger and digests, as the monitor wrote them, by partition. */
    private static Map<Integer, List<byte[]>> entries;

    private static Map<Integer, List<byte[]>> digests;
    /** A partition with two digests or more: the one attacked. */
    private static int attacked;

    @BeforeAll
    static void aSignedLedger() throws Exception {
        key = shared.resolve("ledger-signing.pem");
        SigningKeys.create(key);
        pub = SigningKeys.publicKeyFile(key);
        ledger = LedgerFixture.produce(KAFKA, shared.resolve("state"), signing(key));
        entries = byPartition(ledger.topics().audit());
        digests = byPartition(ledger.topics().auditDigests());
        attacked = digests.entrySet().stream()
                .filter(e -> e.getValue().size() >= 2)
                .mapToInt(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no partition with two digests: " + digests.keySet()));
    }

    private static Map<String, String> signing(Path signingKey) {
        return signing(signingKey, "1s");
    }

    private static Map<String, String> signing(Path signingKey, String interval) {
        return Map.of(
                SettingsRegistry.LEDGER_SIGNING_KEY.key(),
                signingKey.toString(),
                SettingsRegistry.LEDGER_SIGNING_INTERVAL.key(),
                interval);
    }

    private static Map<Integer, List<byte[]>> byPartition(String topic) {
        return LedgerFixture.readToEnd(KAFKA, topic).stream()
                .collect(Collectors.groupingBy(
                        ConsumerRecord::partition,
                        TreeMap::new,
                        Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
    }

    @Test
    void everyCommittedEntryIsCoveredByAVerifyingDigestChain() throws Exception {
        PublicKey publicKey = LedgerSignatures.readPublicKey(Files.readString(pub));
        LedgerFixture.readToEnd(KAFKA, ledger.topics().auditDigests())
                .forEach(r -> assertThat(DIGESTS.decode(r.value()).getPartition())
                        .as("a digest sits in the partition numbered like its chain")
                        .isEqualTo(r.partition()));
        assertThat(entries).isNotEmpty();
        assertThat(digests.keySet()).isEqualTo(entries.keySet());
        int total = 0;
        for (Map.Entry<Integer, List<byte[]>> chain : entries.entrySet()) {
            List<LedgerEntry> chainEntries =
                    chain.getValue().stream().map(ENTRIES::decode).toList();
            long next = 0;
            String previousSignature = null;
            for (byte[] bytes : digests.get(chain.getKey())) {
                LedgerDigest d = DIGESTS.decode(bytes);
                assertThat(LedgerSignatures.verifies(d, publicKey))
                        .as("signature of %s", d)
                        .isTrue();
                assertThat(d.getKeyId()).isEqualTo(LedgerSignatures.keyId(publicKey));
                assertThat(d.getFirstSequence()).as("no gap and no overlap").isEqualTo(next);
                assertThat(d.getPreviousSignature()).isEqualTo(previousSignature);
                List<LedgerEntry> covered =
                        chainEntries.subList((int) d.getFirstSequence(), (int) d.getLastSequence() + 1);
                assertThat(d.getHeadHash())
                        .isEqualTo(covered.get(covered.size() - 1).getHash());
                assertThat(d.getMerkleRoot())
                        .isEqualTo(HexFormat.of()
                                .formatHex(MerkleTree.root(covered.stream()
                                        .map(e -> MerkleTree.leafHash(
                                                HexFormat.of().parseHex(e.getHash())))
                                        .toList())));
                next = d.getLastSequence() + 1;
                previousSignature = d.getSignature();
                total += covered.size();
            }
            assertThat(next).as("signed to the head").isEqualTo(chainEntries.size());
        }
        assertThat(total).isEqualTo(ledger.planned().size());

        // As an auditor would, with the public key only, in a JVM of its own: nothing there has
        // encoded an entry or a digest before.
        try (CliProcess verify = CliProcess.start(
                dir, TestSetup.cli(KAFKA, ledger.topics(), "audit", "verify", "--public-key", pub.toString()))) {
            int code = verify.waitFor(120);
            assertThat(code).as("%s%s", verify.stdout(), verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("every chain intact and signed", "signed by");
        }
    }

    @Test
    void oneTransfersProofIsCheckedElsewhereWithThePublicKeyOnly() throws Exception {
        int[] exit = {-1};
        List<ConsumerRecord<String, byte[]>> chain =
                ledger.ledgerByPartition(KAFKA).get(attacked);
        int index = 1;
        Path proof = dir.resolve("proof.json");
        assertThat(Main.run(TestSetup.cli(
                        KAFKA,
                        ledger.topics(),
                        "audit",
                        "prove",
                        "--entry",
                        attacked + ":" + chain.get(index).offset(),
                        "--output",
                        proof.toString())))
                .isZero();
        Path byEvent = dir.resolve("by-event.json");
        assertThat(Main.run(TestSetup.cli(
                        KAFKA,
                        ledger.topics(),
                        "audit",
                        "prove",
                        "--event-id",
                        ENTRIES.decode(chain.get(index).value()).getEventId(),
                        "--output",
                        byEvent.toString())))
                .isZero();
        assertThat(byEvent).as("the same entry found by its event id").hasSameTextualContentAs(proof);
        Path elsewhere = Files.createDirectories(dir.resolve("regulator"));
        Files.copy(proof, elsewhere.resolve("proof.json"));
        Files.copy(pub, elsewhere.resolve("ledger.pub.pem"));
        String valid = Console.out(() -> exit[0] = Main.run(new String[] {
            "audit",
            "check-proof",
            elsewhere.resolve("proof.json").toString(),
            "--public-key",
            elsewhere.resolve("ledger.pub.pem").toString()
        }));
        assertThat(exit[0]).as(valid).isZero();
        assertThat(valid).startsWith("VALID: entry sequence " + index + " of partition " + attacked);
        // The same proof claiming the neighbouring leaf: whatever the digest's range, it no longer holds.
        ObjectNode tampered = (ObjectNode) new ObjectMapper().readTree(proof.toFile());
        tampered.put("leafIndex", tampered.path("leafIndex").asLong() + 1);
        Files.writeString(elsewhere.resolve("tampered.json"), tampered.toPrettyString());
        String invalid = Console.out(() -> exit[0] = Main.run(new String[] {
            "audit",
            "check-proof",
            elsewhere.resolve("tampered.json").toString(),
            "--public-key",
            elsewhere.resolve("ledger.pub.pem").toString()
        }));
        assertThat(exit[0]).as(invalid).isEqualTo(3);
        assertThat(invalid).startsWith("INVALID: ");
    }

    /** What {@code audit verify --public-key} says of a topic set, and its exit code. */
    private record Verified(int exit, String output) {}

    private static Verified verify(Topics topics, Path publicKeys) {
        int[] exit = {-1};
        String out = Console.out(() -> exit[0] =
                Main.run(TestSetup.cli(KAFKA, topics, "audit", "verify", "--public-key", publicKeys.toString())));
        return new Verified(exit[0], out);
    }

    /**
     * What an attacker with Write on the topics does: recreates them (here: a new topic set) and
     * writes back the records of their choice with a plain producer. Offsets there start at 0.
     */
    private static Topics recreated(Map<Integer, List<byte[]>> ledgerRecords, Map<Integer, List<byte[]>> digestRecords)
            throws Exception {
        Topics topics = KAFKA.newTopics(2);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            for (var e : ledgerRecords.entrySet()) {
                for (byte[] v : e.getValue()) {
                    producer.send(new ProducerRecord<>(topics.audit(), e.getKey(), "x", v));
                }
            }
            for (var e : digestRecords.entrySet()) {
                for (byte[] v : e.getValue()) {
                    producer.send(new ProducerRecord<>(topics.auditDigests(), e.getKey(), "x", v));
                }
            }
            producer.flush();
        }
        return topics;
    }

    /** The monitor's records with the attacked partition's replaced. */
    private static Map<Integer, List<byte[]>> with(Map<Integer, List<byte[]>> records, List<byte[]> attackedRecords) {
        Map<Integer, List<byte[]>> out = new TreeMap<>(records);
        out.put(attacked, attackedRecords);
        return out;
    }

    private static List<LedgerEntry> chain() {
        return entries.get(attacked).stream().map(ENTRIES::decode).toList();
    }

    private static List<LedgerDigest> signed() {
        return digests.get(attacked).stream().map(DIGESTS::decode).toList();
    }

    /** The next entry after {@code last}, with a hash that recomputes. */
    private static LedgerEntry after(LedgerEntry last, String eventId) {
        LedgerEntry next = LedgerEntry.newBuilder(last)
                .setSequence(last.getSequence() + 1)
                .setEventId(eventId)
                .setPreviousHash(last.getHash())
                .setHash("")
                .build();
        next.setHash(LedgerChain.hashOf(last.getHash(), next));
        return next;
    }

    private String brokenAt(long offset, boolean inDigests) {
        return "partition " + attacked + ", offset " + offset + (inDigests ? " of the digests topic: " : ": ");
    }

    @Test
    void aForgedAppendWithACorrectlyRecomputedHashIsAnUnsignedTail() throws Exception {
        List<byte[]> forged = new ArrayList<>(entries.get(attacked));
        forged.add(ENTRIES.encode(after(chain().get(chain().size() - 1), "forged-append")));

        Verified v = verify(recreated(with(entries, forged), digests), pub);

        assertThat(v.exit()).as(v.output()).isZero();
        assertThat(v.output()).contains("an unsigned tail of 1 entry").doesNotContain("intact and signed");
        assertThat(v.output())
                .containsPattern("partition " + attacked + ": .*; unsigned tail of 1 entry from offset "
                        + entries.get(attacked).size());
    }

    @Test
    void aRewrittenChainWithEveryHashRecomputedContradictsItsDigest() throws Exception {
        List<LedgerEntry> chain = chain();
        int denied = -1;
        for (int i = 0; i < chain.size() && denied < 0; i++) {
            denied = chain.get(i).getDecision() == LedgerDecision.DENIED ? i : -1;
        }
        assertThat(denied).as("a denied transfer to hide").isNotNegative();
        List<byte[]> rewritten = new ArrayList<>(entries.get(attacked).subList(0, denied));
        String previous = chain.get(denied).getPreviousHash();
        for (int i = denied; i < chain.size(); i++) {
            LedgerEntry e = LedgerEntry.newBuilder(chain.get(i))
                    .setPreviousHash(previous)
                    .setHash("")
                    .build();
            if (i == denied) {
                e.setDecision(LedgerDecision.ALLOWED);
            }
            e.setHash(LedgerChain.hashOf(previous, e));
            previous = e.getHash();
            rewritten.add(ENTRIES.encode(e));
        }
        int rewrittenAt = denied;
        long lastOfDigest = signed().stream()
                .filter(d -> d.getFirstSequence() <= rewrittenAt && rewrittenAt <= d.getLastSequence())
                .mapToLong(LedgerDigest::getLastSequence)
                .findFirst()
                .orElseThrow();

        Verified v = verify(recreated(with(entries, rewritten), digests), pub);

        assertThat(v.exit()).as(v.output()).isEqualTo(3);
        assertThat(v.output()).contains(brokenAt(lastOfDigest, false)).contains("the chain was rewritten");
    }

    @Test
    void aTruncatedTailIsNamedByTheDigestThatSignedIt() throws Exception {
        List<byte[]> chain = entries.get(attacked);
        List<byte[]> truncated = chain.subList(0, chain.size() - 2);

        Verified v = verify(recreated(with(entries, truncated), digests), pub);

        assertThat(v.exit()).as(v.output()).isEqualTo(3);
        assertThat(v.output())
                .contains(brokenAt(truncated.size() - 1, false))
                .contains("truncated", "ends at sequence " + (chain.size() - 3));
    }

    @Test
    void aDeletedDigestBreaksTheDigestChainWhereItWas() throws Exception {
        List<byte[]> withoutTheFirst =
                digests.get(attacked).subList(1, digests.get(attacked).size());

        Verified v = verify(recreated(entries, with(digests, withoutTheFirst)), pub);

        assertThat(v.exit()).as(v.output()).isEqualTo(3);
        assertThat(v.output()).contains(brokenAt(0, true)).contains("links to a digest that is not there");

        // The first digest deleted in place (DeleteRecords), as retention would, but the ledger still
        // starts at its first entry: retention would have taken those entries first.
        Topics inPlace = recreated(entries, digests);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            admin.deleteRecords(Map.of(
                            new TopicPartition(inPlace.auditDigests(), attacked), RecordsToDelete.beforeOffset(1)))
                    .all()
                    .get();
        }
        Verified deleted = verify(inPlace, pub);
        assertThat(deleted.exit()).as(deleted.output()).isEqualTo(3);
        assertThat(deleted.output()).contains(brokenAt(1, true)).contains("digests were deleted");
    }

    @Test
    void aDigestSignedByAnotherKeyIsUnknownOrBadWhicheverKeyItClaims() throws Exception {
        KeyPair attacker = LedgerSignatures.generate();
        List<LedgerEntry> chain = chain();
        LedgerEntry forgedEntry = after(chain.get(chain.size() - 1), "forged-append");
        LedgerDigest last = signed().get(signed().size() - 1);
        LedgerDigest.Builder over = LedgerDigest.newBuilder(last)
                .setFirstSequence(forgedEntry.getSequence())
                .setLastSequence(forgedEntry.getSequence())
                .setHeadHash(forgedEntry.getHash())
                .setMerkleRoot(HexFormat.of()
                        .formatHex(MerkleTree.root(
                                List.of(MerkleTree.leafHash(HexFormat.of().parseHex(forgedEntry.getHash()))))))
                .setPreviousKeyId(last.getKeyId())
                .setPreviousSignature(last.getSignature());
        LedgerDigest own = LedgerSignatures.sign(
                LedgerDigest.newBuilder(over.build())
                        .setKeyId(LedgerSignatures.keyId(attacker.getPublic()))
                        .build(),
                attacker.getPrivate());
        LedgerDigest claimed = LedgerSignatures.sign(over.build(), attacker.getPrivate());
        Map<Integer, List<byte[]>> forged = with(
                entries,
                Stream.concat(entries.get(attacked).stream(), Stream.of(ENTRIES.encode(forgedEntry)))
                        .toList());
        int at = digests.get(attacked).size();

        for (LedgerDigest d : List.of(own, claimed)) {
            List<byte[]> signedByAttacker = new ArrayList<>(digests.get(attacked));
            signedByAttacker.add(DIGESTS.encode(d));
            Verified v = verify(recreated(forged, with(digests, signedByAttacker)), pub);

            assertThat(v.exit()).as(v.output()).isEqualTo(3);
            assertThat(v.output())
                    .contains(brokenAt(at, true))
                    .contains(d == own ? "signed by unknown key" : "bad signature");
        }
    }

    @Test
    void aReplayedOldDigestDoesNotFollowTheLastOne() throws Exception {
        List<byte[]> replayed = new ArrayList<>(digests.get(attacked));
        replayed.add(replayed.get(0));

        Verified v = verify(recreated(entries, with(digests, replayed)), pub);

        assertThat(v.exit()).as(v.output()).isEqualTo(3);
        assertThat(v.output())
                .contains("BROKEN: ")
                .contains(brokenAt(replayed.size() - 1, true))
                .contains("does not follow");
    }

    @Test
    void anExportVerifiesOfflineInAnotherDirectoryAndATamperedFileIsBroken() throws Exception {
        Path export = dir.resolve("export");
        int[] exit = {-1};
        String exported = Console.out(
                () -> exit[0] = Main.run(TestSetup.cli(KAFKA, ledger.topics(), "audit", "export", export.toString())));
        assertThat(exit[0]).as(exported).isZero();
        assertThat(exported).contains("Exported " + ledger.planned().size() + " entries of 2 partition(s)");

        Path archive = Files.createDirectories(dir.resolve("archive"));
        try (Stream<Path> files = Files.list(export)) {
            for (Path f : files.toList()) {
                Files.copy(f, archive.resolve(f.getFileName()));
            }
        }
        Files.copy(pub, archive.resolve("ledger.pub.pem"));
        String[] offline = {
            "audit",
            "verify",
            "--files",
            archive.toString(),
            "--public-key",
            archive.resolve("ledger.pub.pem").toString()
        };
        String ok = Console.out(() -> exit[0] = Main.run(offline));
        assertThat(exit[0]).as(ok).isZero();
        assertThat(ok).contains(ledger.planned().size() + " entries verified, every chain intact and signed");

        // The readable copy of one entry made to say ALLOWED: verify trusts the bytes and says so.
        Path file;
        try (Stream<Path> files = Files.list(archive)) {
            file = files.filter(f -> f.getFileName().toString().startsWith("ledger-p" + attacked + "-"))
                    .sorted()
                    .findFirst()
                    .orElseThrow();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        ObjectMapper json = new ObjectMapper();
        ObjectNode line = (ObjectNode) json.readTree(lines.get(0));
        ObjectNode readable = (ObjectNode) line.get("readable");
        readable.put("decision", readable.path("decision").asText().equals("ALLOWED") ? "DENIED" : "ALLOWED");
        lines.set(0, json.writeValueAsString(line));
        Files.write(file, lines);
        String tampered = Console.out(() -> exit[0] = Main.run(offline));
        assertThat(exit[0]).as(tampered).isEqualTo(3);
        assertThat(tampered).contains("BROKEN: ", "partition " + attacked + ", offset ", "readable copy");

        Files.delete(file);
        String missing = Console.out(() -> exit[0] = Main.run(offline));
        assertThat(exit[0]).as(missing).isEqualTo(3);
        assertThat(missing).contains("listed in the manifest is missing");
    }

    /**
     * A restart with a new key whose interval is an hour: the new key's digest can only come from
     * the stop, which signs every chain head before the close commits.
     */
    @Test
    void aNewKeyContinuesTheDigestChainFromTheOldKeysLastDigestAndAStopSignsTheHead() throws Exception {
        Path first = dir.resolve("keys").resolve("first.pem");
        Path second = dir.resolve("keys").resolve("second.pem");
        Files.createDirectories(first.getParent());
        SigningKeys.create(first);
        SigningKeys.create(second);
        Path state = dir.resolve("state");
        LedgerFixture rotated = LedgerFixture.produce(KAFKA, state, signing(first));
        rotated.restartWithBackups(KAFKA, state, signing(second, "1h"), 2);

        String firstId = keyId(first);
        String secondId = keyId(second);
        Map<Integer, List<LedgerDigest>> chains = byPartition(rotated.topics().auditDigests()).entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().stream().map(DIGESTS::decode).toList()));
        List<LedgerDigest> rotatedChain = chains.values().stream()
                .filter(c -> c.get(c.size() - 1).getKeyId().equals(secondId))
                .findFirst()
                .orElseThrow();
        LedgerDigest firstOfNewKey = rotatedChain.stream()
                .filter(d -> d.getKeyId().equals(secondId))
                .findFirst()
                .orElseThrow();
        LedgerDigest lastOfOldKey = rotatedChain.get(rotatedChain.indexOf(firstOfNewKey) - 1);
        assertThat(lastOfOldKey.getKeyId()).isEqualTo(firstId);
        assertThat(firstOfNewKey.getPreviousKeyId()).isEqualTo(firstId);
        assertThat(firstOfNewKey.getPreviousSignature()).isEqualTo(lastOfOldKey.getSignature());
        assertThat(firstOfNewKey.getFirstSequence()).isEqualTo(lastOfOldKey.getLastSequence() + 1);

        Path keys = Files.createDirectories(dir.resolve("published"));
        Files.copy(SigningKeys.publicKeyFile(first), keys.resolve("first.pub.pem"));
        Files.copy(SigningKeys.publicKeyFile(second), keys.resolve("second.pub.pem"));
        Verified both = verify(rotated.topics(), keys);
        assertThat(both.exit()).as(both.output()).isZero();
        assertThat(both.output()).contains("every chain intact and signed", "keys " + firstId + " then " + secondId);

        Verified newKeyOnly = verify(rotated.topics(), SigningKeys.publicKeyFile(second));
        assertThat(newKeyOnly.exit()).as(newKeyOnly.output()).isEqualTo(3);
        assertThat(newKeyOnly.output()).contains("offset 0 of the digests topic: signed by unknown key " + firstId);
    }

    private static String keyId(Path signingKey) throws Exception {
        return LedgerSignatures.keyId(
                LedgerSignatures.readPublicKey(Files.readString(SigningKeys.publicKeyFile(signingKey))));
    }
}
