package dev.transfermonitor.detection.rulesfile;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample rules in the whole topology: the sample company's heavy benign users stay
 * quiet under them, an insider's bulk export does not.
 */
class SampleRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private final Harness tm = Harness.sampleCompany(RulesFile.bundledSample());

    @AfterEach
    void close() {
        tm.close();
    }

    private List<String> burstsBy() {
        return tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.VOLUME_BURST)
                .map(TransferAlert::getPrincipalId)
                .toList();
    }

    @Test
    void anInsiderExporting200kPersonalRecordsInFiveMinutesRaisesABurst() {
        for (int i = 0; i < 10; i++) {
            tm.send(anAccess()
                    .by("emp-1005")
                    .on("crm-db-seoul")
                    .action(AccessAction.EXPORT)
                    .records(20_000)
                    .bytes(20_000L * 2_048)
                    .at(T0.plusSeconds(30L * i))
                    .build());
        }

        assertThat(burstsBy()).isNotEmpty().containsOnly("emp-1005");
    }

    @Test
    void theBenignPeaksOfTheSampleCompanyStayQuiet() {
        for (int i = 0; i < 10; i++) {
            Instant at = T0.plusSeconds(60L * i);
            // The Singapore support desk at its 10-minute peak, about 126,000 records.
            tm.send(anAccess()
                    .by("emp-3001")
                    .on("crm-db-seoul")
                    .from("198.51.100.7")
                    .records(12_600)
                    .bytes(12_600L * 2_560)
                    .at(at)
                    .build());
            // An office employee at theirs, about 40,000 records.
            tm.send(anAccess()
                    .by("emp-1002")
                    .on(i % 2 == 0 ? "crm-db-seoul" : "orders-db-seoul")
                    .records(4_000)
                    .bytes(4_000L * 2_560)
                    .at(at)
                    .build());
            // The storefront, allowlisted, well above its peak of about 165,000.
            tm.send(anAccess()
                    .by("svc-orders-api")
                    .on("orders-db-seoul")
                    .country("KR")
                    .records(30_000)
                    .bytes(30_000L * 2_560)
                    .at(at)
                    .build());
            // The backups, allowlisted by job prefix.
            tm.send(aReplication()
                    .by("svc-backup")
                    .job("backup-crm-db-seoul-" + i)
                    .kind(ReplicationKind.BACKUP)
                    .from("crm-db-seoul")
                    .toAsset("backup-vault-singapore")
                    .records(50_000)
                    .bytes(50_000L * 2_560)
                    .at(at)
                    .build());
        }

        assertThat(burstsBy()).isEmpty();
    }
}
