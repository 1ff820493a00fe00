package dev.transfermonitor.detection.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks accept exactly what the patterns of the event contract accept. */
class IdSyntaxTest {

    /**
     * No C0, DEL or C1 control, no bidi control, zero-width or separator character, BOM or lone
     * surrogate (regexes see a surrogate pair as one code point, which is not Cs).
     */
    private static final Pattern ID = Pattern.compile(
            "(?:(?![\\u061C\\u200B-\\u200F\\u2028-\\u202E\\u2060-\\u2069\\uFEFF])[^\\p{Cntrl}\\u0080-\\u009F\\p{Cs}]){1,256}");

    private static final Pattern DATA_CLASS = Pattern.compile("[A-Z0-9_]{1,64}");
    private static final char[] ALPHABET = {
        'a', 'Z', '0', '_', '-', ' ', '\u0000', '\u001f', '\u007f', '\u0080', '\u00e9', '\ud83d', '\ude00', 'Q', '9',
        '\u009b', '\u202e', '\u2066', '\u200b', '\u061c', '\ufeff', '\u2028', '\u0627'
    };

    @Test
    void idsAndDataClassesAgreeWithTheirPatterns() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(250, 520) : random.nextInt(0, 70);
            StringBuilder s = new StringBuilder(length);
            boolean plain = random.nextBoolean();
            for (int c = 0; c < length; c++) {
                s.append(plain ? ALPHABET[random.nextInt(3)] : ALPHABET[random.nextInt(ALPHABET.length)]);
            }
            String value = s.toString();
            assertThat(EventValidator.isId(value))
                    .as("id %s", value)
                    .isEqualTo(ID.matcher(value).matches());
            assertThat(EventValidator.isDataClass(value))
                    .as("class %s", value)
                    .isEqualTo(DATA_CLASS.matcher(value).matches());
        }
    }

    @Test
    void controlBidiAndInvisibleCharactersAreNoIds() {
        for (String bad : new String[] {
            "emp\u202e1",
            "emp\u2066x\u2069",
            "a\u009b31m",
            "a\u001b]0;x\u0007",
            "zero\u200bwidth",
            "bom\ufeff",
            "line\u2028sep",
            "lone\ud83d",
            "\ude00lone",
            "arabic\u061cmark"
        }) {
            assertThat(EventValidator.isId(bad)).as(bad).isFalse();
        }
        assertThat(EventValidator.isId("\u0627\u0644\u0639\u0631\u0628\u064a\u0629-\u00e9\ud83d\ude00"))
                .isTrue();
    }

    @Test
    void regionIdsAreProviderColonName() {
        assertThat(EventValidator.isRegionId("aws:us-east-1")).isTrue();
        assertThat(EventValidator.isRegionId("onprem:seoul-dc1")).isTrue();
        assertThat(EventValidator.isRegionId("gcp:US")).isTrue();
        for (String bad : new String[] {
            "us-east-1",
            ":x",
            "aws:",
            "AWS:us-east-1",
            "aws:us east",
            "aws:a:b",
            "a".repeat(17) + ":x",
            "aws:" + "x".repeat(64),
            "aws:\u202eus",
            "1aws:x"
        }) {
            assertThat(EventValidator.isRegionId(bad)).as(bad).isFalse();
        }
    }

    @Test
    void twoHundredFiftySixEmojiAreAnIdAndOneMoreIsNot() {
        assertThat(EventValidator.isId("\ud83d\ude00".repeat(256))).isTrue();
        assertThat(EventValidator.isId("\ud83d\ude00".repeat(257))).isFalse();
    }
}
