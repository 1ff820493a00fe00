package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.app.config.SettingsRegistry;
import dev.transfermonitor.app.config.SigningKeys;
import dev.transfermonitor.avro.LedgerDigest;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.MerkleTree;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.testkit.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor with a signing key on the real broker under exactly-once: every partition's chain
 * is covered, from its first entry to its last, by digests that its public key verifies, that
 * link by signature and whose heads and Merkle roots the committed entries recompute.
 */
class SignedLedgerIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    @TempDir
    Path dir;

    @Test
    void everyCommittedEntryIsCoveredByAVerifyingDigestChain() throws Exception {
        Path key = dir.resolve("ledger-signing.pem");
        SigningKeys.create(key);
        PublicKey publicKey = LedgerSignatures.readPublicKey(Files.readString(SigningKeys.publicKeyFile(key)));

        LedgerFixture ledger = LedgerFixture.produce(
                KAFKA,
                dir.resolve("state"),
                Map.of(
                        SettingsRegistry.LEDGER_SIGNING_KEY.key(),
                        key.toString(),
                        SettingsRegistry.LEDGER_SIGNING_INTERVAL.key(),
                        "1s"));

        AvroCodec<LedgerEntry> entries = AvroCodec.of(LedgerEntry.class);
        AvroCodec<LedgerDigest> digests = AvroCodec.of(LedgerDigest.class);
        Map<Integer, List<LedgerEntry>> chains = ledger.ledgerByPartition(KAFKA).entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().stream()
                                .map(r -> entries.decode(r.value()))
                                .toList()));
        List<ConsumerRecord<String, byte[]>> digestRecords =
                LedgerFixture.readToEnd(KAFKA, ledger.topics().auditDigests());
        Map<Integer, List<LedgerDigest>> signed = digestRecords.stream()
                .peek(r -> assertThat(digests.decode(r.value()).getPartition())
                        .as("a digest sits in the partition numbered like its chain")
                        .isEqualTo(r.partition()))
                .map(r -> digests.decode(r.value()))
                .collect(Collectors.groupingBy(LedgerDigest::getPartition));

        assertThat(chains).isNotEmpty();
        assertThat(signed.keySet()).isEqualTo(chains.keySet());
        int total = 0;
        for (Map.Entry<Integer, List<LedgerEntry>> chain : chains.entrySet()) {
            List<LedgerEntry> chainEntries = chain.getValue();
            List<LedgerDigest> chainDigests = signed.get(chain.getKey()).stream()
                    .sorted(Comparator.comparingLong(LedgerDigest::getFirstSequence))
                    .toList();
            long next = 0;
            String previousSignature = null;
            for (LedgerDigest d : chainDigests) {
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

        // As an auditor would, with the public key only, then after two attacks by a generic client.
        Path pub = SigningKeys.publicKeyFile(key);
        // In a JVM of its own, as a user runs it: nothing there has encoded an entry or a digest before.
        try (CliProcess verify =
                CliProcess.start(dir, cli(ledger, "audit", "verify", "--public-key", pub.toString()))) {
            int code = verify.waitFor(120);
            assertThat(code).as("%s%s", verify.stdout(), verify.stderr()).isZero();
            assertThat(verify.stdout()).contains("every chain intact and signed", "signed by");
        }
        int[] exit = {-1};

        // One transfer's proof, checked elsewhere with the public key only.
        int provenPartition = chains.keySet().iterator().next();
        List<ConsumerRecord<String, byte[]>> provenChain =
                ledger.ledgerByPartition(KAFKA).get(provenPartition);
        int provenIndex = Math.min(1, provenChain.size() - 1);
        long provenOffset = provenChain.get(provenIndex).offset();
        Path proof = dir.resolve("proof.json");
        assertThat(Main.run(cli(
                        ledger,
                        "audit",
                        "prove",
                        "--entry",
                        provenPartition + ":" + provenOffset,
                        "--output",
                        proof.toString())))
                .isZero();
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
        assertThat(valid).startsWith("VALID: entry sequence " + provenIndex + " of partition " + provenPartition);
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

        int partition = chains.keySet().iterator().next();
        List<LedgerEntry> chain = chains.get(partition);
        LedgerEntry last = chain.get(chain.size() - 1);
        LedgerEntry forged = LedgerEntry.newBuilder(last)
                .setSequence(last.getSequence() + 1)
                .setEventId("forged-append")
                .setPreviousHash(last.getHash())
                .setHash("")
                .build();
        forged.setHash(LedgerChain.hashOf(last.getHash(), forged));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            producer.send(new ProducerRecord<>(ledger.topics().audit(), partition, "x", entries.encode(forged)))
                    .get();
        }
        String appended =
                Console.out(() -> exit[0] = Main.run(cli(ledger, "audit", "verify", "--public-key", pub.toString())));
        assertThat(exit[0]).as(appended).isZero();
        assertThat(appended).contains("unsigned tail of 1 entry", "partition " + partition + ": ");

        ConsumerRecord<String, byte[]> firstDigest = digestRecords.stream()
                .filter(r -> r.partition() == partition)
                .findFirst()
                .orElseThrow();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KAFKA.producerConfig())) {
            producer.send(new ProducerRecord<>(ledger.topics().auditDigests(), partition, "x", firstDigest.value()))
                    .get();
        }
        String replayed =
                Console.out(() -> exit[0] = Main.run(cli(ledger, "audit", "verify", "--public-key", pub.toString())));
        assertThat(exit[0]).as(replayed).isEqualTo(3);
        assertThat(replayed)
                .contains("BROKEN: " + ledger.topics().audit() + " partition " + partition + ", offset ")
                .contains("of the digests topic", "does not follow");
    }

    private static String[] cli(LedgerFixture ledger, String... args) {
        return TestSetup.cli(KAFKA, ledger.topics(), args);
    }
}
