package dev.transfermonitor.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.detection.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table is the registry's: every declared setting with its default
 * and meaning, in order, and no key the registry lacks. On a change, paste the expected table.
 */
class ConfigurationTableTest {

    private static final String HEADER = "| key | default | meaning |\n|---|---|---|\n";
    private static final String PASS_THROUGH =
            "| `kafka.<property>` | | passed through to every Kafka client (TLS, SASL, ...) |\n";
    private static final Pattern KEY_CELL = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(projectRoot().resolve("README.md"), StandardCharsets.UTF_8);
        String expected = HEADER
                + SettingsRegistry.ALL.stream()
                        .map(s -> "| `" + s.key() + "` | " + s.shownDefault() + " | " + s.doc() + " |\n")
                        .collect(Collectors.joining())
                + PASS_THROUGH;

        int start = readme.indexOf(HEADER);
        assertThat(start).as("the README has a table headed %s", HEADER).isNotNegative();
        String table = readme.substring(start, end(readme, start));
        List<String> keys = keys(table);
        keys.remove("kafka.<property>");
        assertThat(keys)
                .as("keys of the README's configuration table")
                .containsExactlyElementsOf(SettingsRegistry.keys());
        assertThat(table).as("the README's configuration table").isEqualTo(expected);
    }

    @Test
    void settingsWhoseDefaultComesFromTheRulesFileShowTheBuiltInOne() {
        RuleSet builtIn = RuleSet.defaults();
        assertThat(SettingsRegistry.RULES_FAIL_CLOSED.defaultValue()).isEqualTo(builtIn.failClosedOnUnknown());
        assertThat(SettingsRegistry.RULES_MAX_FUTURE_SKEW.defaultValue()).isEqualTo(builtIn.maxFutureSkew());
        assertThat(SettingsRegistry.RULES_VERSION.shownDefault()).endsWith("`" + builtIn.version() + "`");
        assertThat(SettingsRegistry.RULES_ORGANISATION_ACCOUNTS.defaultValue()).isNull();
        assertThat(builtIn.organisationAccounts()).isEmpty();
    }

    /** Where the table ends: the first line after it that is not a table row. */
    private static int end(String readme, int start) {
        int at = start;
        while (at < readme.length() && readme.startsWith("|", at)) {
            int newline = readme.indexOf('\n', at);
            at = newline < 0 ? readme.length() : newline + 1;
        }
        return at;
    }

    private static List<String> keys(String table) {
        List<String> keys = new ArrayList<>();
        Matcher m = KEY_CELL.matcher(table);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("the project root (with mvnw) above the working directory")
                .isNotNull();
        return dir;
    }
}
