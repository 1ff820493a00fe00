package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.simulator.Scenario;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The incidents a {@link Workload} can plant, by the name the CLI takes ({@code --scenario NAME})
 * and the label its events carry under {@link Scenario#ATTRIBUTE}. The last three are the
 * residency incidents of the real-time {@link dev.transfermonitor.simulator.Simulator}, with the
 * same labels.
 */
public enum PlantedScenario {
    INSIDER_BULK_EXPORT(
            "insider-bulk-export",
            "emp-1003 exports about 200,000 customer records from the CRM in five minutes, after hours"),
    LOW_AND_SLOW(
            "low-and-slow",
            "departed emp-2040's never-revoked API key reads 2,000 new customers a day from abroad, at most 20 per "
                    + "read, until 5 days past the slow-exfiltration threshold (10 days at the default 10,000)"),
    BASELINE_DRIFT(
            "baseline-drift",
            "svc-reporting reads about 10,000 records a day for weeks, then about 150,000 a day for three days, spread thin"),
    UNAUTHORIZED_REPLICATION_US(
            Scenario.UNAUTHORIZED_REPLICATION_US.label(),
            "svc-etl replicates the Seoul CRM to a bucket in aws:us-east-1, which no residency policy allows"),
    DEPARTED_EMPLOYEE_KEY(
            Scenario.DEPARTED_EMPLOYEE_KEY.label(),
            "departed emp-2040's API key exports a few hundred CRM records from a hosting provider in the Netherlands"),
    EXTERNAL_SNAPSHOT_SHARE(
            Scenario.EXTERNAL_SNAPSHOT_SHARE.label(),
            "emp-1007 shares an orders snapshot with an AWS account the company does not own");

    private final String label;
    private final String summary;

    PlantedScenario(String label, String summary) {
        this.label = label;
        this.summary = summary;
    }

    /** The name on the command line and in the events' {@code scenario} attribute. */
    public String label() {
        return label;
    }

    /** One line for {@code --list-scenarios}. */
    public String summary() {
        return summary;
    }

    public static Optional<PlantedScenario> ofLabel(String label) {
        for (PlantedScenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return Optional.of(scenario);
            }
        }
        return Optional.empty();
    }

    /** Every label, in declaration order. */
    public static Set<String> labels() {
        Set<String> labels = new LinkedHashSet<>();
        for (PlantedScenario scenario : values()) {
            labels.add(scenario.label);
        }
        return labels;
    }
}
