package dev.transfermonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class KafkaBrokerIT {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerIT.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static Admin admin;

    @BeforeAll
    static void admin() {
        LOG.info("broker: {}", KAFKA.description());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
    }

    @AfterAll
    static void closeAdmin() {
        admin.close();
    }

    @Test
    void brokerAnswersWithOneNode() throws Exception {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
    }

    @Test
    void brokerRunsTheReleasedVersionAndFeatures() throws Exception {
        Map<String, FinalizedVersionRange> features =
                admin.describeFeatures().featureMetadata().get().finalizedFeatures();

        assertThat(features.get(MetadataVersion.FEATURE_NAME).maxVersionLevel())
                .isEqualTo(MetadataVersion.latestProduction().featureLevel());
        assertThat(features).containsKeys("group.version", "transaction.version", "streams.version");
    }

    @Test
    void newTopicsCreatesEveryTopicWithItsCleanupPolicy() throws Exception {
        Topics topics = KAFKA.newTopics(3);

        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics.all()).allTopicNames().get();
        assertThat(descriptions.keySet()).containsExactlyInAnyOrderElementsOf(topics.all());
        assertThat(descriptions.values())
                .allSatisfy(d -> assertThat(d.partitions()).hasSize(3));

        Map<String, String> policies = cleanupPolicies(topics.all());
        for (String topic : topics.all()) {
            String expected = topics.reference().contains(topic) ? "compact" : "delete";
            assertThat(policies.get(topic)).as(topic).isEqualTo(expected);
        }
        assertThat(policies.get(topics.assets())).isEqualTo("compact");
        assertThat(policies.get(topics.access())).isEqualTo("delete");
    }

    @Test
    void createTopicAppliesItsConfig() throws Exception {
        String name = "single-" + Events.nextId("topic");
        KAFKA.createTopic(name, 2, Map.of("retention.ms", "3600000"));

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(admin.describeTopics(List.of(name))
                        .allTopicNames()
                        .get()
                        .get(name)
                        .partitions())
                .hasSize(2);
    }

    @Test
    void rawRecordsMakeTheRoundTrip() {
        Topics topics = KAFKA.newTopics(2);
        byte[] value = "hello".getBytes(StandardCharsets.UTF_8);

        KAFKA.send(topics.dlq(), "k-1", value);
        KAFKA.send(topics.dlq(), "k-2", null);

        List<ConsumerRecord<String, byte[]>> records = KAFKA.readAll(topics.dlq(), 2, TIMEOUT);
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("k-1", "k-2");
        assertThat(records)
                .filteredOn(r -> r.key().equals("k-1"))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isEqualTo(value));
        assertThat(records)
                .filteredOn(r -> r.key().equals("k-2"))
                .singleElement()
                .satisfies(r -> assertThat(r.value()).isNull());
    }

    @Test
    void avroRecordsAreKeyedByTheirKind() {
        Topics topics = KAFKA.newTopics(1);
        DataAccessEvent access =
                Events.anAccess().by("emp-2040").from("203.0.113.77").build();
        ReplicationEvent replication = Events.aReplication().build();

        KAFKA.send(topics.access(), access);
        KAFKA.send(topics.replication(), replication);

        assertThat(KAFKA.readAll(topics.access(), 1, TIMEOUT))
                .singleElement()
                .satisfies(r -> assertThat(r.key()).isEqualTo("emp-2040"));
        assertThat(KAFKA.readValues(topics.access(), DataAccessEvent.class, 1, TIMEOUT))
                .containsExactly(access);
        assertThat(KAFKA.readValues(topics.replication(), ReplicationEvent.class, 1, TIMEOUT))
                .containsExactly(replication);
    }

    @Test
    void twoTopicSetsNeverCollide() throws Exception {
        Topics first = KAFKA.newTopics(1);
        Topics second = KAFKA.newTopics(1);

        assertThat(Set.copyOf(first.all())).doesNotContainAnyElementsOf(second.all());

        KAFKA.send(first.access(), Events.anAccess().build());
        KAFKA.readAll(first.access(), 1, TIMEOUT);
        TopicPartition secondAccess = new TopicPartition(second.access(), 0);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        Map.of(secondAccess, OffsetSpec.latest()))
                .all()
                .get();
        assertThat(ends.get(secondAccess).offset()).isZero();
    }

    @Test
    void readAllFailsWhenTooFewRecordsArrive() {
        Topics topics = KAFKA.newTopics(1);
        KAFKA.send(topics.alerts(), "only", new byte[] {1});

        assertThatThrownBy(() -> KAFKA.readAll(topics.alerts(), 2, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected at least 2")
                .hasMessageContaining("read 1");
    }

    private static Map<String, String> cleanupPolicies(Collection<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        Map<ConfigResource, Config> configs =
                admin.describeConfigs(resources).all().get();
        return configs.entrySet().stream()
                .collect(Collectors.toMap(
                        e -> e.getKey().name(),
                        e -> e.getValue().get("cleanup.policy").value()));
    }
}
