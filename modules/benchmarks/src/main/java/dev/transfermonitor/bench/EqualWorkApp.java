package dev.transfermonitor.bench;

import dev.transfermonitor.app.Monitor;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.detection.DetectionMetrics;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The equal-work topology ({@link EqualWork}) as a Kafka Streams application with the monitor's properties. */
final class EqualWorkApp implements TopologyRun.App {

    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;

    EqualWorkApp(MonitorConfig config, String alertTopic) {
        this.streams = new KafkaStreams(
                EqualWork.topology(config.topics(), config.rules(), DetectionMetrics.inMemory(), alertTopic),
                Monitor.properties(config));
        streams.setUncaughtExceptionHandler(e -> {
            failure = e;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    }

    @Override
    public void start(Duration timeout) {
        CountDownLatch running = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                running.countDown();
                stopped.countDown();
            }
        });
        streams.start();
        try {
            if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the equal-work topology did not start within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        if (hasStopped()) {
            throw new IllegalStateException("the equal-work topology failed to start", failure);
        }
    }

    @Override
    public boolean hasStopped() {
        return stopped.getCount() == 0;
    }

    @Override
    public void close() {
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        stopped.countDown();
    }
}
