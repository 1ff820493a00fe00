package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.TransferVerdict;
import dev.transfermonitor.detection.enrich.Enricher;
import dev.transfermonitor.detection.enrich.ReferenceIndex;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.LedgerOut;
import dev.transfermonitor.detection.ledger.LedgerSignatures;
import dev.transfermonitor.detection.ledger.LedgerSigner;
import dev.transfermonitor.detection.rules.ExternalAccountRule;
import dev.transfermonitor.detection.rules.InactiveIdentityRule;
import dev.transfermonitor.detection.rules.ResidencyRule;
import dev.transfermonitor.detection.rules.RuleEngine;
import dev.transfermonitor.detection.rules.Verdict;
import dev.transfermonitor.detection.rules.WorkloadCredentialRule;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ledger entry: the chain head read from and written to RocksDB (changelog off: that write
 * is the same signed or not), the entry built, encoded and hashed, and, signed, the entry's leaf
 * appended to the compact Merkle tree in the same head record, with a digest signed every 1,024
 * entries (a partition at 17 entries a second signing each minute).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LedgerBench {

    private static final int ENTRIES = 1024;

    @Param({"false", "true"})
    public boolean signed;

    private Path dir;
    private KeyValueStore<String, byte[]> store;
    private LedgerChain chain;
    private MockProcessorContext<String, LedgerOut> context;
    private final List<Record<String, TransferVerdict>> records = new ArrayList<>();
    private int next;
    private long now;

    @Setup
    public void setUp() throws IOException {
        RuleSet rules = RulesFile.bundledSample();
        ReferenceIndex index = ReferenceIndex.of(Samples.reference(0));
        RuleEngine engine = new RuleEngine(List.of(
                new ResidencyRule(rules, index),
                new ExternalAccountRule(rules, index),
                new InactiveIdentityRule(rules, index),
                new WorkloadCredentialRule(rules)));
        Enricher enricher = new Enricher(index, DetectionMetrics.inMemory());
        List<SpecificRecord> events = Samples.events();
        for (int i = 0; i < events.size() && records.size() < ENTRIES; i++) {
            Transfer t = enricher.enrich(Samples.valid(events.get(i), i));
            Verdict v = engine.evaluate(t);
            if (v.decision() != null) {
                records.add(new Record<>(
                        t.principalId(),
                        new TransferVerdict(t, v),
                        t.occurredAt().toEpochMilli()));
            }
        }
        if (records.isEmpty()) {
            throw new IllegalStateException("the sample workload has no cross-border transfer");
        }
        dir = Files.createTempDirectory("ledger-bench");
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-bench");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        config.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        context = new MockProcessorContext<>(config, new TaskId(0, 0), dir.toFile());
        store = LedgerChain.storeBuilder().withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        context.setRecordMetadata("transfer.access.v1", 0, 0);
        chain = new LedgerChain(
                DetectionMetrics.inMemory(),
                signed ? new LedgerSigner(LedgerSignatures.generate(), Duration.ofMinutes(1)) : null);
        chain.init(context);
    }

    @Benchmark
    public int entry() {
        chain.process(records.get(next++ % records.size()));
        if (signed && next % ENTRIES == 0) {
            context.scheduledPunctuators().get(0).getPunctuator().punctuate(now += 60_000);
        }
        int forwarded = context.forwarded().size();
        context.resetForwards();
        return forwarded;
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
