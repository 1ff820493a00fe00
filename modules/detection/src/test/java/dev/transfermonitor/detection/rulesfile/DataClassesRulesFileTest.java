package dev.transfermonitor.detection.rulesfile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.detection.RuleSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules file's data class vocabulary, and the limits that keep the volume rules' state bounded. */
class DataClassesRulesFileTest {

    private static final String FILE = RulesFileTest.FILE;

    private static RulesFileException failure(String yaml) {
        return RulesFileTest.failure(yaml);
    }

    private static String lines(String... lines) {
        return RulesFileTest.lines(lines);
    }

    @Test
    void theVocabularyIsReadAndLeftOutItIsTheBuiltInOne() {
        RuleSet rules = RulesFile.parse(
                lines("version: v1", "dataClasses: [PERSONAL, CONTACT, PAYMENT, HR, LOYALTY_POINTS]"), FILE);

        assertThat(rules.dataClasses())
                .containsExactlyInAnyOrder("PERSONAL", "CONTACT", "PAYMENT", "HR", "LOYALTY_POINTS");
        assertThat(RulesFile.parse("version: v1\n", FILE).dataClasses()).isEqualTo(RuleSet.DEFAULT_DATA_CLASSES);
        assertThat(RulesFile.bundledSample().dataClasses()).contains("PERSONAL", "PRODUCT", "TELEMETRY");
    }

    @Test
    void aRestrictedClassOutsideTheVocabularyIsNamedWithItsLine() {
        RulesFileException e = failure(lines(
                "version: v1",
                "dataClasses: [PERSONAL, CONTACT, PAYMENT, HR]",
                "restricted:",
                "  KR: [PERSONAL, HRR]"));

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.field()).isEqualTo("restricted.KR[1]");
        assertThat(e.getMessage()).contains("\"HRR\" is not in dataClasses", "did you mean HR?");
    }

    @Test
    void aThresholdForAClassOutsideTheVocabularyIsNamedWithItsLine() {
        RulesFileException e = failure(lines(
                "version: v1", "burst:", "  thresholds:", "    default: {records: 10}", "    RECIPES: {records: 5}"));

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.field()).isEqualTo("burst.thresholds.RECIPES");
        assertThat(e.getMessage()).contains("\"RECIPES\" is not in dataClasses");
    }

    @Test
    void aVocabularyMustHoldTheClassesOfTheBuiltInSettingsItLeavesOut() {
        RulesFileException e = failure(lines("version: v1", "dataClasses: [PERSONAL, CONTACT]"));

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.field()).isEqualTo("dataClasses");
        assertThat(e.getMessage()).contains("name HR, PAYMENT", "restricted and burst.thresholds");
    }

    @Test
    void vocabularyEntriesUseTheClassSyntaxOfEvents() {
        RulesFileException e =
                failure(lines("version: v1", "dataClasses: [PERSONAL, CONTACT, PAYMENT, HR, personal-data]"));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.field()).isEqualTo("dataClasses[4]");
            assertThat(p.detail()).contains("capital letters", "\"personal-data\"");
        });
    }

    @Test
    void aVocabularyIsNotEmptyNorLargerThanTheStateAllows() {
        List<String> many = new ArrayList<>(List.of("PERSONAL", "CONTACT", "PAYMENT", "HR"));
        for (int i = 0; many.size() <= RuleSet.MAX_DATA_CLASSES; i++) {
            many.add("C" + i);
        }

        RulesFileException tooMany = failure(lines("version: v1", "dataClasses: [" + String.join(", ", many) + "]"));
        RulesFileException none = failure(lines("version: v1", "dataClasses: []"));

        assertThat(tooMany.getMessage()).contains("field 'dataClasses'", "1 to 64 data classes, got 65");
        assertThat(none.getMessage()).contains("1 to 64 data classes, got 0");
    }

    @Test
    void windowsAndHorizonsLongerThanTheStateAllowsAreNamedWithTheirLine() {
        RulesFileException e =
                failure(lines("version: v1", "burst:", "  window: 2h", "slowExfiltration:", "  horizon: 400d"));

        assertThat(e.problems())
                .satisfiesExactly(
                        p -> {
                            assertThat(p.line()).isEqualTo(3);
                            assertThat(p.field()).isEqualTo("burst.window");
                            assertThat(p.detail()).contains("at most 1h");
                        },
                        p -> {
                            assertThat(p.line()).isEqualTo(5);
                            assertThat(p.field()).isEqualTo("slowExfiltration.horizon");
                            assertThat(p.detail()).contains("at most 366d");
                        });
    }
}
