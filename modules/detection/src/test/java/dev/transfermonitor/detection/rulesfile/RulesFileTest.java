package dev.transfermonitor.detection.rulesfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules file: the bundled sample, defaults, units, and errors that name file, line and field. */
class RulesFileTest {

    static final String FILE = "rules.yml";

    static RulesFileException failure(String yaml) {
        RulesFileException e = catchThrowableOfType(RulesFileException.class, () -> RulesFile.parse(yaml, FILE));
        assertThat(e).as("expected the rules to be rejected").isNotNull();
        assertThat(e.source()).isEqualTo(FILE);
        return e;
    }

    static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    // --- the bundled sample ---------------------------------------------------------------

    @Test
    void theBundledSampleParsesWithItsValues() {
        RuleSet rules = RulesFile.bundledSample();

        assertThat(rules.version()).isEqualTo("sample-company-2026.12.1");
        assertThat(rules.restrictedClasses())
                .containsOnlyKeys("KR", "EU")
                .containsEntry("KR", Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR"));
        assertThat(rules.organisationAccounts()).containsExactlyInAnyOrder("hanbit.example", "snowflake:organization");
        assertThat(rules.failClosedOnUnknown()).isTrue();
        assertThat(rules.maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        VolumeSettings volume = rules.volume();
        assertThat(volume.burst().window()).isEqualTo(Duration.ofMinutes(10));
        assertThat(volume.burst().grace()).isEqualTo(Duration.ofMinutes(2));
        assertThat(volume.burst().fallback()).isEqualTo(new VolumeSettings.Threshold(500_000, 4L << 30));
        assertThat(volume.burst().threshold("PERSONAL")).isEqualTo(new VolumeSettings.Threshold(150_000, 1L << 30));
        assertThat(volume.burst().threshold("HR")).isEqualTo(new VolumeSettings.Threshold(5_000, 64L << 20));
        assertThat(volume.burst().threshold("TELEMETRY"))
                .isEqualTo(volume.burst().fallback());
        assertThat(volume.slow()).isEqualTo(new VolumeSettings.Slow(Duration.ofDays(30), Duration.ofDays(1), 25_000));
        assertThat(volume.baseline()).isEqualTo(new VolumeSettings.Baseline(28, 7, 6.0, 20_000));
        assertThat(volume.allowlist().principals()).containsExactlyInAnyOrder("svc-analytics", "svc-orders-api");
        assertThat(volume.allowlist().jobs()).containsExactlyInAnyOrder("backup-*", "etl-orders-to-bq-*");
        assertThat(volume.allowlist().routes()).isEmpty();
        assertThat(volume.suppressions()).isEmpty();
    }

    @Test
    void theSampleThresholdsSitBetweenBenignPeaksAndAnInsidersExport() {
        VolumeSettings.Burst burst = RulesFile.bundledSample().volume().burst();

        // Peaks of the simulator's people per 10 minutes: the Singapore desk ~126k PERSONAL/CONTACT,
        // an office employee ~18k PAYMENT. An insider exports 200k PERSONAL records.
        for (String dataClass : List.of("PERSONAL", "CONTACT")) {
            assertThat(burst.threshold(dataClass).records()).isBetween(140_000L, 199_999L);
        }
        assertThat(burst.threshold("PAYMENT").records()).isBetween(30_000L, 199_999L);
        VolumeSettings.Allowlist allowlist = RulesFile.bundledSample().volume().allowlist();
        assertThat(allowlist.allows("svc-backup", "backup-crm-db-seoul-17", "KR", "SG"))
                .isTrue();
        assertThat(allowlist.allows("svc-etl", "etl-orders-to-bq-3", "KR", "KR"))
                .isTrue();
        assertThat(allowlist.allows("svc-etl", "replica-crm-to-marketing-1", "KR", "US"))
                .isFalse();
        assertThat(allowlist.allows("emp-3001", null, "KR", "SG")).isFalse();
    }

    @Test
    void theSampleTextIsAvailableToCopy() {
        assertThat(RulesFile.bundledSampleText())
                .startsWith("# Transfer Monitor rules")
                .contains("version:");
    }

    // --- defaults -------------------------------------------------------------------------

    @Test
    void aFileWithOnlyAVersionTakesEveryDefault() {
        RuleSet d = RuleSet.defaults();

        RuleSet rules = RulesFile.parse("version: \"2026.1\"\n", FILE);

        assertThat(rules)
                .isEqualTo(new RuleSet(
                        "2026.1",
                        d.restrictedClasses(),
                        d.organisationAccounts(),
                        d.failClosedOnUnknown(),
                        d.maxFutureSkew(),
                        d.earliestEventTime(),
                        d.volume(),
                        d.dataClasses(),
                        d.failClosedOnUnknownIdentity(),
                        d.quietPeriod()));
    }

    @Test
    void settingsLeftOutOfASectionTakeTheirDefaults() {
        VolumeSettings d = VolumeSettings.defaults();

        RuleSet rules = RulesFile.parse(
                lines(
                        "version: v7",
                        "burst: {window: 5m}",
                        "slowExfiltration:",
                        "  distinctSubjects: 500",
                        "baseline:      # no value: left out",
                        "failClosedOnUnknown: false"),
                FILE);

        VolumeSettings volume = rules.volume();
        assertThat(volume.burst())
                .isEqualTo(new VolumeSettings.Burst(
                        Duration.ofMinutes(5),
                        d.burst().grace(),
                        d.burst().fallback(),
                        d.burst().perClass()));
        assertThat(volume.slow())
                .isEqualTo(new VolumeSettings.Slow(d.slow().horizon(), d.slow().grace(), 500));
        assertThat(volume.baseline()).isEqualTo(d.baseline());
        assertThat(rules.failClosedOnUnknown()).isFalse();
        assertThat(rules.restrictedClasses()).isEqualTo(RuleSet.defaults().restrictedClasses());
    }

    @Test
    void listedThresholdsReplaceTheBuiltInClassesAndKeepTheBuiltInFallback() {
        RuleSet rules = RulesFile.parse(
                lines(
                        "version: v1",
                        "burst:",
                        "  thresholds:",
                        "    PERSONAL: {records: 7000}",
                        "    HR:",
                        "      bytes: 2MB"),
                FILE);

        VolumeSettings.Burst burst = rules.volume().burst();
        assertThat(burst.perClass()).containsOnlyKeys("PERSONAL", "HR");
        assertThat(burst.threshold("PERSONAL")).isEqualTo(new VolumeSettings.Threshold(7_000, 0));
        assertThat(burst.threshold("HR")).isEqualTo(new VolumeSettings.Threshold(0, 2_000_000));
        assertThat(burst.fallback()).isEqualTo(VolumeSettings.defaults().burst().fallback());
    }

    @Test
    void everySettingIsRead() {
        RuleSet rules = RulesFile.parse(
                lines(
                        "version: 2026.10",
                        "restricted:",
                        "  JP: [PERSONAL]",
                        "organisationAccounts: [012345678901, hanbit-analytics]",
                        "maxFutureSkew: PT90S",
                        "earliestEventTime: 2020-01-01",
                        "allowlist: {principals: [svc-x], jobs: [nightly], routes: [\"KR>SG\", JP>US]}",
                        "suppressions:",
                        "  - {type: VOLUME_BURST, principal: svc-etl, until: 2027-01-01T00:00:00Z,",
                        "     reason: \"data-centre migration\"}",
                        "  - principal: emp-1001",
                        "    until: 2027-02-01T09:00:00+09:00",
                        "    reason: on leave, account kept for audit"),
                FILE);

        assertThat(rules.version()).isEqualTo("2026.10");
        assertThat(rules.restrictedClasses()).isEqualTo(Map.of("JP", Set.of("PERSONAL")));
        assertThat(rules.organisationAccounts()).containsExactlyInAnyOrder("012345678901", "hanbit-analytics");
        assertThat(rules.maxFutureSkew()).isEqualTo(Duration.ofSeconds(90));
        assertThat(rules.earliestEventTime()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(rules.volume().allowlist())
                .isEqualTo(new VolumeSettings.Allowlist(Set.of("svc-x"), Set.of("nightly"), Set.of("KR>SG", "JP>US")));
        assertThat(rules.volume().suppressions())
                .containsExactly(
                        new VolumeSettings.Suppression(
                                AlertType.VOLUME_BURST,
                                "svc-etl",
                                Instant.parse("2027-01-01T00:00:00Z"),
                                "data-centre migration"),
                        new VolumeSettings.Suppression(
                                null,
                                "emp-1001",
                                Instant.parse("2027-02-01T00:00:00Z"),
                                "on leave, account kept for audit"));
    }

    // --- errors: each names file, line and field -------------------------------------------

    @Test
    void aWordWhereANumberBelongs() {
        RulesFileException e =
                failure(lines("version: v1", "burst:", "  thresholds:", "    PERSONAL: {records: lots, bytes: 1GiB}"));

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("burst.thresholds.PERSONAL.records");
        assertThat(e)
                .hasMessage("rules.yml line 4, field 'burst.thresholds.PERSONAL.records': "
                        + "expected a whole number, got \"lots\"");
    }

    @Test
    void aDurationWithoutAKnownUnit() {
        RulesFileException e = failure(lines("version: v1", "burst:", "  window: ten minutes"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("burst.window");
        assertThat(e.getMessage()).contains("expected a duration such as 90s, 10m", "\"ten minutes\"");
    }

    @Test
    void aWindowThatIsNotWholeMinutes() {
        RulesFileException e = failure(lines("version: v1", "burst: {window: 90s}"));

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("burst.window");
        assertThat(e.getMessage()).contains("whole number of minutes");
    }

    @Test
    void anUnknownKeyGetsAHint() {
        RulesFileException e = failure(lines("version: v1", "burst:", "  windw: 10m"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("burst.windw");
        assertThat(e.getMessage())
                .contains("unknown setting 'windw'", "did you mean 'window'?", "window, grace, thresholds");
    }

    @Test
    void anUnknownTopLevelKeyGetsAHintToo() {
        RulesFileException e = failure(lines("version: v1", "failClosed: true"));

        assertThat(e.field()).isEqualTo("failClosed");
        assertThat(e.getMessage()).contains("did you mean 'failClosedOnUnknown'?");
    }

    @Test
    void unlistedResourcesTakeTheClassesTheFileGives() {
        assertThat(RulesFile.parse(lines("version: v1"), FILE).unlistedResourceClasses())
                .isEmpty();
        assertThat(RulesFile.parse(lines("version: v1", "unlistedResources:", "  dataClasses: [PERSONAL]"), FILE)
                        .unlistedResourceClasses())
                .containsExactly("PERSONAL");

        RulesFileException e = failure(lines("version: v1", "unlistedResources:", "  dataClasses: [PERSONEL]"));
        assertThat(e.field()).isEqualTo("unlistedResources.dataClasses[0]");
    }

    @Test
    void aListWhereAMapIsExpected() {
        RulesFileException e = failure(lines("version: v1", "", "burst: [10m, 2m]"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("burst");
        assertThat(e.getMessage()).contains("got a list");
    }

    @Test
    void aNegativeThresholdIsRejectedByTheRecordAndPlaced() {
        RulesFileException e = failure(lines(
                "version: v1",
                "burst:",
                "  thresholds:",
                "    default: {records: 100000}",
                "    PERSONAL: {records: -5}"));

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("burst.thresholds.PERSONAL");
        assertThat(e.getMessage()).contains("must not be negative");
    }

    @Test
    void aRecordsRejectionPointsAtTheFieldItNames() {
        RulesFileException e = failure(lines("version: v1", "baseline:", "  historyDays: 5", "  minHistoryDays: 9"));

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("baseline.minHistoryDays");
        assertThat(e)
                .hasMessage("rules.yml line 4, field 'baseline.minHistoryDays': must be between 1 and historyDays");
    }

    @Test
    void theVersionIsRequired() {
        RulesFileException e = failure(lines("# rules", "maxFutureSkew: 5m"));

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("version");
        assertThat(e.getMessage()).contains("required");
    }

    @Test
    void anEmptyVersionIsRefused() {
        RulesFileException e = failure(lines("version: \"  \""));

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.field()).isEqualTo("version");
    }

    @Test
    void anUnknownAlertTypeInASuppression() {
        RulesFileException e = failure(lines(
                "version: v1",
                "suppressions:",
                "  - {type: VOLUME_BRUST, principal: svc-etl, until: 2027-01-01T00:00:00Z, reason: migration}"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("suppressions[0].type");
        assertThat(e.getMessage()).contains("unknown alert type \"VOLUME_BRUST\"", "did you mean VOLUME_BURST?");
    }

    @Test
    void aSuppressionNeedsAReasonAndATarget() {
        RulesFileException e = failure(lines(
                "version: v1",
                "suppressions:",
                "  - {type: VOLUME_BURST, until: 2027-01-01T00:00:00Z, reason: migration}",
                "  - {until: 2027-01-01T00:00:00Z}",
                "  - {principal: svc-etl, until: 2027-01-01, reason: migration}"));

        assertThat(e.problems())
                .extracting(RulesFileException.Problem::field, RulesFileException.Problem::line)
                .containsExactly(Tuple.tuple("suppressions[1].reason", 4));
        RulesFileException everything =
                failure(lines("version: v1", "suppressions: [{until: 2027-01-01T00:00:00Z, reason: quiet please}]"));
        assertThat(everything.field()).isEqualTo("suppressions[0]");
        assertThat(everything.getMessage()).contains("name a type, a principal or both");
    }

    @Test
    void aRouteWithTheWrongSeparator() {
        RulesFileException e = failure(lines("version: v1", "allowlist:", "  routes:", "    - KR>SG", "    - KR-SG"));

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("allowlist.routes[1]");
        assertThat(e.getMessage()).contains("expected a route such as \"KR>SG\"", "\"KR-SG\"");
    }

    @Test
    void aJobPatternWithAStarInTheMiddle() {
        RulesFileException e = failure(lines("version: v1", "allowlist: {jobs: [\"back*up\"]}"));

        assertThat(e.field()).isEqualTo("allowlist.jobs[0]");
        assertThat(e.getMessage()).contains("'*' at the end");
    }

    @Test
    void yesIsNotABoolean() {
        RulesFileException e = failure(lines("version: v1", "failClosedOnUnknown: yes"));

        assertThat(e.field()).isEqualTo("failClosedOnUnknown");
        assertThat(e.getMessage()).contains("expected true or false, got \"yes\"");
    }

    @Test
    void aLowerCaseJurisdiction() {
        RulesFileException e = failure(lines("version: v1", "restricted:", "  kr: [PERSONAL]"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("restricted.kr");
    }

    @Test
    void aKeyGivenTwice() {
        RulesFileException e = failure(lines("version: v1", "maxFutureSkew: 5m", "maxFutureSkew: 10m"));

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.field()).isEqualTo("maxFutureSkew");
        assertThat(e.getMessage()).contains("appears twice (first on line 2)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        RulesFileException e = failure(lines(
                "burst: {window: soon}", "slowExfiltration: {distinctSubjects: 0}", "allowlist: {routes: [KR-SG]}"));

        assertThat(e.problems())
                .extracting(RulesFileException.Problem::field)
                .containsExactly("version", "burst.window", "slowExfiltration.distinctSubjects", "allowlist.routes[0]");
        assertThat(e.getMessage().lines()).hasSize(4).allMatch(line -> line.startsWith("rules.yml line "));
    }

    @Test
    void brokenYamlNamesTheLine() {
        RulesFileException e = failure(lines("version: v1", "burst:", "  window: 10m", " grace: 2m"));

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isNull();
        assertThat(e.getMessage()).startsWith("rules.yml line 4: not valid YAML");
    }

    @Test
    void customTagsAreRefused() {
        RulesFileException global =
                failure(lines("version: v1", "maxFutureSkew: !!javax.script.ScriptEngineManager 5m"));
        RulesFileException local = failure(lines("version: v1", "maxFutureSkew: !custom 5m"));

        assertThat(global.line()).isEqualTo(2);
        assertThat(global.getMessage()).contains("not allowed");
        assertThat(local.line()).isEqualTo(2);
        assertThat(local.field()).isEqualTo("maxFutureSkew");
        assertThat(local.getMessage()).contains("YAML tag !custom is not allowed");
    }

    @Test
    void aliasBombsAreRefused() {
        StringBuilder yaml = new StringBuilder("version: v1\na: &a [x, x]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char previous = (char) (c - 1);
            yaml.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [*")
                    .append(previous)
                    .append(", *")
                    .append(previous)
                    .append("]\n");
        }

        RulesFileException e = failure(yaml.toString());

        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void anEmptyFile() {
        RulesFileException e = failure("# nothing yet\n");

        assertThat(e.line()).isZero();
        assertThat(e.getMessage())
                .isEqualTo("rules.yml: the file is empty; a rules file needs at least a version, "
                        + "e.g. version: \"2026.11\"");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing-rules.yml");

        assertThatThrownBy(() -> RulesFile.load(missing))
                .isInstanceOf(RulesFileException.class)
                .hasMessageStartingWith(missing + ": cannot read the rules file: no such file");
    }

    @Test
    void aFileIsLoadedAndNamedByItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("company.yml");
        Files.writeString(file, lines("version: from-file", "maxFutureSkew: banana"), StandardCharsets.UTF_8);

        RulesFileException e = catchThrowableOfType(RulesFileException.class, () -> RulesFile.load(file));
        assertThat(e.source()).isEqualTo(file.toString());
        assertThat(e)
                .hasMessage(file + " line 2, field 'maxFutureSkew': expected a duration such as 90s, 10m, 2h, 30d "
                        + "or PT5M, got \"banana\"");

        Files.writeString(file, lines("version: from-file"), StandardCharsets.UTF_8);
        assertThat(RulesFile.load(file).version()).isEqualTo("from-file");
    }

    @Test
    void aFileThatIsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latin1.yml");
        Files.write(file, new byte[] {'v', 'e', 'r', 's', 'i', 'o', 'n', ':', ' ', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> RulesFile.load(file))
                .isInstanceOf(RulesFileException.class)
                .hasMessage(file + ": cannot read the rules file: it is not UTF-8 text");
    }

    // --- units -----------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "1048576, 1048576",
        "500MB, 500000000",
        "500mb, 500000000",
        "1GiB, 1073741824",
        "512MiB, 536870912",
        "1.5GB, 1500000000",
        "2 KiB, 2048",
        "7B, 7",
        "1TiB, 1099511627776"
    })
    void byteSizes(String text, long expected) {
        assertThat(Units.bytes(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"lots", "1.5B", "5 XB", "99999999999TB"})
    void notByteSizes(String text) {
        assertThatThrownBy(() -> Units.bytes(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byteSizesAndDurationsInAFile() {
        RuleSet rules = RulesFile.parse(
                lines(
                        "version: v1",
                        "maxFutureSkew: 250ms",
                        "burst: {window: 1h, grace: PT5M, thresholds: {default: {records: 1_000, bytes: 500MB}}}"),
                FILE);

        assertThat(rules.maxFutureSkew()).isEqualTo(Duration.ofMillis(250));
        assertThat(rules.volume().burst().window()).isEqualTo(Duration.ofHours(1));
        assertThat(rules.volume().burst().grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rules.volume().burst().fallback()).isEqualTo(new VolumeSettings.Threshold(1_000, 500_000_000));
    }

    @Test
    void instants() {
        assertThat(Units.instant("2027-01-01T00:00:00Z")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Units.instant("2027-01-01T09:00:00+09:00")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(Units.instant("2027-01-01")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThatThrownBy(() -> Units.instant("2027-01-01T00:00:00")).hasMessageContaining("with its offset");
    }

    // --- job prefixes in the allowlist -------------------------------------------------------

    @Test
    void jobEntriesEndingInAStarArePrefixes() {
        VolumeSettings.Allowlist allowlist =
                new VolumeSettings.Allowlist(Set.of(), Set.of("backup-*", "etl-nightly"), Set.of());

        assertThat(allowlist.allows("svc-backup", "backup-crm-db-seoul-17", "KR", "SG"))
                .isTrue();
        assertThat(allowlist.allows("svc-backup", "backup-", "KR", "SG")).isTrue();
        assertThat(allowlist.allows("svc-backup", "backup", "KR", "SG")).isFalse();
        assertThat(allowlist.allows("svc-backup", "nightly-backup-1", "KR", "SG"))
                .isFalse();
        assertThat(allowlist.allows("svc-etl", "etl-nightly", "KR", "KR")).isTrue();
        assertThat(allowlist.allows("svc-etl", "etl-nightly-2", "KR", "KR")).isFalse();
        assertThat(allowlist.allows("svc-etl", null, "KR", "KR")).isFalse();
    }

    @Test
    void theAllowlistRecordRefusesBadPatternsAndRoutes() {
        assertThatThrownBy(() -> new VolumeSettings.Allowlist(Set.of(), Set.of("*"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowlist.jobs");
        assertThatThrownBy(() -> new VolumeSettings.Allowlist(Set.of(), Set.of("a*b"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VolumeSettings.Allowlist(Set.of(), Set.of(), Set.of("KR-SG")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowlist.routes");
    }
}
