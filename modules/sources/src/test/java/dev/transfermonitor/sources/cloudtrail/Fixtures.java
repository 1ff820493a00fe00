package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The real CloudTrail records under test resources (see NOTICE there); public for the app's
 * tests and the benchmarks, which get them through this module's test jar.
 */
public final class Fixtures {

    private Fixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/cloudtrail/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fixture's (first) record as a tree, out of its {@code Records} batch or EventBridge
     * envelope, to derive a variant from (the caller says what it changes).
     */
    public static ObjectNode tree(String path) {
        try {
            JsonNode node = JsonPayloads.mapper().readTree(bytes(path));
            if (node.has("Records")) {
                node = node.get("Records").get(0);
            }
            return (ObjectNode) (node.has("detail") ? node.get("detail") : node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
