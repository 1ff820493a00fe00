package dev.transfermonitor.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reference regions}, {@code reference sample} and the reference checks of {@code produce}, without a broker. */
class ReferenceCommandTest {

    @Test
    void regionsListsTheBuiltInCatalogue() {
        String out =
                Console.out(() -> assertThat(Main.run("reference", "regions")).isZero());

        assertThat(out.lines().findFirst())
                .hasValueSatisfying(header -> assertThat(header).matches("REGION +COUNTRY +CITY"));
        assertThat(out)
                .containsPattern("aws:ap-northeast-2 +KR +Seoul")
                .containsPattern("gcp:europe-west3 +DE +Frankfurt")
                .containsPattern("azure:japaneast +JP +Tokyo, Saitama")
                .containsPattern("gcp:asia +HK,ID,IN,JP,KR,SG,TH,TW +Asia \\(multi-region\\)")
                .containsPattern("gcp:us +US +United States")
                .doesNotContain("onprem:")
                .contains("161 built-in region(s).");
    }

    @Test
    void regionsOfOneProvider() {
        String out = Console.out(() -> assertThat(Main.run("reference", "regions", "--provider", "gcp"))
                .isZero());

        assertThat(out.lines().skip(1).filter(l -> l.contains(":")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("gcp:"));
        String err = Console.err(() -> assertThat(Main.run("reference", "regions", "--provider", "mars"))
                .isNotZero());
        assertThat(err).contains("expected aws, gcp or azure");
    }

    @Test
    void regionsExplainsItself() {
        String out = Console.out(
                () -> assertThat(Main.run("reference", "regions", "--help")).isZero());

        assertThat(out).contains("Usage: transfer-monitor reference regions", "--provider", "overrides");
    }

    @Test
    void theSampleHoldsOnlyTheCompanysOwnSitesAsRegions(@TempDir Path dir) throws Exception {
        Console.out(() -> assertThat(
                        Main.run("reference", "sample", dir.resolve("ref").toString()))
                .isZero());

        assertThat(Files.readAllLines(dir.resolve("ref").resolve("regions.jsonl")))
                .filteredOn(l -> l.startsWith("{"))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).contains("\"onprem:"));
    }

    @Test
    void produceChecksReferenceRecordsLikeReferenceLoad(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("policies.jsonl"),
                "{\"policyId\":\"p\",\"version\":1,\"originJurisdiction\":\"kr\",\"dataClass\":\"PERSONAL\",\"allowed\":[]}\n");

        String err = Console.err(
                () -> assertThat(Main.run("produce", "--topic", "policies", "-b", "127.0.0.1:1", file.toString()))
                        .isEqualTo(1));

        assertThat(err)
                .contains("policies.jsonl line 1, field 'originJurisdiction'", "0 record(s) before it were sent");
    }
}
