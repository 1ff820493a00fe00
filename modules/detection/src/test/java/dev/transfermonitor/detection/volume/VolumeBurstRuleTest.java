package dev.transfermonitor.detection.volume;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bursts per principal and credential in a 10-minute sliding window (PERSONAL threshold 50,000 records). */
class VolumeBurstRuleTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private Harness tm = Harness.sampleCompany(RuleSet.defaults());

    @AfterEach
    void close() {
        tm.close();
    }

    private static DataAccessEvent export(String principal, Instant at, long records) {
        return anAccess()
                .by(principal)
                .withCredential("sso-" + principal)
                .on("crm-db-seoul")
                .action(AccessAction.EXPORT)
                .records(records)
                .bytes(records * 200)
                .at(at)
                .build();
    }

    private List<TransferAlert> bursts() {
        return tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.VOLUME_BURST)
                .toList();
    }

    @Test
    void anInsidersBulkExportAlertsOnceItCrossesTheThreshold() {
        for (int i = 0; i < 10; i++) {
            tm.send(export("emp-1003", T0.plusSeconds(30L * i), 6_000));
        }

        List<TransferAlert> alerts = bursts();
        assertThat(alerts).hasSize(2); // NEW at the 9th export (54,000), UPDATED at the 10th (two events: doubled)
        TransferAlert first = alerts.get(0);
        assertThat(first.getRevision()).isEqualTo(1);
        assertThat(first.getCredentialId()).isEqualTo("sso-emp-1003");
        assertThat(first.getSummary())
                .contains("emp-1003 (credential sso-emp-1003)", "54,000 PERSONAL records", "10 minutes");
        assertThat(first.getWindowEnd()).isEqualTo(Instant.parse("2026-11-27T08:05:00Z"));
        assertThat(first.getWindowStart()).isEqualTo(Instant.parse("2026-11-27T07:55:00Z"));
        assertThat(first.getMitreTechniques()).contains("T1020");
        assertThat(first.getRecordCount()).isEqualTo(54_000); // the window's total, not the one export
        assertThat(alerts.get(1).getRecordCount()).isEqualTo(60_000);
        assertThat(alerts.get(1).getRevision()).isEqualTo(2);
    }

    @Test
    void theSameVolumeSpreadOverHoursStaysQuiet() {
        for (int i = 0; i < 10; i++) {
            tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(12L * i)), 6_000));
        }

        assertThat(bursts()).isEmpty();
    }

    @Test
    void eachDataClassHasItsOwnThreshold() {
        // orders-db-seoul holds PERSONAL and PAYMENT; PAYMENT's threshold is 20,000 records.
        tm.send(anAccess()
                .by("emp-1004")
                .on("orders-db-seoul")
                .records(25_000)
                .at(T0)
                .build());

        assertThat(bursts())
                .singleElement()
                .satisfies(a -> assertThat(a.getDataClasses()).containsExactly("PAYMENT"));
    }

    @Test
    void outOfOrderEventsWithinGraceCountInTheirWindow() {
        tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(9)), 30_000));
        tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(5)), 25_000)); // earlier, arrives later

        assertThat(bursts())
                .singleElement()
                .satisfies(a -> assertThat(a.getSummary()).contains("55,000"));
    }

    @Test
    void aLateEventCountsInEveryWindowItFallsIn() {
        tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(5)), 40_000));
        tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(14)), 1));
        tm.send(export(
                "emp-1003", T0.plus(Duration.ofMinutes(3)), 20_000)); // late, within grace: minutes 3-12 hold 60,000

        assertThat(bursts())
                .singleElement()
                .satisfies(a -> assertThat(a.getRecordCount()).isEqualTo(60_000));
    }

    @Test
    void eventsPastWindowAndGraceAreCountedAsLateAndIgnored() {
        tm.send(export("emp-1003", T0.plus(Duration.ofMinutes(30)), 30_000));
        tm.send(export("emp-1003", T0, 30_000)); // 30 minutes late: beyond 10 + 2 minutes

        assertThat(bursts()).isEmpty();
        assertThat(tm.metrics.count("transfer.late.events", "rule", "volume-burst"))
                .isEqualTo(2); // principal and credential
    }

    @Test
    void allowlistedPrincipalsAndJobsAreNotCounted() {
        tm.close();
        VolumeSettings on = VolumeSettings.defaults();
        tm = Harness.sampleCompany(RuleSet.defaults()
                .withVolume(new VolumeSettings(
                        on.burst(),
                        on.slow(),
                        on.baseline(),
                        new VolumeSettings.Allowlist(Set.of("emp-1003"), Set.of(), Set.of()),
                        List.of())));

        tm.send(export("emp-1003", T0, 80_000));
        tm.send(export("emp-1004", T0, 80_000));

        assertThat(bursts()).extracting(TransferAlert::getPrincipalId).containsExactly("emp-1004");
    }

    @Test
    void suppressedAlertsAreCountedNotRaised() {
        tm.close();
        VolumeSettings on = VolumeSettings.defaults();
        tm = Harness.sampleCompany(RuleSet.defaults()
                .withVolume(new VolumeSettings(
                        on.burst(),
                        on.slow(),
                        on.baseline(),
                        on.allowlist(),
                        List.of(new VolumeSettings.Suppression(
                                AlertType.VOLUME_BURST,
                                "emp-1003",
                                Instant.parse("2027-01-01T00:00:00Z"),
                                "planned migration")))));

        tm.send(export("emp-1003", T0, 80_000));

        assertThat(bursts()).isEmpty();
        assertThat(tm.metrics.count("transfer.alerts.suppressed", "type", "VOLUME_BURST"))
                .isEqualTo(1);
    }
}
