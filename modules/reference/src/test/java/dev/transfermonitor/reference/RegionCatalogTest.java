package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.Region;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RegionCatalogTest {

    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static List<Region> regions;
    private static Map<String, Region> byId;

    @BeforeAll
    static void load() {
        regions = List.copyOf(RegionCatalog.byId().values());
        byId = new HashMap<>(RegionCatalog.byId());
    }

    @Test
    void idsAreUniqueAndPrefixedByProvider() {
        assertThat(byId).hasSameSizeAs(regions);
        assertThat(regions).allSatisfy(r -> assertThat(r.getRegionId()).matches("(aws|gcp|azure):[a-z0-9-]+"));
    }

    @Test
    void everyCountryCodeIsAnIsoAlpha2Code() {
        assertThat(regions)
                .allSatisfy(r -> assertThat(ISO_COUNTRIES).as(r.getRegionId()).contains(r.getCountryCode()));
    }

    @Test
    void coversTheProvidersPublicRegions() {
        assertThat(countWithPrefix("aws:")).isGreaterThanOrEqualTo(30);
        assertThat(countWithPrefix("gcp:")).isGreaterThanOrEqualTo(38);
        assertThat(countWithPrefix("azure:")).isGreaterThanOrEqualTo(55);
        assertThat(regions)
                .as("customer sites are reference data, not catalogue")
                .hasSize(39 + 43 + 9 + 70);
    }

    @Test
    void aMultiRegionSpansEveryCountryOfTheProvidersRegionsInItsArea() {
        List<String> asia = regions.stream()
                .filter(r -> r.getRegionId().startsWith("gcp:asia-"))
                .map(Region::getCountryCode)
                .distinct()
                .sorted()
                .toList();
        assertThat(byId.get("gcp:asia").getCountries())
                .containsExactlyElementsOf(asia)
                .contains("KR", "HK");
        assertThat(byId.get("gcp:eu").getCountries())
                .allSatisfy(c -> assertThat(Jurisdictions.of(c)).isEqualTo(Jurisdictions.EU))
                .as("the EU multi-region keeps data in member states: not London, not Zurich")
                .doesNotContain("GB", "CH");
        assertThat(byId.get("gcp:eur5").getCountries()).containsExactly("BE", "GB");
        assertThat(byId.get("gcp:us").getCountries())
                .as("one country: no span to list")
                .isEmpty();
        assertThat(regions)
                .filteredOn(r -> !r.getCountries().isEmpty())
                .allSatisfy(
                        r -> assertThat(r.getCountries()).as(r.getRegionId()).contains(r.getCountryCode()));
    }

    @Test
    void spotChecks() {
        assertCountry("aws:ap-northeast-2", "KR");
        assertCountry("gcp:asia-northeast3", "KR");
        assertCountry("azure:koreacentral", "KR");
        assertCountry("azure:koreasouth", "KR");
        assertCountry("aws:eu-central-1", "DE");
        assertThat(Jurisdictions.of(byId.get("aws:eu-central-1").getCountryCode()))
                .isEqualTo("EU");
        assertCountry("aws:us-east-1", "US");
        assertCountry("aws:ap-southeast-1", "SG");
        assertCountry("aws:il-central-1", "IL");
        assertCountry("aws:mx-central-1", "MX");
        assertCountry("aws:ap-southeast-5", "MY");
        assertCountry("aws:ap-southeast-7", "TH");
        assertCountry("aws:ca-west-1", "CA");
        assertCountry("aws:us-gov-west-1", "US");
        assertCountry("aws:cn-northwest-1", "CN");
        assertCountry("gcp:europe-west3", "DE");
        assertCountry("gcp:me-central2", "SA");
        assertCountry("gcp:africa-south1", "ZA");
        assertCountry("gcp:northamerica-south1", "MX");
        assertCountry("azure:germanywestcentral", "DE");
        assertCountry("azure:swedencentral", "SE");
        assertCountry("azure:italynorth", "IT");
        assertCountry("azure:polandcentral", "PL");
        assertCountry("azure:spaincentral", "ES");
        assertCountry("azure:israelcentral", "IL");
        assertCountry("azure:qatarcentral", "QA");
        assertCountry("azure:mexicocentral", "MX");
        assertCountry("azure:newzealandnorth", "NZ");
        assertThat(byId.get("gcp:asia-northeast3").getCity()).isEqualTo("Seoul");
    }

    /** Regions opened in 2025-2026, checked against the providers' lists of 2026-12. */
    @Test
    void newerRegions() {
        assertCountry("aws:ap-east-2", "TW");
        assertCountry("aws:ap-southeast-6", "NZ");
        assertCountry("aws:eusc-de-east-1", "DE");
        assertCountry("gcp:asia-southeast3", "TH");
        assertCountry("gcp:europe-north2", "SE");
        assertCountry("azure:austriaeast", "AT");
        assertCountry("azure:belgiumcentral", "BE");
        assertCountry("azure:chilecentral", "CL");
        assertCountry("azure:denmarkeast", "DK");
        assertCountry("azure:indonesiacentral", "ID");
        assertCountry("azure:malaysiawest", "MY");
        assertCountry("azure:japaneast", "JP");
    }

    @Test
    void euRegionsAreInTheEuJurisdictionAndOthersAreNot() {
        assertThat(Jurisdictions.of(byId.get("gcp:europe-north1").getCountryCode()))
                .isEqualTo("EU");
        assertThat(Jurisdictions.of(byId.get("azure:norwayeast").getCountryCode()))
                .isEqualTo("EU");
        assertThat(Jurisdictions.of(byId.get("aws:eu-west-2").getCountryCode())).isEqualTo("GB");
        assertThat(Jurisdictions.of(byId.get("aws:eu-central-2").getCountryCode()))
                .isEqualTo("CH");
    }

    private static long countWithPrefix(String prefix) {
        return regions.stream().filter(r -> r.getRegionId().startsWith(prefix)).count();
    }

    private static void assertCountry(String regionId, String country) {
        assertThat(byId).as(regionId).containsKey(regionId);
        assertThat(byId.get(regionId).getCountryCode()).as(regionId).isEqualTo(country);
    }
}
