package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.simulator.scenarios.PlantedScenario;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The planted-incident options that demo and simulate share ({@code --list-scenarios}) and the
 * checks and defaults behind their {@code --scenario} options, whose help texts differ.
 */
public final class ScenarioOptions {

    /** Benign events, synthetic staff and days of event time of a {@code --scenario} run. */
    static final long SCENARIO_EVENTS = 20_000;

    static final int SCENARIO_PRINCIPALS = 200;
    static final int SCENARIO_DAYS = 30;

    @Option(names = "--list-scenarios", description = "Lists the incidents --scenario takes, and exits.")
    boolean listScenarios;

    /** With {@code --list-scenarios}: prints the incidents and returns true (the command then exits). */
    boolean listed(PrintWriter out) {
        if (!listScenarios) {
            return false;
        }
        for (PlantedScenario scenario : PlantedScenario.values()) {
            out.printf("%-28s %s%n", scenario.label(), scenario.summary());
        }
        out.flush();
        return true;
    }

    /** The names given, checked; an unknown one is a usage error (exit code 2) that names the known ones. */
    static Set<String> chosen(List<String> names) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : names) {
            if (PlantedScenario.ofLabel(name).isEmpty()) {
                throw new ConfigException(
                        "unknown scenario '" + name + "'; known: " + String.join(", ", PlantedScenario.labels()));
            }
            chosen.add(name);
        }
        return chosen;
    }
}
