package dev.transfermonitor.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import dev.transfermonitor.app.AccessRefusalLogFilter;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class KafkaAccessExceptionTest {

    private static final Map<String, Object> CLIENT = Map.of(
            "sasl.mechanism",
            "SCRAM-SHA-512",
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"transfer-monitor\" "
                    + "password=\"s3cret-never-shown\";");

    @Test
    void aRefusedLoginNamesUserAndMechanismButNotThePassword() {
        var refused = KafkaAccessException.from(
                new ExecutionException(
                        new SaslAuthenticationException(
                                "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")),
                CLIENT);

        assertThat(refused)
                .get()
                .extracting(Throwable::getMessage)
                .asString()
                .startsWith(
                        "Kafka: authentication failed for user transfer-monitor (SASL/SCRAM-SHA-512): Authentication failed")
                .doesNotContain("s3cret");
    }

    @Test
    void refusalsAreFoundInsideKafkaStreamsWrappers() {
        var topic = KafkaAccessException.from(
                new StreamsException(new TopicAuthorizationException(Set.of("b", "a"))), CLIENT);
        var group = KafkaAccessException.from(
                new StreamsException(new GroupAuthorizationException("Not authorized to access group: tm", "tm")),
                Map.of());

        assertThat(topic)
                .get()
                .extracting(Throwable::getMessage)
                .isEqualTo("Kafka: user transfer-monitor is not authorized to use topic(s) a, b");
        assertThat(group)
                .get()
                .extracting(Throwable::getMessage)
                .isEqualTo(
                        "Kafka: the configured Kafka user is not authorized to use consumer group tm (needs Read on the Group)");
    }

    @Test
    void otherFailuresAreNoRefusal() {
        assertThat(KafkaAccessException.from(new StreamsException(new TimeoutException("slow")), CLIENT))
                .isEmpty();
        assertThat(KafkaAccessException.from(new IllegalStateException("x"), null))
                .isEmpty();
    }

    @Test
    void kafkasOwnLinesAboutARefusalAreDroppedUnlessKafkaLoggingIsOn() {
        LoggerContext context = new LoggerContext();
        AccessRefusalLogFilter filter = new AccessRefusalLogFilter();
        var kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        var ours = context.getLogger("dev.transfermonitor.app.Main");
        kafka.setLevel(Level.ERROR);
        Object[] none = {};

        assertThat(filter.decide(
                        null,
                        kafka,
                        Level.ERROR,
                        "Connection to node {} ({}) failed authentication due to: {}",
                        none,
                        null))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(
                        null,
                        kafka,
                        Level.ERROR,
                        "Encountered the following exception",
                        none,
                        new StreamsException(new TopicAuthorizationException(Set.of("t")))))
                .isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, kafka, Level.ERROR, "Disk full", none, new IllegalStateException()))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, ours, Level.ERROR, "failed authentication", none, null))
                .isEqualTo(FilterReply.NEUTRAL);
        kafka.setLevel(Level.INFO);
        assertThat(filter.decide(
                        null,
                        kafka,
                        Level.ERROR,
                        "Connection to node {} ({}) failed authentication due to: {}",
                        none,
                        null))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
