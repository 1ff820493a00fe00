package dev.transfermonitor.sources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonPayloadsTest {

    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void wellFormedUtf8IsToldFromEveryMalformedKind() {
        assertThat(JsonPayloads.isUtf8("plain, é, 한, 😀".getBytes(StandardCharsets.UTF_8)))
                .isTrue();
        assertThat(JsonPayloads.isUtf8(bytes(0xC3))).as("cut short").isFalse();
        assertThat(JsonPayloads.isUtf8(bytes(0x80))).as("stray continuation").isFalse();
        assertThat(JsonPayloads.isUtf8(bytes(0xC0, 0xAF))).as("overlong /").isFalse();
        assertThat(JsonPayloads.isUtf8(bytes(0xED, 0xA0, 0x80)))
                .as("a surrogate")
                .isFalse();
        assertThat(JsonPayloads.isUtf8(bytes(0xF4, 0x90, 0x80, 0x80)))
                .as("past U+10FFFF")
                .isFalse();
        assertThat(JsonPayloads.isUtf8(bytes(0xF8, 0x88, 0x80, 0x80, 0x80)))
                .as("5-byte form")
                .isFalse();
    }

    @Test
    void bytesAndTextReadTheSame() {
        String text = "{\"a\":\"é\"}\n{\"b\": [1,\n{\"c\":2}\n\"tail\" \n";
        List<String> fromBytes = new ArrayList<>();
        List<String> fromText = new ArrayList<>();
        JsonPayloads.read(text.getBytes(StandardCharsets.UTF_8), collect(fromBytes));
        JsonPayloads.read(text, collect(fromText));

        assertThat(fromBytes)
                .isEqualTo(fromText)
                .containsExactly("value {\"a\":\"é\"}", "broken {\"b\": [1,", "value {\"c\":2}", "broken \"tail\"");
    }

    private static JsonPayloads.Handler collect(List<String> into) {
        return new JsonPayloads.Handler() {
            @Override
            public void value(JsonNode value) {
                into.add("value " + value);
            }

            @Override
            public void broken(String reason, String raw) {
                into.add("broken " + raw.strip());
            }
        };
    }
}
