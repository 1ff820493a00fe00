package dev.transfermonitor.detection.rulesfile;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.detection.RuleSet;
import dev.transfermonitor.detection.VolumeSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the rules file: thresholds, restricted classes, windows, allowlists and suppressions
 * in YAML, into a {@link RuleSet}. The file is composed into YAML nodes only (no objects are
 * constructed, no tags honoured), so every value is checked here with its line and field
 * path, and every problem in the file is reported at once in one {@link RulesFileException}.
 * Sections and settings left out take the values of {@link RuleSet#defaults()}; only
 * {@code version} is required. The format is described in the bundled sample,
 * {@value #SAMPLE_RESOURCE}.
 */
public final class RulesFile {

    /** Classpath location of the sample company's rules. */
    public static final String SAMPLE_RESOURCE = "rules/sample-company.yml";

    /** A rules file is a page or two; anything far larger is the wrong file. */
    static final int MAX_CHARS = 1_000_000;
    /** Aliases are handy for shared lists; many of them only serve to blow a document up. */
    static final int MAX_ALIASES = 20;

    static final int MAX_VERSION_LENGTH = 100;

    static final List<String> TOP_KEYS = List.of(
            "version",
            "dataClasses",
            "restricted",
            "organisationAccounts",
            "failClosedOnUnknown",
            "maxFutureSkew",
            "earliestEventTime",
            "burst",
            "slowExfiltration",
            "baseline",
            "allowlist",
            "suppressions",
            "failClosedOnUnknownIdentity",
            "quietPeriod",
            "unlistedResources");
    static final List<String> BURST_KEYS = List.of("window", "grace", "thresholds");
    static final List<String> THRESHOLD_KEYS = List.of("records", "bytes");
    static final List<String> SLOW_KEYS = List.of("horizon", "grace", "distinctSubjects");
    static final List<String> BASELINE_KEYS = List.of("historyDays", "minHistoryDays", "madMultiplier", "minRecords");
    static final List<String> ALLOWLIST_KEYS = List.of("principals", "jobs", "routes");
    static final List<String> UNLISTED_KEYS = List.of("dataClasses");
    static final List<String> SUPPRESSION_KEYS = List.of("type", "principal", "until", "reason");
    /** The key in burst.thresholds for classes without their own threshold. */
    static final String DEFAULT_THRESHOLD = "default";

    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}");
    private static final Pattern ROUTE = Pattern.compile("[A-Z]{2}>[A-Z]{2}");
    private static final Pattern DATA_CLASS = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final String WHOLE = "a whole number";
    private static final String TEXT = "text";

    private final NodeReader in;
    private final RuleSet defaults = RuleSet.defaults();

    private RulesFile(String source) {
        this.in = new NodeReader(source);
    }

    /**
     * Reads and validates a rules file (UTF-8). Errors name the file as given here.
     *
     * @throws RulesFileException when the file cannot be read or is not a valid rules file
     */
    public static RuleSet load(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw unreadable(name, "it is a directory, not a rules file", null);
        }
        try {
            if (Files.size(file) > MAX_CHARS * 4L) {
                throw unreadable(
                        name, "it is larger than " + (MAX_CHARS * 4L / 1_000_000) + " MB; is it the right file?", null);
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), name);
        } catch (NoSuchFileException e) {
            throw unreadable(name, "no such file (looked for " + file.toAbsolutePath() + ")", e);
        } catch (AccessDeniedException e) {
            throw unreadable(name, "permission denied", e);
        } catch (MalformedInputException e) {
            throw unreadable(name, "it is not UTF-8 text", e);
        } catch (IOException e) {
            throw unreadable(name, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Validates rules given as text; {@code sourceName} names them in errors (a file name).
     *
     * @throws RulesFileException when the text is not a valid rules file
     */
    public static RuleSet parse(String yaml, String sourceName) {
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(sourceName, "sourceName");
        RulesFile reader = new RulesFile(sourceName);
        RuleSet rules = reader.read(compose(yaml, sourceName));
        if (!reader.in.problems().isEmpty() || rules == null) {
            List<RulesFileException.Problem> problems = new ArrayList<>(reader.in.problems());
            problems.sort(Comparator.comparingInt(RulesFileException.Problem::line)); // stable: file order
            throw new RulesFileException(problems, null);
        }
        return rules;
    }

    /** The sample company's rules, bundled with the monitor. */
    public static RuleSet bundledSample() {
        return parse(bundledSampleText(), "classpath:" + SAMPLE_RESOURCE);
    }

    /** The text of the bundled sample, a starting point for an organisation's own file. */
    public static String bundledSampleText() {
        try (InputStream stream = RulesFile.class.getClassLoader().getResourceAsStream(SAMPLE_RESOURCE)) {
            if (stream == null) {
                throw new IllegalStateException(
                        "the bundled rules " + SAMPLE_RESOURCE + " are missing from the classpath");
            }
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled rules " + SAMPLE_RESOURCE, e);
        }
    }

    private static RulesFileException unreadable(String name, String why, Throwable cause) {
        return new RulesFileException(
                new RulesFileException.Problem(name, 0, null, "cannot read the rules file: " + why), cause);
    }

    private static Node compose(String yaml, String sourceName) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(MAX_CHARS);
        options.setAllowRecursiveKeys(false);
        try {
            return new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() == null ? "" : e.getProblem();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            throw new RulesFileException(
                    new RulesFileException.Problem(
                            sourceName,
                            mark == null ? 0 : mark.getLine() + 1,
                            null,
                            "not valid YAML: " + problem + context),
                    e);
        } catch (YAMLException e) {
            throw new RulesFileException(
                    new RulesFileException.Problem(sourceName, 0, null, "not valid YAML: " + e.getMessage()), e);
        }
    }

    private RuleSet read(Node root) {
        if (root == null) {
            in.problem(0, null, "the file is empty; a rules file needs at least a version, e.g. version: \"2026.11\"");
            return null;
        }
        NodeReader.Entries top = in.map(root, "", TOP_KEYS);
        if (top == null) {
            return null;
        }
        String version = version(top);
        Set<String> vocabulary = vocabulary(top);
        Map<String, Set<String>> restricted = restricted(top, vocabulary);
        Set<String> accounts = strings(
                top,
                "organisationAccounts",
                "cloud account ids such as [\"111111111111\"]",
                defaults.organisationAccounts(),
                RulesFile::nonBlank);
        boolean failClosed =
                optional(top, "failClosedOnUnknown", "true or false", RulesFile::bool, defaults.failClosedOnUnknown());
        Duration skew = optional(top, "maxFutureSkew", Durations.EXAMPLES, Durations::signed, defaults.maxFutureSkew());
        Instant earliest = optional(
                top, "earliestEventTime", Units.INSTANT_EXAMPLES, Units::instant, defaults.earliestEventTime());
        boolean failClosedIdentity = optional(
                top,
                "failClosedOnUnknownIdentity",
                "true or false",
                RulesFile::bool,
                defaults.failClosedOnUnknownIdentity());
        Duration quiet = optional(top, "quietPeriod", Durations.EXAMPLES, Durations::signed, defaults.quietPeriod());
        Set<String> unlisted = unlisted(top, vocabulary);
        VolumeSettings volumeDefaults = defaults.volume();
        VolumeSettings.Burst burst = burst(top, volumeDefaults.burst(), vocabulary);
        builtInClassesKnown(top, vocabulary, restricted, burst);
        VolumeSettings.Slow slow = slow(top, volumeDefaults.slow());
        VolumeSettings.Baseline baseline = baseline(top, volumeDefaults.baseline());
        VolumeSettings.Allowlist allowlist = allowlist(top, volumeDefaults.allowlist());
        List<VolumeSettings.Suppression> suppressions = suppressions(top, volumeDefaults.suppressions());
        VolumeSettings volume =
                in.build(0, root, "", () -> new VolumeSettings(burst, slow, baseline, allowlist, suppressions));
        return in.build(
                0,
                root,
                "",
                () -> new RuleSet(
                        version,
                        restricted,
                        accounts,
                        failClosed,
                        skew,
                        earliest,
                        volume,
                        vocabulary == null ? defaults.dataClasses() : vocabulary,
                        failClosedIdentity,
                        quiet,
                        unlisted));
    }

    /** unlistedResources.dataClasses: what a resource the inventory does not list is taken to hold. */
    private Set<String> unlisted(NodeReader.Entries top, Set<String> vocabulary) {
        Node node = top.get("unlistedResources");
        NodeReader.Entries m = node == null ? null : in.map(node, "unlistedResources", UNLISTED_KEYS);
        if (m == null) {
            return defaults.unlistedResourceClasses();
        }
        return strings(
                m,
                "dataClasses",
                "data classes such as [PERSONAL]",
                defaults.unlistedResourceClasses(),
                inVocabulary(vocabulary));
    }

    /**
     * The data class vocabulary; null (no membership checks, which would only repeat the
     * problem) when the list itself is wrong. Classes left to the built-in restrictions and
     * thresholds must be in it too.
     */
    private Set<String> vocabulary(NodeReader.Entries top) {
        Node node = top.get("dataClasses");
        if (node == null) {
            return defaults.dataClasses();
        }
        int before = in.problemCount();
        Set<String> classes = strings(
                top,
                "dataClasses",
                "data classes such as [PERSONAL, CONTACT, PAYMENT, HR]",
                Set.of(),
                RulesFile::vocabularyClass);
        if (in.problemCount() > before) {
            return null;
        }
        if (classes.isEmpty() || classes.size() > RuleSet.MAX_DATA_CLASSES) {
            in.problem(
                    node,
                    "dataClasses",
                    "list 1 to " + RuleSet.MAX_DATA_CLASSES + " data classes, got " + classes.size());
            return null;
        }
        return classes;
    }

    /**
     * Classes the file names were checked where they are named; those of built-in settings the
     * file leaves out (restricted, burst.thresholds) must be in its vocabulary too.
     */
    private void builtInClassesKnown(
            NodeReader.Entries top,
            Set<String> vocabulary,
            Map<String, Set<String>> restricted,
            VolumeSettings.Burst burst) {
        if (vocabulary == null || top.get("dataClasses") == null) {
            return;
        }
        Set<String> missing = new TreeSet<>();
        if (restricted == defaults.restrictedClasses()) {
            restricted.values().forEach(missing::addAll);
        }
        if (burst.perClass() == defaults.volume().burst().perClass()) {
            missing.addAll(burst.perClass().keySet());
        }
        missing.removeAll(vocabulary);
        if (!missing.isEmpty()) {
            in.problem(
                    top.get("dataClasses"),
                    "dataClasses",
                    "the built-in restricted classes or burst thresholds,"
                            + " which apply as this file leaves them out, name " + String.join(", ", missing)
                            + "; list them here too, or give restricted and burst.thresholds of your own");
        }
    }

    /** A check that a class named elsewhere in the file is in the vocabulary (none when it is unknown). */
    private static Function<String, String> inVocabulary(Set<String> vocabulary) {
        return text -> {
            String s = dataClass(text);
            if (vocabulary != null && !vocabulary.contains(s)) {
                throw new IllegalArgumentException(notInVocabulary(s, vocabulary));
            }
            return s;
        };
    }

    private static String notInVocabulary(String dataClass, Set<String> vocabulary) {
        String hint = NodeReader.closest(dataClass, vocabulary);
        return Units.quote(dataClass) + " is not in dataClasses" + (hint == null ? "" : " (did you mean " + hint + "?)")
                + "; add it there first";
    }

    private String version(NodeReader.Entries top) {
        Node node = top.get("version");
        if (node == null) {
            Node at = top.keyNode("version") != null ? top.keyNode("version") : top.node();
            in.problem(
                    at,
                    "version",
                    "required: the version of these rules, stamped on every alert, e.g. version: \"2026.11\"");
            return null;
        }
        String text = in.scalar(node, "version", "the version of these rules as text, e.g. \"2026.11\"");
        if (text == null) {
            return null;
        }
        String version = text.strip();
        if (version.isEmpty()) {
            in.problem(node, "version", "must not be empty: it is stamped on every alert, e.g. version: \"2026.11\"");
        } else if (version.length() > MAX_VERSION_LENGTH || version.chars().anyMatch(Character::isISOControl)) {
            in.problem(node, "version", "must be one line of at most " + MAX_VERSION_LENGTH + " characters");
        }
        return version;
    }

    private Map<String, Set<String>> restricted(NodeReader.Entries top, Set<String> vocabulary) {
        Node node = top.get("restricted");
        if (node == null) {
            return defaults.restrictedClasses();
        }
        NodeReader.Entries byJurisdiction = in.map(node, "restricted", null);
        if (byJurisdiction == null) {
            return defaults.restrictedClasses();
        }
        Map<String, Set<String>> restricted = new LinkedHashMap<>();
        for (String jurisdiction : byJurisdiction.keys()) {
            if (!JURISDICTION.matcher(jurisdiction).matches()) {
                in.problem(
                        byJurisdiction.keyNode(jurisdiction),
                        byJurisdiction.path(jurisdiction),
                        "a jurisdiction is a two-letter country code in capitals, or EU; got "
                                + Units.quote(jurisdiction));
                continue;
            }
            restricted.put(
                    jurisdiction,
                    strings(
                            byJurisdiction,
                            jurisdiction,
                            "data classes such as [PERSONAL, HR]",
                            Set.of(),
                            inVocabulary(vocabulary)));
        }
        return restricted;
    }

    private VolumeSettings.Burst burst(NodeReader.Entries top, VolumeSettings.Burst d, Set<String> vocabulary) {
        Node node = top.get("burst");
        int before = in.problemCount();
        NodeReader.Entries m = node == null ? null : in.map(node, "burst", BURST_KEYS);
        if (m == null) {
            return d;
        }
        Duration window = optional(m, "window", Durations.EXAMPLES, Durations::signed, d.window());
        wholeUnits(m, "window", window, Duration.ofMinutes(1), "minutes (the window moves in one-minute steps)");
        Duration grace = optional(m, "grace", Durations.EXAMPLES, Durations::signed, d.grace());
        wholeUnits(m, "grace", grace, Duration.ofMinutes(1), "minutes (events are counted in one-minute steps)");
        VolumeSettings.Threshold fallback = d.fallback();
        Map<String, VolumeSettings.Threshold> perClass = d.perClass();
        Node thresholdsNode = m.get("thresholds");
        NodeReader.Entries thresholds =
                thresholdsNode == null ? null : in.map(thresholdsNode, m.path("thresholds"), null);
        if (thresholds != null) {
            // Listed classes replace the built-in ones; the fallback stays built in unless given.
            perClass = new LinkedHashMap<>();
            for (String key : thresholds.keys()) {
                String path = thresholds.path(key);
                if (!key.equals(DEFAULT_THRESHOLD) && !DATA_CLASS.matcher(key).matches()) {
                    in.problem(
                            thresholds.keyNode(key),
                            path,
                            "expected a data class name such as PERSONAL, or " + DEFAULT_THRESHOLD + ", got "
                                    + Units.quote(key));
                    continue;
                }
                if (!key.equals(DEFAULT_THRESHOLD) && vocabulary != null && !vocabulary.contains(key)) {
                    in.problem(thresholds.keyNode(key), path, notInVocabulary(key, vocabulary));
                    continue;
                }
                VolumeSettings.Threshold threshold = threshold(thresholds.get(key), path);
                if (threshold == null) {
                    continue;
                }
                if (key.equals(DEFAULT_THRESHOLD)) {
                    fallback = threshold;
                } else {
                    perClass.put(key, threshold);
                }
            }
        }
        VolumeSettings.Threshold fallbackThreshold = fallback;
        Map<String, VolumeSettings.Threshold> classThresholds = perClass;
        VolumeSettings.Burst burst = in.build(
                before,
                node,
                "burst",
                () -> new VolumeSettings.Burst(window, grace, fallbackThreshold, classThresholds));
        return burst == null ? d : burst;
    }

    private VolumeSettings.Threshold threshold(Node node, String path) {
        int before = in.problemCount();
        NodeReader.Entries m = in.map(node, path, THRESHOLD_KEYS);
        if (m == null) {
            return null;
        }
        if (m.get("records") == null && m.get("bytes") == null) {
            in.problem(node, path, "give records, bytes or both, e.g. {records: 50000, bytes: 512MiB}");
            return null;
        }
        // A measure left out is not limited, as 0 means in the threshold record.
        long records = optional(m, "records", WHOLE, Units::wholeNumber, 0L);
        long bytes = optional(m, "bytes", Units.BYTES_EXAMPLES, Units::bytes, 0L);
        return in.build(before, node, path, () -> new VolumeSettings.Threshold(records, bytes));
    }

    private VolumeSettings.Slow slow(NodeReader.Entries top, VolumeSettings.Slow d) {
        Node node = top.get("slowExfiltration");
        int before = in.problemCount();
        NodeReader.Entries m = node == null ? null : in.map(node, "slowExfiltration", SLOW_KEYS);
        if (m == null) {
            return d;
        }
        Duration horizon = optional(m, "horizon", Durations.EXAMPLES, Durations::signed, d.horizon());
        wholeUnits(m, "horizon", horizon, Duration.ofDays(1), "days (subjects are counted in daily sketches)");
        Duration grace = optional(m, "grace", Durations.EXAMPLES, Durations::signed, d.grace());
        wholeUnits(m, "grace", grace, Duration.ofDays(1), "days (subjects are counted in daily sketches)");
        long subjects = optional(m, "distinctSubjects", WHOLE, Units::wholeNumber, d.distinctSubjects());
        VolumeSettings.Slow slow =
                in.build(before, node, "slowExfiltration", () -> new VolumeSettings.Slow(horizon, grace, subjects));
        return slow == null ? d : slow;
    }

    private VolumeSettings.Baseline baseline(NodeReader.Entries top, VolumeSettings.Baseline d) {
        Node node = top.get("baseline");
        int before = in.problemCount();
        NodeReader.Entries m = node == null ? null : in.map(node, "baseline", BASELINE_KEYS);
        if (m == null) {
            return d;
        }
        int historyDays = optional(m, "historyDays", WHOLE, RulesFile::wholeInt, d.historyDays());
        int minHistoryDays = optional(m, "minHistoryDays", WHOLE, RulesFile::wholeInt, d.minHistoryDays());
        double multiplier =
                optional(m, "madMultiplier", "a number such as 6 or 4.5", Units::decimal, d.madMultiplier());
        long minRecords = optional(m, "minRecords", WHOLE, Units::wholeNumber, d.minRecords());
        VolumeSettings.Baseline baseline = in.build(
                before,
                node,
                "baseline",
                () -> new VolumeSettings.Baseline(historyDays, minHistoryDays, multiplier, minRecords));
        return baseline == null ? d : baseline;
    }

    private VolumeSettings.Allowlist allowlist(NodeReader.Entries top, VolumeSettings.Allowlist d) {
        Node node = top.get("allowlist");
        int before = in.problemCount();
        NodeReader.Entries m = node == null ? null : in.map(node, "allowlist", ALLOWLIST_KEYS);
        if (m == null) {
            return d;
        }
        Set<String> principals =
                strings(m, "principals", "principal ids such as [svc-analytics]", d.principals(), RulesFile::nonBlank);
        Set<String> jobs = strings(
                m, "jobs", "job ids or prefixes ending in '*' such as [\"backup-*\"]", d.jobs(), RulesFile::jobPattern);
        Set<String> routes = strings(m, "routes", "routes such as [\"KR>SG\"]", d.routes(), RulesFile::route);
        VolumeSettings.Allowlist allowlist =
                in.build(before, node, "allowlist", () -> new VolumeSettings.Allowlist(principals, jobs, routes));
        return allowlist == null ? d : allowlist;
    }

    private List<VolumeSettings.Suppression> suppressions(NodeReader.Entries top, List<VolumeSettings.Suppression> d) {
        Node node = top.get("suppressions");
        if (node == null) {
            return d;
        }
        List<Node> items = in.list(node, "suppressions", "suppressions, each {type, principal, until, reason}");
        if (items == null) {
            return d;
        }
        List<VolumeSettings.Suppression> suppressions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            VolumeSettings.Suppression suppression = suppression(items.get(i), NodeReader.element("suppressions", i));
            if (suppression != null) {
                suppressions.add(suppression);
            }
        }
        return suppressions;
    }

    private VolumeSettings.Suppression suppression(Node node, String path) {
        int before = in.problemCount();
        NodeReader.Entries m = in.map(node, path, SUPPRESSION_KEYS);
        if (m == null) {
            return null;
        }
        AlertType type = optional(m, "type", "an alert type", RulesFile::alertType, null);
        String principal = optional(m, "principal", "a principal id", RulesFile::nonBlank, null);
        Instant until = required(m, "until", Units.INSTANT_EXAMPLES, Units::instant, "until: 2027-01-01T00:00:00Z");
        String reason = required(
                m, "reason", "the reason, for the auditor", RulesFile::nonBlank, "reason: \"data-centre migration\"");
        if (in.problemCount() > before) {
            return null;
        }
        if (type == null && principal == null) {
            in.problem(
                    node,
                    path,
                    "name a type, a principal or both: a suppression of every alert would silence the monitor");
            return null;
        }
        return in.build(before, node, path, () -> new VolumeSettings.Suppression(type, principal, until, reason));
    }

    /** The converted value of an optional setting, or the fallback when left out or wrong. */
    private <T> T optional(NodeReader.Entries m, String key, String expected, Function<String, T> convert, T fallback) {
        Node node = m.get(key);
        if (node == null) {
            return fallback;
        }
        T value = in.value(node, m.path(key), expected, convert);
        return value == null ? fallback : value;
    }

    private <T> T required(
            NodeReader.Entries m, String key, String expected, Function<String, T> convert, String example) {
        Node node = m.get(key);
        if (node == null) {
            Node at = m.keyNode(key) != null ? m.keyNode(key) : m.node();
            in.problem(at, m.path(key), "required: " + expected + ", e.g. " + example);
            return null;
        }
        return in.value(node, m.path(key), expected, convert);
    }

    /** A set of texts, each checked by {@code check}; the fallback when left out. */
    private Set<String> strings(
            NodeReader.Entries m, String key, String what, Set<String> fallback, Function<String, String> check) {
        Node node = m.get(key);
        if (node == null) {
            return fallback;
        }
        String path = m.path(key);
        List<Node> items = in.list(node, path, what);
        if (items == null) {
            return fallback;
        }
        Set<String> values = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String value = in.value(items.get(i), NodeReader.element(path, i), TEXT, check);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    /** Flags a duration that the rule would silently round down. */
    private void wholeUnits(NodeReader.Entries m, String key, Duration value, Duration unit, String unitName) {
        Node node = m.get(key);
        if (node instanceof ScalarNode scalar && !value.isNegative() && value.toMillis() % unit.toMillis() != 0) {
            in.problem(
                    node,
                    m.path(key),
                    "must be a whole number of " + unitName + ", got " + Units.quote(scalar.getValue()));
        }
    }

    private static String nonBlank(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return s;
    }

    private static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            // yes/no/on/off are YAML 1.1 booleans but too easy to misread; one spelling only.
            default -> throw new IllegalArgumentException("expected true or false, got " + Units.quote(text));
        };
    }

    private static int wholeInt(String text) {
        long value = Units.wholeNumber(text);
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("the number " + Units.quote(text) + " is too large");
        }
        return (int) value;
    }

    private static String dataClass(String text) {
        String s = text.strip();
        if (!DATA_CLASS.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a data class name such as PERSONAL, got " + Units.quote(text));
        }
        return s;
    }

    /** A vocabulary entry: the syntax events must use for their classes. */
    private static String vocabularyClass(String text) {
        String s = text.strip();
        if (!RuleSet.isDataClassName(s)) {
            throw new IllegalArgumentException("a data class is 1 to " + RuleSet.MAX_DATA_CLASS_LENGTH
                    + " capital letters, digits or '_', such as PERSONAL or NATIONAL_ID, got " + Units.quote(text));
        }
        return s;
    }

    /** Exact job ids, or prefixes ending in one '*': {@code backup-*}. */
    private static String jobPattern(String text) {
        String s = nonBlank(text);
        int star = s.indexOf('*');
        if (star >= 0 && (star != s.length() - 1 || s.length() == 1)) {
            throw new IllegalArgumentException("expected a job id, or a prefix followed by one '*' at the end such as"
                    + " \"backup-*\", got " + Units.quote(text));
        }
        return s;
    }

    private static String route(String text) {
        String s = text.strip();
        if (!ROUTE.matcher(s).matches()) {
            throw new IllegalArgumentException("expected a route such as \"KR>SG\" (origin jurisdiction > destination"
                    + " jurisdiction, capitals), got " + Units.quote(text));
        }
        return s;
    }

    private static AlertType alertType(String text) {
        String s = text.strip();
        List<String> names = Arrays.stream(AlertType.values()).map(Enum::name).toList();
        if (names.contains(s)) {
            return AlertType.valueOf(s);
        }
        String hint = NodeReader.closest(s, names);
        throw new IllegalArgumentException(
                "unknown alert type " + Units.quote(text) + (hint == null ? "" : " (did you mean " + hint + "?)")
                        + "; expected one of " + String.join(", ", names));
    }
}
