package dev.transfermonitor.detection.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written checks accept exactly what the patterns of the event contract accept. */
class IdSyntaxTest {

    private static final Pattern ID = Pattern.compile("\\P{Cntrl}{1,256}");
    private static final Pattern DATA_CLASS = Pattern.compile("[A-Z0-9_]{1,64}");
    private static final char[] ALPHABET = {'a', 'Z', '0', '_', '-', ' ', '\u0000', '\u001f', '\u007f', '\u0080', '\u00e9',
        '\ud83d', '\ude00', 'Q', '9'};

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
            assertThat(EventValidator.isId(value)).as("id %s", value).isEqualTo(ID.matcher(value).matches());
            assertThat(EventValidator.isDataClass(value)).as("class %s", value).isEqualTo(DATA_CLASS.matcher(value).matches());
        }
    }

    @Test
    void twoHundredFiftySixEmojiAreAnIdAndOneMoreIsNot() {
        assertThat(EventValidator.isId("\ud83d\ude00".repeat(256))).isTrue();
        assertThat(EventValidator.isId("\ud83d\ude00".repeat(257))).isFalse();
    }
}
