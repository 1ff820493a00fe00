package dev.transfermonitor.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transfermonitor.app.evaluation.Scorecard;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.LedgerVerifier;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.Printable;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An account id holding an OSC title sequence (ESC ] 0 ; ... BEL) and a right-to-left override reaches the
 * summary; no text output of alerts, demo, replay, simulate or audit verify may hand those to the terminal.
 */
class TextOutputEscapingTest {

    static final String HOSTILE = "999\u001b]0;owned\u0007\u202egpj.exe\n2026-12-02 INFO forged";
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void everyAlertFormatShowsControlAndBidiCharactersAsEscapes() throws Exception {
        TransferAlert alert = alert("Snapshot shared with account " + HOSTILE);

        String text = AlertFormat.text.format(alert);
        assertThat(text).contains("account 999\\u{1B}]0;owned\\u{7}\\u{202E}gpj.exe\\u{A}2026-12-02 INFO forged");
        for (AlertFormat format : AlertFormat.values()) {
            String line = format.format(alert);
            assertThat(Printable.isSafe(line)).as("%s: %s", format, line).isTrue();
        }
        assertThat(new ObjectMapper()
                        .readTree(AlertFormat.json.format(alert))
                        .get("summary")
                        .asText())
                .endsWith(HOSTILE);
        assertThat(new ObjectMapper().readTree(AlertFormat.ocsf.format(alert)).toString())
                .contains("\\u001B]0;owned");
    }

    @Test
    void aForgedAlertWithAShortIdIsShown() {
        TransferAlert alert =
                TransferAlert.newBuilder(alert("s")).setAlertId("\u001b[2J").build();
        assertThat(AlertFormat.line(alert)).contains("[alert \\u{1B}[2J, risk 90]");
    }

    @Test
    void falseAlertsOfTheScorecardAreEscaped() {
        TransferAlert alert = TransferAlert.newBuilder(alert("read by " + HOSTILE))
                .setPrincipalId(HOSTILE)
                .build();
        StringWriter out = new StringWriter();
        ScorecardView.printFalseAlerts(Scorecard.of(List.of(), List.of(alert), 1000), new PrintWriter(out, true));
        assertThat(out.toString().lines())
                .hasSize(2)
                .allSatisfy(line -> assertThat(Printable.isSafe(line)).isTrue());
        assertThat(out.toString()).contains("\\u{202E}");
    }

    @Test
    void auditVerifyQuotesAForgedHashEscaped() {
        LedgerEntry forged = LedgerEntry.newBuilder()
                .setSequence(0)
                .setEventId("e")
                .setOccurredAt(T)
                .setPrincipalId("p")
                .setKind(TransferKind.ACCESS)
                .setOriginJurisdiction("KR")
                .setDestinationJurisdiction("US")
                .setDataClasses(List.of("PERSONAL"))
                .setRecordCount(1)
                .setByteCount(1)
                .setDecision(LedgerDecision.DENIED)
                .setPreviousHash(LedgerChain.GENESIS)
                .setHash("\u001b]0;ok\u0007\u202e")
                .build();
        LedgerVerifier verifier = new LedgerVerifier();
        verifier.begin(0, 0);
        verifier.check(0, 0, AvroCodec.of(LedgerEntry.class).encode(forged));
        StringWriter out = new StringWriter();

        AuditCommand.Verify.print(new PrintWriter(out, true), "transfer.audit.v1", 1, verifier.result());

        assertThat(out.toString()).startsWith("BROKEN").contains("'\\u{1B}]0;ok\\u{7}\\u{202E}'");
        assertThat(out.toString().lines())
                .allSatisfy(line -> assertThat(Printable.isSafe(line)).as(line).isTrue());
    }

    private static TransferAlert alert(String summary) {
        return TransferAlert.newBuilder()
                .setAlertId("0123456789abcdef")
                .setAlertKey("EXTERNAL_TRANSFER|emp-1")
                .setRevision(1)
                .setType(AlertType.EXTERNAL_TRANSFER)
                .setRuleId("external-account")
                .setRuleVersion("1")
                .setSeverity(Severity.HIGH)
                .setRiskScore(90)
                .setSummary(summary)
                .setPrincipalId("emp-1")
                .setDataClasses(List.of("PERSONAL"))
                .setFirstSeen(T)
                .setLastSeen(T)
                .setEventCount(1)
                .setRecordCount(1)
                .setByteCount(1)
                .setMitreTechniques(List.of("T1537"))
                .setEvidence(List.of())
                .build();
    }
}
