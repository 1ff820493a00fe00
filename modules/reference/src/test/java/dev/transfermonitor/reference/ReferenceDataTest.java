package dev.transfermonitor.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.JsonRecordException;
import dev.transfermonitor.events.RecordKind;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {

    @TempDir
    Path dir;

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void writeSampleThenLoadDirectoryGivesTheBundledData() {
        List<Path> written = ReferenceData.writeSample(dir.resolve("ref"));
        assertThat(written)
                .extracting(p -> p.getFileName().toString())
                .containsExactly(
                        "regions.jsonl",
                        "assets.jsonl",
                        "networks.jsonl",
                        "principals.jsonl",
                        "credentials.jsonl",
                        "policies.jsonl");
        List<ReferenceData.Loaded> fromDisk = ReferenceData.load(dir.resolve("ref"));
        List<ReferenceData.Loaded> bundled = ReferenceData.bundled();
        assertThat(fromDisk).hasSameSizeAs(bundled);
        for (int i = 0; i < bundled.size(); i++) {
            assertThat(fromDisk.get(i).kind()).isEqualTo(bundled.get(i).kind());
            assertThat(fromDisk.get(i).key()).isEqualTo(bundled.get(i).key());
            assertThat(fromDisk.get(i).value()).isEqualTo(bundled.get(i).value());
        }
        assertThat(fromDisk.get(0).source())
                .startsWith(dir.resolve("ref").resolve("regions.jsonl").toString() + ":");
    }

    @Test
    void writeSampleNeverOverwrites() throws IOException {
        Path assets = write("assets.jsonl", "# mine");
        assertThatThrownBy(() -> ReferenceData.writeSample(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("assets.jsonl");
        assertThat(Files.readString(assets)).isEqualTo("# mine\n");
        assertThat(dir.resolve("regions.jsonl")).doesNotExist();
    }

    @Test
    void aSingleFileTakesItsKindFromItsName() throws IOException {
        Path file = write(
                "regions.json",
                "# a comment",
                "",
                "{\"regionId\": \"aws:ap-northeast-2\", \"countryCode\": \"KR\", \"city\": \"Seoul\"}",
                "   ",
                "{\"regionId\": \"onprem:lab\", \"countryCode\": \"DE\"}");
        List<ReferenceData.Loaded> loaded = ReferenceData.load(file);
        assertThat(loaded).extracting(ReferenceData.Loaded::kind).containsOnly(RecordKind.REGION);
        assertThat(loaded).extracting(ReferenceData.Loaded::key).containsExactly("aws:ap-northeast-2", "onprem:lab");
        assertThat(loaded).extracting(ReferenceData.Loaded::source).containsExactly(file + ":3", file + ":5");
        assertThat(((Region) loaded.get(1).value()).getCity()).isNull();
    }

    @Test
    void aByteOrderMarkIsIgnored() throws IOException {
        Path file = write("regions.jsonl", "\uFEFF{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}");
        assertThat(ReferenceData.load(file)).hasSize(1);
    }

    @Test
    void networkRangesAreNormalizedInKeyAndValue() throws IOException {
        Path file = write(
                "networks.jsonl",
                "{\"cidr\": \"10.1.2.3/8\", \"countryCode\": \"KR\"}",
                "{\"cidr\": \"2001:DB8:0100::/48\", \"countryCode\": \"KR\", \"label\": \"v6\"}");
        List<ReferenceData.Loaded> loaded = ReferenceData.load(file);
        assertThat(loaded).extracting(ReferenceData.Loaded::key).containsExactly("10.0.0.0/8", "2001:db8:100::/48");
        assertThat(loaded)
                .extracting(l -> ((NetworkRange) l.value()).getCidr())
                .containsExactly("10.0.0.0/8", "2001:db8:100::/48");
        assertThat(((NetworkRange) loaded.get(1).value()).getLabel()).isEqualTo("v6");
    }

    @Test
    void anInvalidCidrNamesFileLineAndField() throws IOException {
        Path file = write(
                "networks.jsonl",
                "{\"cidr\": \"10.0.0.0/8\", \"countryCode\": \"KR\"}",
                "# next one is wrong",
                "{\"cidr\": \"10.0.0.0/33\", \"countryCode\": \"KR\"}");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageStartingWith(file + " line 3, field 'cidr': ")
                .hasMessageContaining("0 to 32")
                .satisfies(e -> {
                    ReferenceDataException r = (ReferenceDataException) e;
                    assertThat(r.source()).isEqualTo(file.toString());
                    assertThat(r.line()).isEqualTo(3);
                    assertThat(r.field()).isEqualTo("cidr");
                });
    }

    @Test
    void aNetworkCidrThatIsAHostNameIsRejected() throws IOException {
        Path file = write("networks.jsonl", "{\"cidr\": \"intranet.example/24\", \"countryCode\": \"KR\"}");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .hasMessageContaining("line 1, field 'cidr'")
                .hasMessageContaining("not an IPv4 or IPv6 address literal");
    }

    @Test
    void countryCodesMustBeTwoUpperCaseLetters() throws IOException {
        Path regions = write("regions.jsonl", "{\"regionId\": \"aws:x\", \"countryCode\": \"kr\"}");
        assertThatThrownBy(() -> ReferenceData.load(regions))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("line 1, field 'countryCode'")
                .hasMessageContaining("'kr'");
        Path networks = write("networks.jsonl", "{\"cidr\": \"10.0.0.0/8\", \"countryCode\": \"KOR\"}");
        assertThatThrownBy(() -> ReferenceData.load(networks)).hasMessageContaining("field 'countryCode'");
        Path principals = write(
                "principals.jsonl",
                "{\"principalId\": \"p\", \"kind\": \"HUMAN\", \"status\": \"ACTIVE\","
                        + " \"statusSince\": \"2024-01-02T00:00:00Z\", \"homeCountry\": \"Korea\"}");
        assertThatThrownBy(() -> ReferenceData.load(principals)).hasMessageContaining("field 'homeCountry'");
    }

    @Test
    void aDuplicateKeyNamesBothLines() throws IOException {
        Path file = write(
                "assets.jsonl",
                "{\"assetId\": \"a1\", \"provider\": \"aws\", \"regionId\": \"aws:x\"}",
                "{\"assetId\": \"a2\", \"provider\": \"aws\", \"regionId\": \"aws:x\"}",
                "",
                "{\"assetId\": \"a1\", \"provider\": \"gcp\", \"regionId\": \"gcp:y\"}");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining(file + " line 4, field 'assetId'")
                .hasMessageContaining("duplicate assetId 'a1', first defined at line 1");
    }

    @Test
    void twoSpellingsOfOneRangeAreDuplicates() throws IOException {
        Path file = write(
                "networks.jsonl",
                "{\"cidr\": \"10.0.0.0/8\", \"countryCode\": \"KR\"}",
                "{\"cidr\": \"10.9.9.9/8\", \"countryCode\": \"SG\"}");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .hasMessageContaining("line 2, field 'cidr'")
                .hasMessageContaining("duplicate cidr '10.0.0.0/8', first defined at line 1");
    }

    @Test
    void jsonErrorsKeepTheirFileAndLine() throws IOException {
        Path file = write(
                "principals.jsonl",
                "{\"principalId\": \"p1\", \"kind\": \"HUMAN\", \"status\": \"ACTIVE\", \"statusSince\": \"2024-01-02T00:00:00Z\"}",
                "{\"principalId\": \"p2\", \"kind\": \"HUMAN\", \"status\": \"GONE\", \"statusSince\": \"2024-01-02T00:00:00Z\"}");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .isInstanceOf(JsonRecordException.class)
                .hasMessageContaining(file + " line 2")
                .hasMessageContaining("status");
    }

    @Test
    void aJsonArrayGetsAJsonLinesHint() throws IOException {
        Path file = write("regions.json", "[", "{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}", "]");
        assertThatThrownBy(() -> ReferenceData.load(file))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("JSON Lines");
    }

    @Test
    void policiesNameTheEuNotAMemberState() throws IOException {
        String allowance =
                "{\"destination\": \"%s\", \"kinds\": [\"ACCESS\"], \"basis\": \"ADEQUACY\", \"validFrom\": \"2024-01-01T00:00:00Z\"%s}";
        Path origin = write("policies.jsonl", policy("DE", ""));
        assertThatThrownBy(() -> ReferenceData.load(origin))
                .hasMessageContaining("line 1, field 'originJurisdiction'")
                .hasMessageContaining("'DE' is an EU/EEA member");
        Path destination = write("policies.jsonl", policy("KR", String.format(allowance, "FR", "")));
        assertThatThrownBy(() -> ReferenceData.load(destination))
                .hasMessageContaining("field 'allowed[0].destination'");
        Path fine = write(
                "policies.jsonl",
                policy(
                        "KR",
                        String.format(allowance, "EU", "") + ", " + String.format(allowance, "aws:eu-central-1", "")));
        assertThat(ReferenceData.load(fine)).hasSize(1);
        Path inverted = write(
                "policies.jsonl",
                policy("KR", String.format(allowance, "EU", ", \"validUntil\": \"2023-01-01T00:00:00Z\"")));
        assertThatThrownBy(() -> ReferenceData.load(inverted))
                .hasMessageContaining("field 'allowed[0].validUntil'")
                .hasMessageContaining("after validFrom");
        Path noKinds = write(
                "policies.jsonl",
                policy(
                        "KR",
                        "{\"destination\": \"SG\", \"kinds\": [], \"basis\": \"CONTRACT\", \"validFrom\": \"2024-01-01T00:00:00Z\"}"));
        assertThatThrownBy(() -> ReferenceData.load(noKinds)).hasMessageContaining("field 'allowed[0].kinds'");
    }

    /** The loader refuses what the monitor would refuse on the topic: one set of checks for every way in. */
    @Test
    void theLoaderAppliesTheMonitorsChecks() throws IOException {
        Path bidi = write(
                "assets.jsonl",
                "{\"assetId\": \"crm\u202e-db\", \"provider\": \"aws\", \"regionId\": \"aws:ap-northeast-2\"}");
        assertThatThrownBy(() -> ReferenceData.load(bidi))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("line 1, field 'assetId'")
                .hasMessageContaining("U+202E");
        Path c1 = write(
                "regions.jsonl",
                "{\"regionId\": \"onprem:lab\", \"countryCode\": \"DE\", \"city\": \"Berlin\u009b2J\"}");
        assertThatThrownBy(() -> ReferenceData.load(c1)).hasMessageContaining("field 'city'");
        Path regionId = write(
                "assets.jsonl", "{\"assetId\": \"crm\", \"provider\": \"aws\", \"regionId\": \"AWS:AP-NORTHEAST-2\"}");
        assertThatThrownBy(() -> ReferenceData.load(regionId)).hasMessageContaining("field 'regionId'");
        Path lowerCase = write("policies.jsonl", policy("kr", ""));
        assertThatThrownBy(() -> ReferenceData.load(lowerCase)).hasMessageContaining("field 'originJurisdiction'");
    }

    @Test
    void whatTheLoaderNormalisesPassesTheMonitorsChecks() throws IOException {
        Path file = write("networks.jsonl", "{\"cidr\": \"2001:DB8:0100::1/48\", \"countryCode\": \"KR\"}");
        ReferenceData.Loaded loaded = ReferenceData.load(file).get(0);
        assertThat(ReferenceValidator.check((NetworkRange) loaded.value())).isNull();
        assertThat(ReferenceData.bundled())
                .allSatisfy(l -> assertThat(ReferenceValidator.check(l.value()))
                        .as(l.source())
                        .isNull());
    }

    private static String policy(String origin, String allowed) {
        return "{\"policyId\": \"p\", \"version\": 1, \"originJurisdiction\": \"" + origin
                + "\", \"dataClass\": \"PERSONAL\", \"allowed\": [" + allowed + "]}";
    }

    @Test
    void aDirectoryLoadsKnownFilesInKindOrderAndSkipsHiddenOnes() throws IOException {
        write("policies.jsonl", policy("KR", ""));
        write("regions.jsonl", "{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}");
        write(".assets.jsonl.swp", "garbage");
        List<ReferenceData.Loaded> loaded = ReferenceData.load(dir);
        assertThat(loaded).extracting(ReferenceData.Loaded::kind).containsExactly(RecordKind.REGION, RecordKind.POLICY);
    }

    @Test
    void unknownFilesInADirectoryAreNamed() throws IOException {
        write("regions.jsonl", "{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}");
        write("README.md", "hello");
        write("region.jsonl", "{}");
        Files.createDirectory(dir.resolve("old"));
        assertThatThrownBy(() -> ReferenceData.load(dir))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("README.md")
                .hasMessageContaining("region.jsonl")
                .hasMessageContaining("old")
                .hasMessageContaining("regions, assets, networks, principals, credentials, policies");
    }

    @Test
    void twoFilesForOneKindAreAnError() throws IOException {
        write("regions.jsonl", "{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}");
        write("regions.json", "{\"regionId\": \"aws:y\", \"countryCode\": \"KR\"}");
        assertThatThrownBy(() -> ReferenceData.load(dir)).hasMessageContaining("regions.json and regions.jsonl");
    }

    @Test
    void anEmptyDirectoryIsAnError() {
        assertThatThrownBy(() -> ReferenceData.load(dir)).hasMessageContaining("no reference files");
    }

    @Test
    void aFileWithAnUnknownNameOrAMissingPathIsAnError() throws IOException {
        Path odd = write("things.jsonl", "{}");
        assertThatThrownBy(() -> ReferenceData.load(odd))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("things.jsonl")
                .hasMessageContaining("unknown reference file name");
        assertThatThrownBy(() -> ReferenceData.load(dir.resolve("nope.jsonl")))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void invalidUtf8IsReportedNotReplaced() throws IOException {
        Path file = dir.resolve("regions.jsonl");
        byte[] bad = "{\"regionId\": \"aws:\u00ff\", \"countryCode\": \"KR\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, bad);
        assertThatThrownBy(() -> ReferenceData.load(file))
                .isInstanceOf(ReferenceDataException.class)
                .hasMessageContaining("not valid UTF-8");
    }

    @Test
    void readTakesAnyReaderAndRejectsNonReferenceKinds() {
        List<ReferenceData.Loaded> loaded = ReferenceData.read(
                RecordKind.REGION, new StringReader("{\"regionId\": \"aws:x\", \"countryCode\": \"KR\"}\n"), "stdin");
        assertThat(loaded).singleElement().satisfies(l -> assertThat(l.source()).isEqualTo("stdin:1"));
        assertThatThrownBy(() -> ReferenceData.read(RecordKind.ACCESS, new StringReader(""), "stdin"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileNamesMapToKinds() {
        assertThat(ReferenceData.kindOfFileName("regions.jsonl")).isEqualTo(RecordKind.REGION);
        assertThat(ReferenceData.kindOfFileName("assets.json")).isEqualTo(RecordKind.ASSET);
        assertThat(ReferenceData.kindOfFileName("networks.jsonl")).isEqualTo(RecordKind.NETWORK);
        assertThat(ReferenceData.kindOfFileName("principals.jsonl")).isEqualTo(RecordKind.PRINCIPAL);
        assertThat(ReferenceData.kindOfFileName("credentials.jsonl")).isEqualTo(RecordKind.CREDENTIAL);
        assertThat(ReferenceData.kindOfFileName("policies.jsonl")).isEqualTo(RecordKind.POLICY);
        assertThat(ReferenceData.kindOfFileName("policies.yaml")).isNull();
        assertThat(ReferenceData.kindOfFileName("alerts.jsonl")).isNull();
        assertThat(ReferenceData.kindOfFileName("regions")).isNull();
    }
}
