package dev.transfermonitor.sources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Splits a payload into its top-level JSON values: one document, several in a row, or JSON
 * lines. A value that does not parse is reported and reading resumes at the next line that
 * starts with {@code {} or {@code [}, so one broken line of a JSON-lines file costs that line
 * only. Bytes that are not UTF-8 become U+FFFD: a log line with one bad byte in a user agent
 * must still be judged, not dropped.
 */
public final class JsonPayloads {

    /** Deeper than any audit record; bounds the parser's stack whatever the input. */
    public static final int MAX_DEPTH = 64;
    /** Longer strings are refused by the parser rather than held. */
    public static final int MAX_STRING = 2 * 1024 * 1024;
    /** How much of a bad value is kept for the dead-letter topic. */
    public static final int MAX_RAW = 64 * 1024;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_STRING)
                    .maxNumberLength(64)
                    .build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    /** What the reader found: a value, or a stretch of text that is none. */
    public interface Handler {
        void value(JsonNode value);

        void broken(String reason, String raw);
    }

    private JsonPayloads() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** UTF-8, with malformed or unmappable bytes replaced rather than refused. */
    public static String decode(byte[] payload) {
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /**
     * Valid UTF-8 (nearly every payload) is parsed from the bytes as they are; anything else is
     * decoded with replacements first.
     */
    public static void read(byte[] payload, Handler handler) {
        byte[] bytes = isUtf8(payload) ? payload : decode(payload).getBytes(StandardCharsets.UTF_8);
        int from = 0;
        while (from < bytes.length) {
            from = readFrom(bytes, from, handler);
        }
    }

    /** Well-formed UTF-8: no stray continuation, overlong form, surrogate or code point past U+10FFFF. */
    static boolean isUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            int length;
            int min;
            if ((c & 0xE0) == 0xC0) {
                length = 2;
                min = 0x80;
            } else if ((c & 0xF0) == 0xE0) {
                length = 3;
                min = 0x800;
            } else if ((c & 0xF8) == 0xF0) {
                length = 4;
                min = 0x10000;
            } else {
                return false;
            }
            if (i + length > b.length) {
                return false;
            }
            int cp = c & (0x7F >> length);
            for (int k = 1; k < length; k++) {
                int cc = b[i + k];
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += length;
        }
        return true;
    }

    public static void read(String text, Handler handler) {
        read(text.getBytes(StandardCharsets.UTF_8), handler);
    }

    /** Reads values from {@code from} until the end or a broken one; returns where to go on. */
    private static int readFrom(byte[] bytes, int from, Handler handler) {
        int start = from;
        try (JsonParser parser = FACTORY.createParser(bytes, from, bytes.length - from)) {
            parser.setCodec(MAPPER);
            while (true) {
                JsonToken token = parser.nextToken();
                if (token == null) {
                    return bytes.length;
                }
                start = from + (int) parser.currentTokenLocation().getByteOffset();
                if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
                    throw new JsonParseProblem("a payload holds JSON objects, not a bare " + describe(token));
                }
                JsonNode value = parser.readValueAsTree();
                start = from + (int) parser.currentLocation().getByteOffset();
                handler.value(value);
            }
        } catch (JsonParseProblem | IOException e) {
            int next = nextStart(bytes, start + 1);
            int end = Math.min(next, start + MAX_RAW);
            handler.broken(reason(e), new String(bytes, start, end - start, StandardCharsets.UTF_8));
            return next;
        }
    }

    /** The start of the next line that opens a value ({@code {} or {@code [} in its first column), or the end. */
    private static int nextStart(byte[] bytes, int from) {
        for (int i = Math.max(from, 1); i < bytes.length; i++) {
            if (bytes[i - 1] == '\n' && (bytes[i] == '{' || bytes[i] == '[')) {
                return i;
            }
        }
        return bytes.length;
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }

    private static String reason(Exception e) {
        if (e instanceof JsonProcessingException p) {
            String message = p.getOriginalMessage();
            return "not JSON: " + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
        }
        return e.getMessage();
    }

    private static final class JsonParseProblem extends RuntimeException {
        JsonParseProblem(String message) {
            super(message, null, false, false);
        }
    }
}
