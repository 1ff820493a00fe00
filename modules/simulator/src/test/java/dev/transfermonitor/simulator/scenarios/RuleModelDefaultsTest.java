package dev.transfermonitor.simulator.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.detection.VolumeSettings;
import dev.transfermonitor.detection.rulesfile.RulesFile;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator repeats detection's volume defaults because it may not depend on detection at
 * run time; this holds the copy to the original, so a changed default cannot skew "detectable from".
 */
class RuleModelDefaultsTest {

    private final RuleModel model = RuleModel.defaults();

    @Test
    void thresholdsAreDetectionsDefaults() {
        VolumeSettings v = VolumeSettings.defaults();
        Map<String, RuleModel.Limit> perClass = new HashMap<>();
        v.burst().perClass().forEach((c, t) -> perClass.put(c, new RuleModel.Limit(t.records(), t.bytes())));

        assertThat(model.burstWindow()).isEqualTo(v.burst().window());
        assertThat(model.burstFallback())
                .isEqualTo(new RuleModel.Limit(
                        v.burst().fallback().records(), v.burst().fallback().bytes()));
        assertThat(model.burstPerClass()).isEqualTo(perClass);
        assertThat(model.slowDistinctSubjects()).isEqualTo(v.slow().distinctSubjects());
        assertThat((long) model.slowHorizonDays()).isEqualTo(v.slow().horizon().toDays());
        assertThat(model.baselineHistoryDays()).isEqualTo(v.baseline().historyDays());
        assertThat(model.baselineMinHistoryDays()).isEqualTo(v.baseline().minHistoryDays());
        assertThat(model.baselineMadMultiplier()).isEqualTo(v.baseline().madMultiplier());
        assertThat(model.baselineMinRecords()).isEqualTo(v.baseline().minRecords());
    }

    @Test
    void allowlistIsTheSampleRulesFiles() {
        VolumeSettings.Allowlist sample = RulesFile.bundledSample().volume().allowlist();

        assertThat(model.allowlistedPrincipals()).isEqualTo(sample.principals());
        assertThat(model.allowlistedJobs()).isEqualTo(sample.jobs());
    }
}
