package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.RecordKind;
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
        regions = ReferenceData.valuesOf(ReferenceData.bundledRegions(), RecordKind.REGION);
        byId = new HashMap<>();
        for (Region region : regions) {
            byId.put(region.getRegionId(), region);
        }
    }

    @Test
    void idsAreUniqueAndPrefixedByProvider() {
        assertThat(byId).hasSameSizeAs(regions);
        assertThat(regions).allSatisfy(r ->
                assertThat(r.getRegionId()).matches("(aws|gcp|azure|onprem):[a-z0-9-]+"));
    }

    @Test
    void everyCountryCodeIsAnIsoAlpha2Code() {
        assertThat(regions).allSatisfy(r -> assertThat(ISO_COUNTRIES).as(r.getRegionId()).contains(r.getCountryCode()));
    }

    @Test
    void coversTheProvidersPublicRegions() {
        assertThat(countWithPrefix("aws:")).isGreaterThanOrEqualTo(30);
        assertThat(countWithPrefix("gcp:")).isGreaterThanOrEqualTo(38);
        assertThat(countWithPrefix("azure:")).isGreaterThanOrEqualTo(55);
        assertThat(countWithPrefix("onprem:")).isEqualTo(2);
    }

    @Test
    void spotChecks() {
        assertCountry("aws:ap-northeast-2", "KR");
        assertCountry("gcp:asia-northeast3", "KR");
        assertCountry("azure:koreacentral", "KR");
        assertCountry("azure:koreasouth", "KR");
        assertCountry("aws:eu-central-1", "DE");
        assertThat(Jurisdictions.of(byId.get("aws:eu-central-1").getCountryCode())).isEqualTo("EU");
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
        assertCountry("onprem:seoul-dc1", "KR");
        assertCountry("onprem:busan-dc2", "KR");
        assertThat(byId.get("onprem:seoul-dc1").getCity()).isEqualTo("Seoul");
        assertThat(byId.get("onprem:busan-dc2").getCity()).isEqualTo("Busan");
        assertThat(byId.get("gcp:asia-northeast3").getCity()).isEqualTo("Seoul");
    }

    @Test
    void euRegionsAreInTheEuJurisdictionAndOthersAreNot() {
        assertThat(Jurisdictions.of(byId.get("gcp:europe-north1").getCountryCode())).isEqualTo("EU");
        assertThat(Jurisdictions.of(byId.get("azure:norwayeast").getCountryCode())).isEqualTo("EU");
        assertThat(Jurisdictions.of(byId.get("aws:eu-west-2").getCountryCode())).isEqualTo("GB");
        assertThat(Jurisdictions.of(byId.get("aws:eu-central-2").getCountryCode())).isEqualTo("CH");
    }

    private static long countWithPrefix(String prefix) {
        return regions.stream().filter(r -> r.getRegionId().startsWith(prefix)).count();
    }

    private static void assertCountry(String regionId, String country) {
        assertThat(byId).as(regionId).containsKey(regionId);
        assertThat(byId.get(regionId).getCountryCode()).as(regionId).isEqualTo(country);
    }
}
