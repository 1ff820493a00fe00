package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.BadRecordException.Reason;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.testkit.HostileRecords;
import dev.transfermonitor.testkit.References;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The data class vocabulary: events may only name its classes; the inventory keeps whatever
 * classes it holds.
 */
class DataClassVocabularyTest {

    private Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void anEventNamingAClassOutsideTheVocabularyIsADeadLetterThatNamesIt() {
        tm.send(anAccess().classes("PERSONAL", "FRESH_CLASS_1").build());
        tm.send(aReplication().classes("NOT_A_CLASS_WE_KNOW").build());
        tm.send(anAccess().classes("PERSONAL", "TELEMETRY").build());

        assertThat(tm.deadLetters())
                .satisfiesExactly(
                        r -> {
                            assertThat(header(r, DeadLetters.REASON)).isEqualTo(Reason.INVALID_FIELD.name());
                            assertThat(header(r, DeadLetters.MESSAGE)).contains("FRESH_CLASS_1", "vocabulary");
                        },
                        r -> assertThat(header(r, DeadLetters.MESSAGE)).contains("NOT_A_CLASS_WE_KNOW"));
        assertThat(tm.events("access", "processed")).isEqualTo(1);
    }

    @Test
    void theBuiltInVocabularyHoldsEveryClassOfTheSampleCompanyAndTheSensitiveOnes() {
        assertThat(RuleSet.defaults().dataClasses())
                .containsAll(Set.of(
                        "PERSONAL",
                        "CONTACT",
                        "PAYMENT",
                        "HR",
                        "PRODUCT",
                        "TELEMETRY",
                        "HEALTH",
                        "BIOMETRIC",
                        "GENETIC",
                        "CRIMINAL",
                        "NATIONAL_ID"));
        for (var r : ReferenceData.bundled()) {
            if (r.value() instanceof Asset asset) {
                assertThat(RuleSet.defaults().dataClasses())
                        .as(asset.getAssetId())
                        .containsAll(asset.getDataClasses());
            }
        }
        assertThat(RuleSet.defaults().dataClasses())
                .containsAll(HostileRecords.BUILT_IN_CLASSES)
                .hasSameSizeAs(HostileRecords.BUILT_IN_CLASSES);
    }

    @Test
    void anAssetWithClassesOutsideTheVocabularyKeepsThemAll() {
        tm.reference(References.asset("recipes-db", "aws:ap-northeast-2", "111111111111", "PERSONAL", "RECIPES"));

        tm.send(anAccess().on("recipes-db").from("203.0.113.77").build());

        assertThat(tm.metrics.count("transfer.reference.rejected", "kind", "asset"))
                .isZero();
        assertThat(tm.ledger())
                .singleElement()
                .satisfies(e -> assertThat(e.getDataClasses()).containsExactly("PERSONAL", "RECIPES"));
        assertThat(tm.deadLetters()).isEmpty();
    }

    @Test
    void aVocabularyOfItsOwnDecidesWhatEventsMayName() {
        tm.close();
        tm = Harness.sampleCompany(Harness.statelessOnly()
                .withDataClasses(Set.of("PERSONAL", "CONTACT", "PAYMENT", "HR", "LOYALTY_POINTS")));

        tm.send(anAccess().classes("LOYALTY_POINTS").build());
        tm.send(anAccess().classes("TELEMETRY").build());

        assertThat(tm.events("access", "processed")).isEqualTo(1);
        assertThat(tm.deadLetters())
                .singleElement()
                .satisfies(r -> assertThat(header(r, DeadLetters.MESSAGE)).contains("TELEMETRY"));
    }

    @Test
    void restrictedClassesAndThresholdsMustBeInTheVocabulary() {
        RuleSet d = RuleSet.defaults();
        assertThatThrownBy(() -> d.withDataClasses(Set.of("PERSONAL")))
                .hasMessageContaining("restricted.")
                .hasMessageContaining("not in dataClasses");
        assertThatThrownBy(() -> new RuleSet(
                        "v",
                        Map.of(),
                        Set.of(),
                        true,
                        d.maxFutureSkew(),
                        d.earliestEventTime(),
                        d.volume(),
                        Set.of("PERSONAL"),
                        true,
                        d.quietPeriod()))
                .hasMessageContaining("burst.thresholds names");
        assertThatThrownBy(() -> d.withDataClasses(Set.of("personal"))).hasMessageContaining("[A-Z0-9_]");
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
