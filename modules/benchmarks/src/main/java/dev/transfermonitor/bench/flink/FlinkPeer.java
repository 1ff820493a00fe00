package dev.transfermonitor.bench.flink;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.config.Settings;
import dev.transfermonitor.bench.ThreadCpu;
import dev.transfermonitor.detection.VolumeSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The peer: the monitor's equal work ({@code EqualWork}: validation and dead letters, enrichment
 * against the reference topics, the four stateless rules, the burst rule) as a Flink DataStream
 * job in a local MiniCluster, with the monitor's rules (built from the same settings), reading the
 * same topics and Avro bytes from the beginning to the end offsets as they were when it started (a
 * bounded source, so the job ends when all input is processed and, with exactly-once, the final
 * checkpoint has committed the sink's transaction).
 *
 * <pre>
 * Kafka (bytes) -> validate + dead letters + enrich + stateless rules --side output--> alerts, dead letters
 *                      | (principal|class, credential|class, records)
 *                      v
 *               keyBy -> sliding event-time window (10 min, 1 min steps, 2 min out-of-orderness) -> sum
 *                      -> over the class threshold -> alerts -> one KafkaSink
 * </pre>
 */
public final class FlinkPeer {

    /** Wall time of {@code execute} (start-up included) and the JVM's CPU per thread group over it. */
    public record Result(Duration elapsed, ThreadCpu.Usage cpu) {}

    private FlinkPeer() {}

    /** The monitor's configuration from the settings it was built from (no signing key: the peer keeps no ledger). */
    static MonitorConfig config(Map<String, String> settings) {
        return MonitorConfig.from(Settings.load(null, Map.of(), settings));
    }

    /** Runs the job to its end. */
    public static Result run(
            Map<String, String> settings,
            String alertTopic,
            int parallelism,
            boolean exactlyOnce,
            Duration checkpointInterval,
            Path checkpoints,
            String runId)
            throws Exception {
        MonitorConfig monitor = config(settings);
        Configuration conf = new Configuration();
        // The memory checkpoint storage refuses state over 5 MB.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // A failure ends the run instead of restarting the job forever.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.enableCheckpointing(
                checkpointInterval.toMillis(),
                exactlyOnce ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);

        KafkaSource<RawEvent> source = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(monitor.bootstrapServers())
                .setTopics(monitor.topics().inputs())
                .setGroupId("bench-flink-" + runId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new RawEventDeserializer())
                .build();
        KafkaSink<Out> sink = KafkaSink.<Out>builder()
                .setBootstrapServers(monitor.bootstrapServers())
                .setRecordSerializer(new OutSerializer())
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix("bench-flink-" + runId)
                // Flink's default (1 h) is over the broker's transaction.max.timeout.ms (15 min).
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(Duration.ofMinutes(10).toMillis()))
                .setProperty("acks", "all")
                .build();

        VolumeSettings.Burst burst = monitor.rules().volume().burst();
        SingleOutputStreamOperator<Contribution> contributions = env.fromSource(
                        source, WatermarkStrategy.noWatermarks(), "inputs")
                .process(new StatelessStep(settings, alertTopic))
                .name("validate-enrich-rules");
        DataStream<Out> bursts = contributions
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Contribution>forBoundedOutOfOrderness(burst.grace())
                        .withTimestampAssigner((c, ts) -> c.occurredAt))
                .keyBy(c -> c.key, Types.STRING)
                .window(SlidingEventTimeWindows.of(burst.window(), Duration.ofMinutes(1)))
                .reduce((a, b) -> new Contribution(
                        a.key, a.principal, Math.max(a.occurredAt, b.occurredAt), a.records + b.records))
                .name("burst-window")
                .flatMap(new BurstThreshold(settings, alertTopic))
                .name("burst-threshold");
        contributions
                .getSideOutput(StatelessStep.OUTPUTS)
                .union(bursts)
                .sinkTo(sink)
                .name("outputs");

        ThreadCpu.Sampler cpu = ThreadCpu.self().start();
        long started = System.nanoTime();
        env.execute("transfer-monitor-peer-" + runId);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        return new Result(elapsed, cpu.stop());
    }

    /** Each record to its own topic, with its key and headers. */
    private static final class OutSerializer implements KafkaRecordSerializationSchema<Out> {
        private static final long serialVersionUID = 1L;

        @Override
        public ProducerRecord<byte[], byte[]> serialize(Out out, KafkaSinkContext context, Long timestamp) {
            RecordHeaders headers = new RecordHeaders();
            for (int i = 0; i < out.headerKeys.length; i++) {
                headers.add(out.headerKeys[i], out.headerValues[i]);
            }
            return new ProducerRecord<>(out.topic, null, timestamp, out.key, out.value, headers);
        }
    }
}
