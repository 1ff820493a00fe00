package dev.transfermonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.events.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaBroker.class)
class KafkaBrokerParameterIT {

    @Test
    void resolvedBrokerIsTheSharedOne(KafkaBroker broker) {
        assertThat(broker.bootstrapServers()).isEqualTo(KafkaBroker.shared().bootstrapServers());

        Topics topics = broker.newTopics(1);
        broker.send(topics.policies(), References.policy("kr-hr-v1", "KR", "HR"));
        assertThat(KafkaBroker.shared().readAll(topics.policies(), 1, Duration.ofSeconds(20)))
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("kr-hr-v1"));
    }
}
