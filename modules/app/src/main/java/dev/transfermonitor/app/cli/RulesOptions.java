package dev.transfermonitor.app.cli;

import static dev.transfermonitor.app.config.SettingsRegistry.RULES_FILE;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.detection.RuleSet;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code replay}'s choice of rules: other rules than the configured ones, or both side by side. */
final class RulesOptions {

    @Option(
            names = "--rules",
            paramLabel = "FILE",
            description = "Rules file (YAML) to replay with, instead of the configured rules.file; with --compare, "
                    + "the proposed rules.")
    String rulesFile;

    @Option(
            names = "--compare",
            description = "Replay with the current rules and with --rules FILE, and list the differences.")
    boolean compare;

    /** --compare needs --rules and prints, so it goes with no other destination for the alerts. */
    void check(boolean alertsRedirected) {
        if (compare && rulesFile == null) {
            throw new ConfigException("--compare needs --rules FILE: the rules to compare with the current ones");
        }
        if (compare && alertsRedirected) {
            throw new ConfigException("--compare prints its findings; leave out --output and --topic");
        }
    }

    /** The rules of --rules FILE with the same overrides (rules.*) as the configured ones; null without --rules. */
    RuleSet proposed(ConnectionOptions connection, Map<String, String> flags) {
        if (rulesFile == null) {
            return null;
        }
        Map<String, String> withRules = new LinkedHashMap<>(flags);
        withRules.put(RULES_FILE.key(), rulesFile);
        return connection.config(withRules).rules();
    }
}
