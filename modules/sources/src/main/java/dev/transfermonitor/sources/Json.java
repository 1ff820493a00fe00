package dev.transfermonitor.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Tolerant reads of audit-log JSON: real exports write numbers as strings and one item as an object. */
public final class Json {

    private Json() {}

    /** The first of the fields that is present (exports differ in case), or null. */
    public static JsonNode get(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && !value.isNull()) {
                return value;
            }
        }
        return null;
    }

    /** A text or number field as text; null when absent, blank or of another type. */
    public static String text(JsonNode node, String... names) {
        JsonNode value = get(node, names);
        if (value == null || !(value.isTextual() || value.isNumber() || value.isBoolean())) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : text;
    }

    /** A count as a whole number: 1234, "1234", 1234.0 and "1.234E3" all read as 1234; -1 when absent or not a count. */
    public static long count(JsonNode node, String... names) {
        JsonNode value = get(node, names);
        if (value == null) {
            return -1;
        }
        if (value.canConvertToExactIntegral() && value.isNumber()) {
            return value.canConvertToLong() ? Math.max(-1, value.asLong()) : -1;
        }
        String text = value.isTextual() ? value.asText().trim() : value.isNumber() ? value.asText() : null;
        if (text == null || text.isEmpty() || text.length() > 40) {
            return -1;
        }
        try {
            long whole = Long.parseLong(text);
            return whole < 0 ? -1 : whole;
        } catch (NumberFormatException notWhole) {
            try {
                double number = Double.parseDouble(text);
                return Double.isFinite(number) && number >= 0 && number < 9.2e18 ? (long) number : -1;
            } catch (NumberFormatException notNumber) {
                return -1;
            }
        }
    }

    /** An array's elements, an object as one element, nothing for anything else. */
    public static List<JsonNode> items(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>(node.size());
            node.forEach(items::add);
            return items;
        }
        return node.isObject() ? List.of(node) : List.of();
    }

    /** The texts of an array of strings, or of one string. */
    public static List<String> texts(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.asText());
        }
        List<String> texts = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual() || item.isNumber()) {
                    texts.add(item.asText());
                }
            }
        }
        return texts;
    }

    /** At most {@code max} characters, for attributes that only inform. */
    public static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
