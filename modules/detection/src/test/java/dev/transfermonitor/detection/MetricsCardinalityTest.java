package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.ReplicationKind;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Labels are bounded: ten thousand principals make no more series than a hundred. */
class MetricsCardinalityTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private void traffic(int from, int to) {
        Instant at = Instant.parse("2026-11-27T09:00:00Z");
        for (int i = from; i < to; i++) {
            String principal = "user-" + i;
            tm.send(anAccess()
                    .by(principal)
                    .withCredential("key-" + i)
                    .on("crm-db-seoul")
                    .from("203.0.113." + (i % 250))
                    .at(at)
                    .build());
            tm.send(anAccess()
                    .by(principal)
                    .on("orders-db-seoul")
                    .from("10.1." + (i % 250) + ".1")
                    .at(at)
                    .build());
            tm.send(aReplication()
                    .by(principal)
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .at(at)
                    .build());
            tm.sendAccessBytes(principal, new byte[] {1, 2, 3});
        }
    }

    @Test
    void seriesDoNotGrowWithPrincipals() {
        traffic(0, 100);
        int series = tm.metrics.registry().getMeters().size();
        assertThat(tm.alerts()).isNotEmpty();

        traffic(100, 10_000);

        assertThat(tm.metrics.registry().getMeters()).hasSize(series);
        assertThat(tm.events("access", "processed")).isEqualTo(20_000);
        assertThat(tm.metrics.registry().getMeters())
                .noneMatch(m -> m.getId().getTags().toString().contains("user-"));
    }
}
