package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real CloudTrail records under test resources (see NOTICE there). */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/cloudtrail/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as a tree, to derive a variant from (the test says what it changes). */
    static ObjectNode tree(String path) {
        try {
            JsonNode node = JsonPayloads.mapper().readTree(bytes(path));
            return (ObjectNode) (node.has("detail") ? node.get("detail") : node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
