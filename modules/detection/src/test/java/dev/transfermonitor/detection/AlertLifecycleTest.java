package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.AvroCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One finding per key; NEW, then UPDATED only on escalation; ids that survive a replay. */
class AlertLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-27T08:00:00Z");
    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private static DataAccessEvent departedRead(int i, long records) {
        return anAccess()
                .eventId("e-" + i)
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .records(records)
                .at(T0.plusSeconds(i))
                .build();
    }

    @Test
    void aRepeatedFindingIsUpdatedOnlyWhenItsCountDoubles() {
        for (int i = 0; i < 10; i++) {
            tm.send(departedRead(i, 5));
        }

        List<TransferAlert> alerts = tm.alerts();
        assertThat(alerts).extracting(TransferAlert::getRevision).containsExactly(1, 2, 3, 4);
        assertThat(alerts).extracting(TransferAlert::getEventCount).containsExactly(1L, 2L, 4L, 8L);
        assertThat(alerts)
                .extracting(TransferAlert::getAlertId)
                .containsOnly(alerts.get(0).getAlertId());
        TransferAlert last = alerts.get(3);
        assertThat(last.getRecordCount()).isEqualTo(40);
        assertThat(last.getFirstSeen()).isEqualTo(T0);
        assertThat(last.getLastSeen()).isEqualTo(T0.plusSeconds(7));
        assertThat(last.getEvidence()).hasSize(8);
    }

    @Test
    void aRiseInSeverityIsAnEscalation() {
        tm.send(departedRead(0, 1));
        tm.send(departedRead(1, 1));
        tm.send(departedRead(2, 5_000_000));

        List<TransferAlert> alerts = tm.alerts();
        assertThat(alerts).extracting(TransferAlert::getRevision).containsExactly(1, 2, 3);
        assertThat(alerts.get(2).getSeverity()).isGreaterThan(alerts.get(0).getSeverity());
        assertThat(alerts.get(2).getEventCount()).isEqualTo(3);
    }

    @Test
    void evidenceStaysBounded() {
        for (int i = 0; i < 100; i++) {
            tm.send(departedRead(i, 1));
        }

        List<TransferAlert> alerts = tm.alerts();
        TransferAlert last = alerts.get(alerts.size() - 1);
        assertThat(last.getEvidence()).hasSize(20);
        assertThat(last.getEvidence().get(0).getOffset()).isZero();
    }

    @Test
    void oneEpisodeSpansMidnightAndAQuietPeriodClosesIt() {
        Instant beforeMidnight = Instant.parse("2026-11-10T23:58:00Z");
        tm.send(departedReadAt("a", beforeMidnight));
        tm.send(departedReadAt("b", beforeMidnight.plus(Duration.ofMinutes(5))));
        tm.send(departedReadAt("c", beforeMidnight.plus(Duration.ofMinutes(5)).plus(RuleSet.DEFAULT_QUIET_PERIOD)));
        tm.send(departedReadAt("d", beforeMidnight.plus(Duration.ofMinutes(6)).plus(RuleSet.DEFAULT_QUIET_PERIOD)));

        List<TransferAlert> alerts = tm.alerts();
        // The first two are one case (NEW, then UPDATED as its count doubled); a week later,
        // still within the quiet period, the same case goes on; past it a new case would open.
        assertThat(alerts).extracting(TransferAlert::getRevision).containsExactly(1, 2, 3);
        assertThat(alerts)
                .extracting(TransferAlert::getAlertId)
                .containsOnly(alerts.get(0).getAlertId());

        tm.send(departedReadAt(
                "e", beforeMidnight.plus(Duration.ofMinutes(7)).plus(RuleSet.DEFAULT_QUIET_PERIOD.multipliedBy(2))));
        List<TransferAlert> later = tm.alerts();
        assertThat(later).singleElement().satisfies(a -> {
            assertThat(a.getRevision()).isEqualTo(1);
            assertThat(a.getAlertId()).isNotEqualTo(alerts.get(0).getAlertId());
            assertThat(a.getAlertKey()).isEqualTo(alerts.get(0).getAlertKey());
            assertThat(a.getEventCount()).isEqualTo(1);
        });
    }

    @Test
    void aSweepDoesNotCloseAnEpisodeThatALateEventStillBelongsTo() {
        Instant start = Instant.parse("2026-11-10T08:00:00Z");
        tm.send(departedReadAt("a", start));
        // Another principal's event, a quiet period and an hour later, moves the task's newest time on.
        tm.send(anAccess()
                .eventId("other")
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("US")
                .at(start.plus(RuleSet.DEFAULT_QUIET_PERIOD).plus(Duration.ofHours(1)))
                .build());
        tm.advanceWallClock(Duration.ofMinutes(11)); // the sweep runs
        tm.send(departedReadAt("late", start.plus(Duration.ofHours(1))));

        List<TransferAlert> emp2040 = tm.alerts().stream()
                .filter(a -> a.getPrincipalId().equals("emp-2040"))
                .toList();
        assertThat(emp2040).extracting(TransferAlert::getRevision).containsExactly(1, 2);
        assertThat(emp2040)
                .extracting(TransferAlert::getAlertId)
                .containsOnly(emp2040.get(0).getAlertId());
    }

    @Test
    void eventsDaysBehindTheNewestStillFoldIntoTheirFinding() {
        tm.send(departedRead(0, 1));
        for (int i = 1; i <= 3; i++) {
            tm.send(anAccess()
                    .eventId("old-" + i)
                    .by("emp-2040")
                    .withCredential("key-emp-2040-api")
                    .on("crm-db-seoul")
                    .from("10.1.1.1")
                    .at(T0.minus(Duration.ofDays(10)).plusSeconds(i))
                    .build());
        }

        List<TransferAlert> alerts = tm.alerts();
        assertThat(alerts).extracting(TransferAlert::getRevision).containsExactly(1, 2, 3);
        assertThat(alerts.get(2).getFirstSeen())
                .isEqualTo(T0.minus(Duration.ofDays(10)).plusSeconds(1));
    }

    @Test
    void laterEventsWidenTheFindingsClassesPolicyAndCredential() {
        // Same route (KR to US) and principal: first the CRM (PERSONAL, CONTACT), then the orders
        // database (PERSONAL, PAYMENT) with another key: a SIEM filter on PAYMENT must find the case.
        tm.send(anAccess()
                .eventId("r1")
                .by("emp-1001")
                .withCredential("sso-emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .country("US")
                .at(T0)
                .build());
        tm.send(anAccess()
                .eventId("r2")
                .by("emp-1001")
                .withCredential("key-emp-1001-cli")
                .on("orders-db-seoul")
                .from(null)
                .country("US")
                .at(T0.plusSeconds(60))
                .build());

        List<TransferAlert> alerts = tm.alerts().stream()
                .filter(a -> a.getType() == AlertType.CROSS_BORDER_VIOLATION)
                .toList();
        assertThat(alerts).extracting(TransferAlert::getRevision).containsExactly(1, 2);
        TransferAlert last = alerts.get(1);
        assertThat(last.getDataClasses()).containsExactlyInAnyOrder("PERSONAL", "CONTACT", "PAYMENT");
        assertThat(last.getPolicyId()).isEqualTo("kr-payment-v1");
        assertThat(last.getCredentialId()).isEqualTo("key-emp-1001-cli");
    }

    private static DataAccessEvent departedReadAt(String id, Instant at) {
        return anAccess()
                .eventId(id)
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .at(at)
                .build();
    }

    @Test
    void aReplayOfTheSameInputYieldsTheSameAlerts() {
        List<TransferAlert> first;
        List<TransferAlert> second;
        try (Harness a = Harness.sampleCompany();
                Harness b = Harness.sampleCompany()) {
            for (int i = 0; i < 5; i++) {
                a.send(departedRead(i, 3));
                b.send(departedRead(i, 3));
            }
            first = a.alerts();
            second = b.alerts();
        }
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    @Test
    void everyRevisionIsMirroredAsAnOcsfFinding() {
        for (int i = 0; i < 4; i++) {
            tm.send(departedRead(i, 5));
        }

        List<TransferAlert> alerts = tm.alerts();
        var findings = tm.ocsf();
        assertThat(findings).hasSameSizeAs(alerts);
        assertThat(findings)
                .extracting(kv -> kv.key)
                .containsExactlyElementsOf(
                        alerts.stream().map(TransferAlert::getAlertId).toList());
        assertThat(findings.get(0).value).contains("\"class_uid\":2004", "\"activity_id\":1");
        assertThat(findings.get(1).value).contains("\"activity_id\":2");
    }

    @Test
    void alertsAreKeyedByTheirId() {
        tm.send(departedRead(0, 1));

        var record = tm.alertRecords().get(0);
        TransferAlert alert = AvroCodec.of(TransferAlert.class).decode(record.value);
        assertThat(record.key).isEqualTo(alert.getAlertId());
        assertThat(alert.getType()).isEqualTo(AlertType.INACTIVE_IDENTITY);
        assertThat(alert.getRuleVersion()).isEqualTo(RuleSet.defaults().version());
    }
}
