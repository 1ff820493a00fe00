package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JurisdictionsTest {

    private static final String[] EU_MEMBERS = {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
        "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"
    };
    private static final String[] EEA_NON_EU = {"IS", "LI", "NO"};

    @Test
    void allThirtyEuAndEeaMembersShareTheEuJurisdiction() {
        assertThat(EU_MEMBERS).hasSize(27).doesNotHaveDuplicates();
        for (String code : EU_MEMBERS) {
            assertThat(Jurisdictions.of(code)).as(code).isEqualTo("EU");
            assertThat(Jurisdictions.isEuOrEea(code)).as(code).isTrue();
        }
        for (String code : EEA_NON_EU) {
            assertThat(Jurisdictions.of(code)).as(code).isEqualTo("EU");
            assertThat(Jurisdictions.isEuOrEea(code)).as(code).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GB", "CH", "KR", "US", "SG", "JP", "CN", "TR", "UA", "AL"})
    void otherCountriesAreTheirOwnJurisdiction(String code) {
        assertThat(Jurisdictions.of(code)).isEqualTo(code);
        assertThat(Jurisdictions.isEuOrEea(code)).isFalse();
    }

    @Test
    void codesAreUpperCasedAndTrimmed() {
        assertThat(Jurisdictions.of("kr")).isEqualTo("KR");
        assertThat(Jurisdictions.of(" de ")).isEqualTo("EU");
        assertThat(Jurisdictions.of("Gb")).isEqualTo("GB");
        assertThat(Jurisdictions.isEuOrEea("no")).isTrue();
    }

    @Test
    void greeceIsGrNotEl() {
        assertThat(Jurisdictions.of("GR")).isEqualTo("EU");
        assertThat(Jurisdictions.of("EL")).isEqualTo("EL");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "K", "KOR", "K1", "1K", "K-", "ÄB", "ıS", "\u0130S", "K R"})
    void invalidCodesMapToNull(String code) {
        assertThat(Jurisdictions.of(code)).isNull();
        assertThat(Jurisdictions.isEuOrEea(code)).isFalse();
    }

    @Test
    void countryCodeShapeIsStrictUpperCase() {
        assertThat(Jurisdictions.isCountryCodeShape("KR")).isTrue();
        assertThat(Jurisdictions.isCountryCodeShape("kr")).isFalse();
        assertThat(Jurisdictions.isCountryCodeShape(" KR")).isFalse();
        assertThat(Jurisdictions.isCountryCodeShape(null)).isFalse();
    }
}
