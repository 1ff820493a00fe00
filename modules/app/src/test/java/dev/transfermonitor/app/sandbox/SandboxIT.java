package dev.transfermonitor.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox defaults in one place: broker, topics, sample reference data, settings; a temporary directory goes. */
class SandboxIT {

    @TempDir
    Path dir;

    @Test
    void aSandboxHasTheSampleCompanyOnOneReplicaAndItsOwnState() throws Exception {
        Path kept = dir.resolve("kept");
        try (Sandbox sandbox =
                Sandbox.builder().dataDir(kept).applicationId("sandbox-test").start()) {
            MonitorConfig config = sandbox.config();

            assertThat(sandbox.dir()).isEqualTo(kept);
            assertThat(config.bootstrapServers()).isEqualTo(sandbox.bootstrapServers());
            assertThat(config.replicationFactor()).isEqualTo((short) 1);
            assertThat(config.partitions()).isEqualTo(Sandbox.DEFAULT_PARTITIONS);
            assertThat(config.applicationId()).isEqualTo("sandbox-test");
            assertThat(config.stateDir()).isEqualTo(kept.resolve("state"));
            assertThat(config.rules().version())
                    .isEqualTo(
                            MonitorConfig.rulesFile(MonitorConfig.SAMPLE_RULES).version());
            assertThat(sandbox.referenceLoaded())
                    .containsAllEntriesOf(Map.of(
                            RecordKind.ASSET,
                            ReferenceData.valuesOf(ReferenceData.bundled(), RecordKind.ASSET)
                                    .size()));
            try (Admin admin = Admin.create(config.clientProperties())) {
                Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                assertThat(topics).containsAll(config.topics().all());
            }
            MonitorConfig other = sandbox.config(Map.of("topic.prefix", "other.", "topic.partitions", "2"));
            assertThat(other.topics().alerts())
                    .isEqualTo("other." + config.topics().alerts());
            assertThat(other.partitions()).isEqualTo(2);
            assertThat(other.bootstrapServers()).isEqualTo(sandbox.bootstrapServers());
        }
        assertThat(kept.resolve("kafka")).isDirectory();
    }

    @Test
    void aTemporarySandboxIsRemovedOnClose() {
        Path[] seen = new Path[1];
        try (Sandbox sandbox =
                Sandbox.builder().withoutTopics().onDirectory(d -> seen[0] = d).start()) {
            assertThat(sandbox.dir()).isEqualTo(seen[0]).isDirectory();
            assertThat(sandbox.referenceLoaded()).isEmpty();
        }
        assertThat(Files.exists(seen[0])).isFalse();
    }
}
