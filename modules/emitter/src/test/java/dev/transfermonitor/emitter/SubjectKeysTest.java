package dev.transfermonitor.emitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The pseudonymous subject keys: deterministic, secret-dependent, never echoing raw ids. */
class SubjectKeysTest {

    private static final byte[] SECRET = "0123456789abcdef-org-secret".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "0123456789abcdef-org-secreT".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theSameIdAndSecretGiveTheSameKey() {
        assertThat(SubjectKeys.pseudonymize(SECRET, "cust-42"))
                .isEqualTo(SubjectKeys.pseudonymize(SECRET.clone(), "cust-42"))
                .isEqualTo(SubjectKeys.withSecret(SECRET).key("cust-42"))
                .matches("[0-9a-f]{64}");
    }

    @Test
    void theKeyIsTheHmacSha256OfTheId() {
        // RFC 4231, test case 1: a published vector, so the scheme is reproducible in any language.
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        assertThat(SubjectKeys.pseudonymize(key, "Hi There"))
                .isEqualTo("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    }

    @Test
    void otherIdsOrSecretsGiveOtherKeys() {
        String key = SubjectKeys.pseudonymize(SECRET, "cust-42");

        assertThat(SubjectKeys.pseudonymize(SECRET, "cust-43")).isNotEqualTo(key);
        assertThat(SubjectKeys.pseudonymize(OTHER_SECRET, "cust-42")).isNotEqualTo(key);
    }

    @Test
    void theKeyDoesNotContainTheRawId() {
        String raw = "kim.minji@example.com";

        assertThat(SubjectKeys.pseudonymize(SECRET, raw)).doesNotContain(raw).doesNotContain("kim");
    }

    @Test
    void laterChangesToTheCallersArrayDoNotChangeKeys() {
        byte[] secret = SECRET.clone();
        SubjectKeys keys = SubjectKeys.withSecret(secret);
        String before = keys.key("cust-1");

        secret[0] ^= 1;

        assertThat(keys.key("cust-1")).isEqualTo(before);
    }

    @Test
    void rejectsWeakSecretsAndEmptyIdsWithoutEchoingThem() {
        assertThatThrownBy(() -> SubjectKeys.withSecret(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subject-key secret must be at least 16 bytes, was 15");
        assertThatThrownBy(() -> SubjectKeys.withSecret(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectKeys.pseudonymize(SECRET, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("subject id must not be null or empty");
        assertThatThrownBy(() -> SubjectKeys.pseudonymize(SECRET, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
