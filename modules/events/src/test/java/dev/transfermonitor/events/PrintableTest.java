package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class PrintableTest {

    /** An OSC title sequence, a bidi override and a forged log line: what an insider puts in an account id. */
    static final String HOSTILE = "acct\u001b]0;owned\u0007\u202egpj.exe\n2026-12-02 INFO forged";

    @Test
    void plainTextIsLeftAsItIs() {
        String text = "emp-1001 read 5,000 records of PERSONAL data on crm-db-seoul from 서울 (CORP\\alice) ❤ 😀";
        assertThat(Printable.of(text)).isSameAs(text);
    }

    @Test
    void controlBidiAndFormatCharactersBecomeVisibleEscapes() {
        assertThat(Printable.of(HOSTILE))
                .isEqualTo("acct\\u{1B}]0;owned\\u{7}\\u{202E}gpj.exe\\u{A}2026-12-02 INFO forged");
        assertThat(Printable.of("\t\r\u007f\u0085\u009b\u2028\u2029"))
                .isEqualTo("\\u{9}\\u{D}\\u{7F}\\u{85}\\u{9B}\\u{2028}\\u{2029}");
        for (int cp : new int[] {
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200C, 0x200D, 0x200E,
            0x200F, 0x061C, 0x2060, 0xFEFF, 0x00AD, 0xE0041, 0x3164, 0xFFFF
        }) {
            String one = new String(Character.toChars(cp));
            assertThat(Printable.of("a" + one + "b"))
                    .as("U+%04X", cp)
                    .isEqualTo("a\\u{" + Integer.toHexString(cp).toUpperCase(Locale.ROOT) + "}b");
            assertThat(Printable.isSafe(cp)).isFalse();
        }
    }

    @Test
    void loneSurrogatesAreEscapedAndPairsKept() {
        assertThat(Printable.of("x\ud83dy\ude00z\ud83d\ude00")).isEqualTo("x\\u{D83D}y\\u{DE00}z\ud83d\ude00");
    }

    @Test
    void theOutputIsBoundedWithoutSplittingAnEscape() {
        assertThat(Printable.of("a".repeat(5000), 10)).isEqualTo("a".repeat(10) + "\u2026(4990 more)");
        assertThat(Printable.of("abcdefgh\u001b\u001b", 10)).isEqualTo("abcdefgh\u2026(2 more)");
        assertThat(Printable.of("\ud83d\ude00".repeat(3), 3)).isEqualTo("\ud83d\ude00\u2026(2 more)");
        assertThat(Printable.of("x".repeat(100_000))).hasSizeLessThan(Printable.DEFAULT_MAX + 20);
        assertThat(Printable.of(null)).isEqualTo("null");
    }

    @Test
    void escapingTwiceChangesNothing() {
        String once = Printable.of(HOSTILE);
        assertThat(Printable.of(once)).isEqualTo(once);
        assertThat(Printable.isSafe(once)).isTrue();
    }

    @Test
    void jsonEscapesWriteTheSameCharactersAsUnicodeEscapes() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g =
                new JsonFactory().setCharacterEscapes(Printable.jsonEscapes()).createGenerator(out)) {
            g.writeString(HOSTILE + "\u007f\u0085\u2066\u200b\ud83d\u00e9");
        }
        String json = out.toString();
        assertThat(json)
                .isEqualTo("\"acct\\u001B]0;owned\\u0007\\u202Egpj.exe\\n2026-12-02 INFO forged"
                        + "\\u007F\\u0085\\u2066\\u200B\\uD83D\u00e9\"");
        assertThat(Printable.isSafe(json)).isTrue();
        assertThat(JsonMapper.builder().build().readTree(json).textValue())
                .isEqualTo(HOSTILE + "\u007f\u0085\u2066\u200b\ud83d\u00e9");
    }
}
