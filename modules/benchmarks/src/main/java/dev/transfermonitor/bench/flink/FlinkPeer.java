package dev.transfermonitor.bench.flink;

import dev.transfermonitor.detection.rulesfile.RulesFile;
import dev.transfermonitor.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;

/**
 * The peer: the residency and burst rules as a Flink DataStream job in a local MiniCluster,
 * reading the same topics and Avro bytes from the beginning to the end offsets as they were
 * when it started (a bounded source, so the job ends when all input is processed and, with
 * exactly-once, the final checkpoint has committed the sink's transaction).
 *
 * <pre>
 * Kafka (bytes) -> decode + enrich + residency --side output--> alerts
 *                      | (principal|class, credential|class, records)
 *                      v
 *               keyBy -> sliding event-time window (10 min, 1 min steps, 2 min out-of-orderness) -> sum
 *                      -> over the class threshold -> alerts -> KafkaSink
 * </pre>
 */
public final class FlinkPeer {

    /** The checkpoint interval, for both guarantees. */
    public static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private FlinkPeer() {}

    /** Runs the job to its end; returns the wall time of {@code execute}, start-up included. */
    public static Duration run(
            String bootstrapServers,
            Topics topics,
            String alertTopic,
            int parallelism,
            boolean exactlyOnce,
            Path checkpoints,
            String runId)
            throws Exception {
        Configuration conf = new Configuration();
        // The memory checkpoint storage refuses state over 5 MB.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // A failure ends the run instead of restarting the job forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(
                CHECKPOINT_INTERVAL.toMillis(),
                exactlyOnce ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);

        KafkaSource<RawEvent> source = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topics.inputs())
                .setGroupId("bench-flink-" + runId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawEventDeserializer())
                .build();
        KafkaSink<byte[]> sink = KafkaSink.<byte[]>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<byte[]>builder()
                        .setTopic(alertTopic)
                        .setValueSerializationSchema(new Bytes())
                        .build())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix("bench-flink-" + runId)
                // Flink's default (1 h) is over the broker's transaction.max.timeout.ms (15 min).
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(Duration.ofMinutes(10).toMillis()))
                .build();

        Duration grace = RulesFile.bundledSample().volume().burst().grace();
        Duration window = RulesFile.bundledSample().volume().burst().window();
        SingleOutputStreamOperator<Contribution> contributions = env.fromSource(
                        source, WatermarkStrategy.noWatermarks(), "inputs")
                .process(new ResidencyStep(topics.access()))
                .name("decode-enrich-residency");
        DataStream<byte[]> bursts = contributions
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contribution>forBoundedOutOfOrderness(grace)
                        .withTimestampAssigner((c, ts) -> c.occurredAt))
                .keyBy(c -> c.key, Types.STRING)
                .window(SlidingEventTimeWindows.of(window, Duration.ofMinutes(1)))
                .reduce((a, b) -> new Contribution(a.key, Math.max(a.occurredAt, b.occurredAt), a.records + b.records))
                .name("burst-window")
                .flatMap(new BurstThreshold())
                .name("burst-threshold");
        contributions
                .getSideOutput(ResidencyStep.ALERTS)
                .union(bursts)
                .sinkTo(sink)
                .name("alerts");

        long started = System.nanoTime();
        env.execute("transfer-monitor-peer-" + runId);
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Values are already bytes. */
    private static final class Bytes implements SerializationSchema<byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] serialize(byte[] element) {
            return element;
        }
    }
}
