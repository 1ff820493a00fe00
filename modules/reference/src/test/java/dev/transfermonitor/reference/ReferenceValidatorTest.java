package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferenceValidatorTest {

    private static final Instant FROM = Instant.parse("2024-01-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(
            ints = {
                0x00, 0x1b, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067,
                0x2068, 0x2069, 0x2028
            })
    void everyStringRefusesControlAndBidiOverrideCharacters(int c) {
        String bad = "seoul" + (char) c + "dc1";

        assertThat(ReferenceValidator.check(new Region("onprem:seoul-dc1", "KR", bad, List.of())))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("city");
        assertThat(ReferenceValidator.check(asset("crm-" + bad, "aws:ap-northeast-2")))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("assetId");
        assertThat(ReferenceValidator.check(new Principal(
                        "emp-1", PrincipalKind.HUMAN, PrincipalStatus.ACTIVE, FROM, null, new ArrayList<>())))
                .isNull();
        ReferenceValidator.Problem problem = ReferenceValidator.check(policy("kr-" + bad, "KR", allowance("SG")));
        assertThat(problem.field()).isEqualTo("policyId");
        assertThat(problem.message()).contains(String.format("U+%04X", c));
    }

    @Test
    void printableUnicodeIsFine() {
        assertThat(ReferenceValidator.check(new Region("aws:mx-central-1", "MX", "Querétaro\u00a0Centro", List.of())))
                .isNull();
        assertThat(ReferenceValidator.check(new Region("azure:swedencentral", "SE", "Gävle", List.of())))
                .isNull();
    }

    @Test
    void aPlaceSpanningSeveralCountriesListsEachOnceWithItsOwnCountry() {
        assertThat(ReferenceValidator.check(new Region("onprem:kr-sg", "KR", null, List.of("KR", "SG"))))
                .isNull();
        assertThat(ReferenceValidator.check(new Region("onprem:kr-sg", "KR", null, List.of("SG"))))
                .extracting(ReferenceValidator.Problem::message)
                .isEqualTo("must include the countryCode 'KR' when given");
        assertThat(ReferenceValidator.check(new Region("onprem:kr-sg", "KR", null, List.of("KR", "SG", "KR"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("countries[2]");
        assertThat(ReferenceValidator.check(new Region("onprem:kr-sg", "KR", null, List.of("KR", "sg"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("countries[1]");
        List<String> many = new ArrayList<>();
        for (char a = 'A'; many.size() <= ReferenceValidator.MAX_COUNTRIES; a++) {
            for (char b = 'A'; b <= 'Z' && many.size() <= ReferenceValidator.MAX_COUNTRIES; b++) {
                many.add("" + a + b);
            }
        }
        assertThat(ReferenceValidator.check(new Region("onprem:everywhere", "AA", null, many)))
                .extracting(ReferenceValidator.Problem::message)
                .isEqualTo("has more than 64 entries");
    }

    @Test
    void aBuiltInMultiRegionCannotBeNarrowed() {
        // Dropping HK from gcp:asia would let a copy there pass as allowed.
        ReferenceValidator.Problem narrowed =
                ReferenceValidator.check(new Region("gcp:asia", "TW", "Asia", List.of("JP", "KR", "SG", "TW")));
        assertThat(narrowed.field()).isEqualTo("countries");
        assertThat(narrowed.message()).contains("spanning HK, ID, IN, JP, KR, SG, TH, TW", "cannot be overridden");
        assertThat(ReferenceValidator.check(new Region("gcp:europe-west3", "DE", null, List.of("DE", "CH"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("countries");
    }

    @Test
    void aRegionIdIsProviderColonNameInLowerCase() {
        assertThat(ReferenceValidator.check(new Region("aws:eusc-de-east-1", "DE", null, List.of())))
                .isNull();
        assertThat(ReferenceValidator.check(new Region("onprem:seoul_dc1.b", "KR", null, List.of())))
                .isNull();
        for (String id : List.of(
                "ap-northeast-2",
                "AWS:ap-northeast-2",
                "aws:AP-NORTHEAST-2",
                "aws:",
                ":x",
                "aws: x",
                "aws:x:y",
                "aws:-x")) {
            assertThat(ReferenceValidator.check(new Region(id, "KR", null, List.of())))
                    .as(id)
                    .extracting(ReferenceValidator.Problem::field)
                    .isEqualTo("regionId");
        }
        assertThat(ReferenceValidator.check(asset("crm", "aws:Ap-Northeast-2")))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("regionId");
    }

    @Test
    void aPolicyThatCouldNeverMatchIsRefused() {
        assertThat(ReferenceValidator.check(policy("p", "KR", allowance("EU"), allowance("aws:eu-central-1"))))
                .isNull();

        assertThat(ReferenceValidator.check(policy("p", "kr", allowance("SG"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("originJurisdiction");
        assertThat(ReferenceValidator.check(policy("p", "DE", allowance("SG"))).message())
                .contains("'DE' is an EU/EEA member", "'EU'");
        assertThat(ReferenceValidator.check(policy("p", "KR", allowance("SG"), allowance("sg"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("allowed[1].destination");
        assertThat(ReferenceValidator.check(policy("p", "KR", allowance("FR"))))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("allowed[0].destination");
        assertThat(ReferenceValidator.check(policy("p", "KR", allowance("AWS:EU-CENTRAL-1")))
                        .message())
                .contains("is not a region id");
        ResidencyPolicy noKinds = policy("p", "KR", allowance("SG"));
        noKinds.getAllowed().get(0).setKinds(new ArrayList<>());
        assertThat(ReferenceValidator.check(noKinds))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("allowed[0].kinds");
        ResidencyPolicy zero = policy("p", "KR");
        zero.setVersion(0);
        assertThat(ReferenceValidator.check(zero))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("version");
    }

    @Test
    void aCidrMustBeCanonicalLikeItsKey() {
        assertThat(ReferenceValidator.check(new NetworkRange("10.0.0.0/8", "KR", null, NetworkScope.UNSPECIFIED)))
                .isNull();
        assertThat(ReferenceValidator.check(new NetworkRange("10.1.2.3/8", "KR", null, NetworkScope.UNSPECIFIED))
                        .message())
                .contains("expected 10.0.0.0/8");
        assertThat(ReferenceValidator.check(new NetworkRange("2001:DB8::/32", "KR", null, NetworkScope.UNSPECIFIED))
                        .message())
                .contains("expected 2001:db8::/32");
        assertThat(ReferenceValidator.check(new NetworkRange("10.0.0.0/33", "KR", null, NetworkScope.UNSPECIFIED)))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("cidr");
    }

    @Test
    void aPrincipalsHomeCountryIsACountryCode() {
        assertThat(ReferenceValidator.check(new Principal(
                        "emp-1", PrincipalKind.HUMAN, PrincipalStatus.ACTIVE, FROM, "kr", new ArrayList<>())))
                .extracting(ReferenceValidator.Problem::field)
                .isEqualTo("homeCountry");
    }

    @Test
    void messagesShowValuesEscapedAndShort() {
        assertThat(ReferenceValidator.shown("a\u001b]0;x\u0007\u202eb")).isEqualTo("a\\u{1B}]0;x\\u{7}\\u{202E}b");
        assertThat(ReferenceValidator.shown("x".repeat(100))).isEqualTo("x".repeat(40) + "\u2026(60 more)");
        assertThat(ReferenceValidator.check(new Region("onprem:x", "k\u009br", null, List.of()))
                        .message())
                .doesNotContain("\u009b");
    }

    private static Asset asset(String id, String regionId) {
        return new Asset(
                id, "aws", regionId, "111111111111", new ArrayList<>(List.of("PERSONAL")), null, new ArrayList<>());
    }

    private static PolicyAllowance allowance(String destination) {
        return new PolicyAllowance(
                destination, new ArrayList<>(List.of(TransferKind.ACCESS)), LegalBasis.CONTRACT, FROM, null);
    }

    private static ResidencyPolicy policy(String id, String origin, PolicyAllowance... allowed) {
        return new ResidencyPolicy(id, 1, origin, "PERSONAL", new ArrayList<>(List.of(allowed)));
    }
}
