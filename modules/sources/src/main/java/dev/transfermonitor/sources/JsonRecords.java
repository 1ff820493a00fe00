package dev.transfermonitor.sources;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The records of a JSON payload as exports write them: one object, a JSON array of them, an
 * envelope field holding the array ({@code records}, {@code entries}), or JSON lines of any of
 * these. Nesting beyond an array of envelopes is not unwrapped, so the reader's work stays
 * linear in the payload.
 */
public final class JsonRecords {

    private JsonRecords() {}

    /**
     * @param envelope the batch field, or null for none
     * @param what     what a record is, for the reason of one that is no object ("a Snowflake row")
     */
    public static void read(
            byte[] payload, Consumer<Outcome> out, Function<JsonNode, Outcome> map, String envelope, String what) {
        JsonPayloads.read(payload, new JsonPayloads.Handler() {
            @Override
            public void value(JsonNode value) {
                unwrap(value, out, map, envelope, what, 0);
            }

            @Override
            public void broken(String reason, String raw) {
                out.accept(new Outcome.Invalid(null, reason, raw));
            }
        });
    }

    private static void unwrap(
            JsonNode value,
            Consumer<Outcome> out,
            Function<JsonNode, Outcome> map,
            String envelope,
            String what,
            int depth) {
        if (value.isArray() && depth < 2) {
            value.forEach(v -> unwrap(v, out, map, envelope, what, depth + 1));
            return;
        }
        JsonNode batch = envelope == null ? null : Json.get(value, envelope);
        if (batch != null && batch.isArray() && depth < 2) {
            batch.forEach(v -> unwrap(v, out, map, envelope, what, 2));
            return;
        }
        if (!value.isObject()) {
            out.accept(new Outcome.Invalid(null, "not " + what + ": not a JSON object", raw(value)));
            return;
        }
        out.accept(map.apply(value));
    }

    /** A record's text for the dead-letter topic, cut to {@link JsonPayloads#MAX_RAW}. */
    public static String raw(JsonNode value) {
        return Json.cut(value.toString(), JsonPayloads.MAX_RAW);
    }
}
