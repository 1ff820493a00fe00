package dev.transfermonitor.detection.rulesfile;

import dev.transfermonitor.events.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks a composed YAML tree (nodes, never constructed objects) and collects problems, each
 * with the file, the line of the offending node and its field path. Reading goes on after a
 * problem, so one pass reports everything; a method that finds a problem records it and
 * returns null, and callers fall back to a default only to keep walking.
 */
final class NodeReader {

    private final String source;
    private final List<RulesFileException.Problem> problems = new ArrayList<>();
    /** Line of every field read, so errors raised later by the records can point at them. */
    private final Map<String, Integer> lines = new HashMap<>();

    NodeReader(String source) {
        this.source = source;
    }

    List<RulesFileException.Problem> problems() {
        return problems;
    }

    int problemCount() {
        return problems.size();
    }

    void problem(Node at, String field, String detail) {
        problem(line(at), field, detail);
    }

    void problem(int line, String field, String detail) {
        problems.add(new RulesFileException.Problem(source, line, field, detail));
    }

    static int line(Node node) {
        return node == null || node.getStartMark() == null
                ? 0
                : node.getStartMark().getLine() + 1;
    }

    /** A key with no value ({@code key:} or {@code key: ~}) counts as left out. */
    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + '.' + key;
    }

    static String element(String path, int index) {
        return path + '[' + index + ']';
    }

    /**
     * The entries of a mapping by key, in file order. Unknown keys (when {@code known} is not
     * null), duplicate keys and keys that are not plain text are problems. Null, with a problem,
     * when the node is not a mapping.
     */
    Entries map(Node node, String path, Collection<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            problem(
                    node,
                    fieldOrNull(path),
                    "expected settings written as 'key: value' lines or {key: value}, got " + describe(node));
            return null;
        }
        rejectCustomTag(node, path);
        Map<String, Node> values = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalarKey) || isNull(keyNode)) {
                problem(keyNode, fieldOrNull(path), "a key must be plain text, got " + describe(keyNode));
                continue;
            }
            String key = scalarKey.getValue();
            String field = child(path, key);
            if (keys.containsKey(key)) {
                problem(keyNode, field, "appears twice (first on line " + line(keys.get(key)) + ")");
                continue;
            }
            keys.put(key, keyNode);
            if (known != null && !known.contains(key)) {
                problem(keyNode, field, unknownKey(key, known));
                continue;
            }
            values.put(key, tuple.getValueNode());
        }
        return new Entries(node, path, values, keys);
    }

    /** The elements of a sequence; null, with a problem, when the node is not one. */
    List<Node> list(Node node, String path, String expected) {
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, path, "expected a list of " + expected + ", got " + describe(node));
            return null;
        }
        rejectCustomTag(node, path);
        return sequence.getValue();
    }

    /** The text of a scalar; null, with a problem, when the node is a list or mapping or has no value. */
    String scalar(Node node, String path, String expected) {
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "expected " + expected + ", got " + describe(node));
            return null;
        }
        if (isNull(node)) {
            problem(node, path, "expected " + expected + ", got no value");
            return null;
        }
        if (!rejectCustomTag(node, path)) {
            return null;
        }
        lines.put(path, line(node));
        return scalar.getValue();
    }

    /** Converts a scalar with {@code convert}, whose IllegalArgumentException becomes the problem. */
    <T> T value(Node node, String path, String expected, Function<String, T> convert) {
        String text = scalar(node, path, expected);
        if (text == null) {
            return null;
        }
        try {
            return convert.apply(text);
        } catch (IllegalArgumentException e) {
            problem(node, path, e.getMessage());
            return null;
        }
    }

    /**
     * Builds a record from values read since {@code problemsBefore}. Skipped (null) when any
     * of them was wrong, so one mistake is not reported twice. The record's own rejection
     * becomes a problem at the field its message names ({@code baseline.minHistoryDays must
     * ...}), or at {@code at} when it names none.
     */
    <T> T build(int problemsBefore, Node at, String path, Supplier<T> make) {
        if (problems.size() > problemsBefore) {
            return null;
        }
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String field = fieldNamedBy(message, path);
            if (field == null) {
                problem(at, fieldOrNull(path), message);
            } else {
                String detail = message.substring(field.length()).strip();
                if (detail.startsWith(":")) {
                    detail = detail.substring(1).strip();
                }
                problem(lines.getOrDefault(field, line(at)), field, detail.isEmpty() ? message : detail);
            }
            return null;
        }
    }

    /**
     * The dotted field a record's message starts with: one read from the file, or one under
     * {@code path} that was left out (its default clashed with a value given).
     */
    private String fieldNamedBy(String message, String path) {
        int end = 0;
        while (end < message.length() && !Character.isWhitespace(message.charAt(end)) && message.charAt(end) != ':') {
            end++;
        }
        String first = message.substring(0, end);
        if (!first.matches("[A-Za-z][A-Za-z0-9]*(\\.[A-Za-z][A-Za-z0-9]*)*")) {
            return null;
        }
        return lines.containsKey(first) || (!path.isEmpty() && first.startsWith(path + '.')) ? first : null;
    }

    private static String fieldOrNull(String path) {
        return path.isEmpty() ? null : path;
    }

    /** Tags such as {@code !!python/object} or {@code !custom} have no meaning here. */
    private boolean rejectCustomTag(Node node, String path) {
        Tag tag = node.getTag();
        if (tag != null && !Tag.standardTags.contains(tag)) {
            problem(node, fieldOrNull(path), "YAML tag " + tag.getValue() + " is not allowed in a rules file");
            return false;
        }
        return true;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map of settings";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node == null || isNull(node)) {
            return "no value";
        }
        return Units.quote(((ScalarNode) node).getValue());
    }

    static String unknownKey(String key, Collection<String> known) {
        String hint = closest(key, known);
        String expected = String.join(", ", known);
        return "unknown setting '" + key + "'" + (hint == null ? "" : " (did you mean '" + hint + "'?)")
                + "; expected one of " + expected;
    }

    static String closest(String given, Collection<String> candidates) {
        return Suggestions.closest(given, candidates);
    }

    /** The entries of one mapping, with its path for naming fields. */
    static final class Entries {
        private final Node node;
        private final String path;
        private final Map<String, Node> values;
        private final Map<String, Node> keys;

        private Entries(Node node, String path, Map<String, Node> values, Map<String, Node> keys) {
            this.node = node;
            this.path = path;
            this.values = values;
            this.keys = keys;
        }

        Node node() {
            return node;
        }

        String path() {
            return path;
        }

        /** The value of {@code key}, or null when left out or given no value. */
        Node get(String key) {
            Node value = values.get(key);
            return isNull(value) ? null : value;
        }

        String path(String key) {
            return child(path, key);
        }

        /** Keys with a value, in file order. */
        Set<String> keys() {
            Set<String> present = new LinkedHashSet<>();
            values.forEach((key, value) -> {
                if (!isNull(value)) {
                    present.add(key);
                }
            });
            return present;
        }

        /** The key's own node, for problems about the key rather than its value. */
        Node keyNode(String key) {
            return keys.get(key);
        }
    }
}
