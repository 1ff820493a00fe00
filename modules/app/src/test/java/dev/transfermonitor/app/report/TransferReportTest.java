package dev.transfermonitor.app.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.ledger.LedgerChain;
import dev.transfermonitor.detection.ledger.SubjectSketches;
import dev.transfermonitor.events.Printable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TransferReportTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void groupsByRouteClassKindDecisionAndBasisAndCountsEachTransferOnceInTheTotals() {
        TransferReport.Builder b = TransferReport.builder(FROM, TO);
        b.add(entry(
                "KR",
                "SG",
                List.of("PERSONAL", "CONTACT"),
                TransferKind.ACCESS,
                LedgerDecision.ALLOWED,
                LegalBasis.CONTRACT,
                10,
                1000,
                keys(0, 10)));
        b.add(entry(
                "KR",
                "SG",
                List.of("PERSONAL"),
                TransferKind.ACCESS,
                LedgerDecision.ALLOWED,
                LegalBasis.CONTRACT,
                5,
                500,
                keys(5, 15)));
        b.add(entry(
                "KR", "US", List.of("PERSONAL"), TransferKind.REPLICA, LedgerDecision.DENIED, null, 700, 70_000, null));
        b.add(entry(null, "EU", List.of(), TransferKind.ACCESS, LedgerDecision.UNKNOWN, null, 1, 1, keys(0, 1)));
        assertThat(b.add(entry(
                        "KR",
                        "US",
                        List.of("PERSONAL"),
                        TransferKind.REPLICA,
                        LedgerDecision.DENIED,
                        null,
                        1,
                        1,
                        null,
                        TO)))
                .as("the end of the period is excluded")
                .isFalse();
        assertThat(b.add(entry(
                        "KR",
                        "US",
                        List.of("PERSONAL"),
                        TransferKind.REPLICA,
                        LedgerDecision.DENIED,
                        null,
                        1,
                        1,
                        null,
                        FROM.minusMillis(1))))
                .isFalse();

        TransferReport r = b.build(NOW);

        assertThat(r.totals().transfers()).isEqualTo(4);
        assertThat(r.totals().records()).isEqualTo(716);
        assertThat(r.totals().bytes()).isEqualTo(71_501);
        assertThat(r.totals().subjects().estimate()).isEqualTo(15);
        assertThat(r.decisions())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(LedgerDecision.ALLOWED, 2L, LedgerDecision.DENIED, 1L, LedgerDecision.UNKNOWN, 1L));
        assertThat(r.groups())
                .extracting(g -> g.key().toString() + "=" + g.counts().transfers() + "/"
                        + g.counts().records())
                .containsExactly(
                        "GroupKey[origin=KR, destination=SG, dataClass=PERSONAL, kind=ACCESS, decision=ALLOWED, basis=CONTRACT]=2/15",
                        "GroupKey[origin=KR, destination=SG, dataClass=CONTACT, kind=ACCESS, decision=ALLOWED, basis=CONTRACT]=1/10",
                        "GroupKey[origin=KR, destination=US, dataClass=PERSONAL, kind=REPLICA, decision=DENIED, basis=null]=1/700",
                        "GroupKey[origin=UNKNOWN, destination=EU, dataClass=NONE, kind=ACCESS, decision=UNKNOWN, basis=null]=1/1");
        TransferReport.Group personalSg = r.groups().get(0);
        assertThat(personalSg.counts().subjects().estimate())
                .as("keys 0..14 across two entries")
                .isEqualTo(15);
        assertThat(personalSg.counts().subjects().lower95()).isLessThanOrEqualTo(15);
        assertThat(personalSg.counts().subjects().upper95()).isGreaterThanOrEqualTo(15);
        assertThat(r.groups().get(2).counts().subjects())
                .as("a replication names no subjects")
                .isNull();
        assertThat(r.routes())
                .extracting(rt -> rt.origin() + ">" + rt.destination() + " "
                        + rt.counts().transfers() + " notAllowed=" + rt.notAllowed())
                .containsExactly("KR>SG 2 notAllowed=0", "KR>US 1 notAllowed=1", "UNKNOWN>EU 1 notAllowed=1");
        assertThat(r.jurisdictions()).containsExactly("EU", "KR", "SG", "UNKNOWN", "US");
    }

    @Test
    void alertsCountOnceAtTheirLatestRevisionWhenTheyOverlapThePeriod() {
        TransferReport.Builder b = TransferReport.builder(FROM, TO);
        b.add(alert("a1", 1, AlertType.CROSS_BORDER_VIOLATION, "2026-10-31T23:00:00Z", "2026-10-31T23:30:00Z"));
        b.add(alert("a1", 2, AlertType.CROSS_BORDER_VIOLATION, "2026-10-31T23:00:00Z", "2026-11-01T00:10:00Z"));
        b.add(alert("a2", 1, AlertType.CROSS_BORDER_VIOLATION, "2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"));
        b.add(alert("a3", 3, AlertType.VOLUME_BURST, "2026-11-01T23:00:00Z", "2026-11-02T05:00:00Z"));
        b.add(alert("a3", 1, AlertType.VOLUME_BURST, "2026-11-01T23:00:00Z", "2026-11-01T23:10:00Z"));
        b.add(alert("a4", 1, AlertType.INACTIVE_IDENTITY, "2026-11-02T00:00:00Z", "2026-11-02T01:00:00Z"));
        b.add(alert("a5", 1, AlertType.INACTIVE_IDENTITY, "2026-10-30T00:00:00Z", "2026-10-31T23:59:59Z"));

        TransferReport r = b.build(NOW);

        assertThat(r.alertsByType())
                .containsExactly(Map.entry("CROSS_BORDER_VIOLATION", 2L), Map.entry("VOLUME_BURST", 1L));
        assertThat(r.alerts()).isEqualTo(3);
    }

    @Test
    void csvHasAStableHeaderAndOneRowPerGroupRouteTotalAndAlertType() {
        TransferReport r = sample();

        List<String> lines = List.of(ReportCsv.render(r).split("\r\n"));

        assertThat(lines.get(0)).isEqualTo(String.join(",", ReportCsv.COLUMNS));
        assertThat(lines).hasSize(1 + 2 + 2 + 1 + 1);
        assertThat(lines)
                .contains(
                        "group,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,KR,SG,PERSONAL,ACCESS,ALLOWED,CONTRACT,1,,,,,10,1000,10,10,10,,",
                        "route,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,KR,US,,,,,1,0,1,0,0,700,70000,,,,,",
                        "total,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,,,,,,,2,1,1,0,0,710,71000,10,10,10,,",
                        "alert,2026-11-01T00:00:00Z,2026-11-02T00:00:00Z,,,,,,,,,,,,,,,,,CROSS_BORDER_VIOLATION,1");
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(ReportCsv.COLUMNS.size()));
    }

    @Test
    void csvQuotesCellsThatNeedIt() {
        assertThat(ReportCsv.escape("a,b")).isEqualTo("\"a,b\"");
        assertThat(ReportCsv.escape("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(ReportCsv.escape("PERSONAL")).isEqualTo("PERSONAL");
    }

    @Test
    void jsonHasTheDocumentedFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(ReportJson.render(sample()));

        assertThat(json.at("/period/from").asText()).isEqualTo("2026-11-01T00:00:00Z");
        assertThat(json.at("/totals/transfers").asLong()).isEqualTo(2);
        assertThat(json.at("/totals/subjects/estimate").asLong()).isEqualTo(10);
        assertThat(json.at("/decisions/DENIED").asLong()).isEqualTo(1);
        assertThat(json.at("/subjectsEstimate/relativeStandardError").asDouble())
                .isEqualTo(0.0163);
        assertThat(json.at("/routes/1/origin").asText()).isEqualTo("KR");
        assertThat(json.at("/routes/1/destination").asText()).isEqualTo("US");
        assertThat(json.at("/routes/1/denied").asLong()).isEqualTo(1);
        assertThat(json.at("/groups/1/subjects").isNull()).isTrue();
        assertThat(json.at("/groups/1/basis").isNull()).isTrue();
        assertThat(json.at("/alertsByType/CROSS_BORDER_VIOLATION").asLong()).isEqualTo(1);
        assertThat(json.at("/alerts").asLong()).isEqualTo(1);
    }

    @Test
    void htmlEscapesEveryStringAndLoadsNothing() {
        TransferReport.Builder b = TransferReport.builder(FROM, TO);
        b.add(entry(
                "KR",
                "</script><b>x",
                List.of("<img src=x onerror=alert(1)>"),
                TransferKind.ACCESS,
                LedgerDecision.DENIED,
                null,
                1,
                1,
                keys(0, 1)));

        String html = ReportHtml.render(b.build(NOW));

        assertThat(html)
                .doesNotContain("<img src=x")
                .doesNotContain("</script><b>")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("\\u003c/script\\u003e\\u003cb\\u003ex");
        assertThat(html)
                .doesNotContainPattern("(?i)(src|href)=\"(https?:)?//")
                .doesNotContain("@import")
                .doesNotContain("url(");
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void csvCellsThatASpreadsheetWouldRunAreText() {
        assertThat(ReportCsv.escape("=HYPERLINK(\"http://x\",\"y\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(ReportCsv.escape("+1")).isEqualTo("\"'+1\"");
        assertThat(ReportCsv.escape("-2+3")).isEqualTo("\"'-2+3\"");
        assertThat(ReportCsv.escape("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(ReportCsv.escape("\t=1")).isEqualTo("\\u{9}=1");
        assertThat(ReportCsv.escape("A=B")).isEqualTo("A=B");
    }

    @Test
    void everyFormatShowsControlAndBidiCharactersAsEscapes() {
        String hostile = "PERSONAL\u001b]0;owned\u0007\u202e\n2026-12-02 INFO forged";
        TransferReport.Builder b = TransferReport.builder(FROM, TO);
        b.add(entry(
                "KR",
                "U\u202eS",
                List.of(hostile),
                TransferKind.ACCESS,
                LedgerDecision.DENIED,
                null,
                1,
                1,
                keys(0, 1)));
        TransferReport r = b.build(NOW);

        for (String out : List.of(ReportCsv.render(r), ReportJson.render(r), ReportHtml.render(r))) {
            assertThat(out.lines())
                    .allSatisfy(
                            line -> assertThat(Printable.isSafe(line)).as(line).isTrue());
        }
        assertThat(ReportCsv.render(r)).contains("PERSONAL\\u{1B}]0;owned\\u{7}\\u{202E}\\u{A}2026-12-02 INFO forged");
        assertThat(ReportHtml.render(r)).contains("<td>U\\u{202E}S</td>").contains("\"destination\":\"U\\\\u{202E}S\"");
        assertThat(ReportJson.render(r)).contains("U\\u202ES");
    }

    @Test
    void thePeriodMustBeNonEmpty() {
        assertThatThrownBy(() -> TransferReport.builder(TO, FROM)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferReport.builder(FROM, FROM)).isInstanceOf(IllegalArgumentException.class);
    }

    private static TransferReport sample() {
        TransferReport.Builder b = TransferReport.builder(FROM, TO);
        b.add(entry(
                "KR",
                "SG",
                List.of("PERSONAL"),
                TransferKind.ACCESS,
                LedgerDecision.ALLOWED,
                LegalBasis.CONTRACT,
                10,
                1000,
                keys(0, 10)));
        b.add(entry(
                "KR", "US", List.of("PERSONAL"), TransferKind.REPLICA, LedgerDecision.DENIED, null, 700, 70_000, null));
        b.add(alert("a1", 1, AlertType.CROSS_BORDER_VIOLATION, "2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"));
        return b.build(NOW);
    }

    private static List<String> keys(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "subject-" + i).toList();
    }

    private static LedgerEntry entry(
            String origin,
            String destination,
            List<String> classes,
            TransferKind kind,
            LedgerDecision decision,
            LegalBasis basis,
            long records,
            long bytes,
            List<String> keys) {
        return entry(origin, destination, classes, kind, decision, basis, records, bytes, keys, FROM.plusSeconds(3600));
    }

    private static LedgerEntry entry(
            String origin,
            String destination,
            List<String> classes,
            TransferKind kind,
            LedgerDecision decision,
            LegalBasis basis,
            long records,
            long bytes,
            List<String> keys,
            Instant at) {
        return LedgerEntry.newBuilder()
                .setSequence(0)
                .setEventId("e")
                .setOccurredAt(at)
                .setPrincipalId("emp-1")
                .setKind(kind)
                .setOriginJurisdiction(origin)
                .setDestinationJurisdiction(destination)
                .setDataClasses(new ArrayList<>(classes))
                .setRecordCount(records)
                .setByteCount(bytes)
                .setDecision(decision)
                .setBasis(basis)
                .setSubjectSketch(keys == null ? null : SubjectSketches.of(keys))
                .setPreviousHash(LedgerChain.GENESIS)
                .setHash("")
                .build();
    }

    private static TransferAlert alert(String id, int revision, AlertType type, String firstSeen, String lastSeen) {
        return TransferAlert.newBuilder()
                .setAlertId(id)
                .setAlertKey("k-" + id)
                .setRevision(revision)
                .setType(type)
                .setRuleId("r")
                .setRuleVersion("1")
                .setSeverity(Severity.HIGH)
                .setRiskScore(50)
                .setSummary("s")
                .setPrincipalId("emp-1")
                .setDataClasses(List.of())
                .setFirstSeen(Instant.parse(firstSeen))
                .setLastSeen(Instant.parse(lastSeen))
                .setEventCount(1)
                .setRecordCount(1)
                .setByteCount(1)
                .setMitreTechniques(List.of())
                .setEvidence(List.of())
                .build();
    }
}
