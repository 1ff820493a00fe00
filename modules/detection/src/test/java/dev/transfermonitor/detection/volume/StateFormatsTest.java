package dev.transfermonitor.detection.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.transfermonitor.avro.AlertType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes of the volume rules' state ({@value EntityStates#STORE} and {@value SlowExfiltrationRule#DAYS}):
 * stores and their changelogs outlive upgrades, so a format may change only on purpose, with a
 * new format byte and a new golden value here; the old value must still decode (or read as none).
 */
class StateFormatsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void anEntityRecordHoldsItsPartsInOrder() {
        String golden = "0103000000020102ffffffff00000000";
        byte[][] state = {{1, 2}, null, {}};

        assertThat(HEX.formatHex(EntityStates.encode(state))).isEqualTo(golden);
        byte[][] back = EntityStates.decode(HEX.parseHex(golden), 3);
        assertThat(back[0]).containsExactly(1, 2);
        assertThat(back[1]).isNull();
        assertThat(back[2]).isEmpty();
    }

    @Test
    void burstBuckets() {
        String golden = "020000000001ba81410208504552534f4e414c075041594d454e5400000003"
                + "00000001" + "00" + "0000000000000064" + "0000000000000800"
                + "00000000" + "01" + "0000000000000005" + "000000000000000a"
                + "00000000" + "00" + "0000000000000001" + "0000000000000001";
        Buckets buckets = Buckets.empty();
        buckets.add(29_000_000L, "PERSONAL", 100, 2_048);
        buckets.add(29_000_001L, "PAYMENT", 5, 10);
        buckets.add(29_000_001L, "PERSONAL", 1, 1);

        assertThat(HEX.formatHex(buckets.encode())).isEqualTo(golden);
        Buckets back = Buckets.decode(HEX.parseHex(golden));
        assertThat(back.latestMinute()).isEqualTo(29_000_001L);
        assertThat(back.classCount()).isEqualTo(2);
        assertThat(back.perMinute("PERSONAL", 29_000_000L, 29_000_001L))
                .isDeepEqualTo(new long[][] {{100, 1}, {2_048, 1}});
        assertThat(back.perMinute("PAYMENT", 29_000_000L, 29_000_001L)).isDeepEqualTo(new long[][] {{0, 5}, {0, 10}});
        assertThat(HEX.formatHex(back.encode())).isEqualTo(golden);
    }

    @Test
    void baselineHistory() {
        String golden = "02" + "0000000000005134" + "00000000000004d2" + "4082c00000000000" + "4059000000000000"
                + "00000002" + "00000003" + "0000000000000000" + "00000000000001f4" + "00000000000002bc";
        BaselineRule.History history =
                new BaselineRule.History(20_788, 1_234, new long[] {0, 500, 700}, 2, 600.0, 100.0);

        assertThat(HEX.formatHex(history.encode())).isEqualTo(golden);
        BaselineRule.History back = BaselineRule.History.decode(HEX.parseHex(golden));
        assertThat(back.day()).isEqualTo(20_788);
        assertThat(back.today()).isEqualTo(1_234);
        assertThat(back.days()).containsExactly(0, 500, 700);
        assertThat(back.active()).isEqualTo(2);
        assertThat(back.median()).isEqualTo(600.0);
        assertThat(back.mad()).isEqualTo(100.0);
    }

    @Test
    void subjectKeysHashAlikeOnEveryVersion() {
        assertThat(Long.toHexString(SlowExfiltrationRule.hash("subject-1"))).isEqualTo("d12a36aae3d717fb");
    }

    @Test
    void aDayOfFewSubjectsIsTheirSortedHashes() {
        String golden = "45" + "00000003" + "bac55298fd64f73c" + "d12a36aae3d717fb" + "d5be60496c8e359d";
        byte[] image = DaySubjects.imageOf(List.of("subject-1", "subject-2", "subject-3"));

        assertThat(HEX.formatHex(image)).isEqualTo(golden);
        DaySubjects back = DaySubjects.decode(ByteBuffer.wrap(HEX.parseHex(golden)));
        assertThat(back.estimate()).isEqualTo(3.0);
        assertThat(HEX.formatHex(back.encode())).isEqualTo(golden);
    }

    @Test
    void aDayOfManySubjectsIsACompactSketch() throws IOException {
        String golden = resource("golden/day-subjects-sketch.hex");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < DaySubjects.EXACT_MAX + 2; i++) {
            keys.add("subject-" + i);
        }

        assertThat(HEX.formatHex(DaySubjects.imageOf(keys))).isEqualTo(golden);
        DaySubjects back = DaySubjects.decode(ByteBuffer.wrap(HEX.parseHex(golden)));
        // Not encoded again: a heapified sketch may list the same coupons in another order.
        assertThat(back.estimate()).isCloseTo(130.0, within(3.0));
    }

    @Test
    void aPrincipalsRecordSharedWithItsCredential() {
        String own = "01" + "02" + "00000001" + "01" + "ffffffff";
        String credential = "01" + "02" + "ffffffff" + "00000001" + "02";
        String golden =
                "02" + "02" + "00000000" + "0000000b" + own + "00000005" + "633a70006b" + "0000000b" + credential;
        EntityStates.Slots record = new EntityStates.Slots();
        record.slot("", 2)[0] = new byte[] {1};
        record.slot("c:p" + Entities.PART + "k", 2)[1] = new byte[] {2};

        assertThat(HEX.formatHex(EntityStates.Slots.encode(record))).isEqualTo(golden);
        EntityStates.Slots back = EntityStates.Slots.decode(HEX.parseHex(golden), 2);
        assertThat(back.slots).containsOnlyKeys("", "c:p" + Entities.PART + "k");
        assertThat(back.slots.get("c:p" + Entities.PART + "k")[1]).containsExactly(2);
        assertThat(HEX.formatHex(EntityStates.Slots.encode(back))).isEqualTo(golden);
    }

    @Test
    void slowExfiltrationTodayWithAnEarlierDayKeptAsItsExactSet() {
        String set = "4500000002ebe35d69f6b4df0c091adc00a11096c9";
        String golden = "04" + "0000000000005134" + "00000002" + "0000000000005132" + "41400000" + "ffffffff"
                + "0000000000005133" + "40000000" + "00000015" + set + set;
        DaySubjects subjects = DaySubjects.empty();
        subjects.add(SlowExfiltrationRule.hashes(List.of("s1", "s2")));
        DaySubjects yesterday = DaySubjects.empty();
        yesterday.add(SlowExfiltrationRule.hashes(List.of("s2", "s1")));
        SlowExfiltrationRule.Today today = new SlowExfiltrationRule.Today(
                20_788,
                new long[] {20_786, 20_787},
                new double[] {12.0, 2.0},
                new byte[][] {null, yesterday.encode()},
                subjects);

        assertThat(HEX.formatHex(today.encode())).isEqualTo(golden);
        SlowExfiltrationRule.Today back = SlowExfiltrationRule.Today.decode(HEX.parseHex(golden));
        assertThat(back.day()).isEqualTo(20_788);
        assertThat(back.days()).containsExactly(20_786, 20_787);
        assertThat(back.estimates()).containsExactly(12.0, 2.0);
        assertThat(back.kept()[0]).isNull();
        assertThat(back.keptDay(1).estimate()).isEqualTo(2.0);
        assertThat(back.subjects().estimate()).isEqualTo(2.0);
        assertThat(HEX.formatHex(back.encode())).isEqualTo(golden);
    }

    @Test
    void slowExfiltrationTodayOfTheFormatWhereEveryEarlierDayHadASketchStillReads() {
        String golden = "03" + "0000000000005134" + "00000002" + "0000000000005132" + "41400000" + "0000000000005133"
                + "42220000" + "4500000002ebe35d69f6b4df0c091adc00a11096c9";

        SlowExfiltrationRule.Today back = SlowExfiltrationRule.Today.decode(HEX.parseHex(golden));

        assertThat(back.day()).isEqualTo(20_788);
        assertThat(back.days()).containsExactly(20_786, 20_787);
        assertThat(back.estimates()).containsExactly(12.0, 40.5);
        assertThat(Arrays.asList(back.kept())).containsOnlyNulls();
        assertThat(back.subjects().estimate()).isEqualTo(2.0);
    }

    @Test
    void theUnionOfEarlierDaysIsStampedWithItsDay() {
        String golden = "0000000000005133" + "0201070c03080200f3e60208c07b510b";
        HllSketch earlier = new HllSketch(SlowExfiltrationRule.LG_K, TgtHllType.HLL_4);
        earlier.update(SlowExfiltrationRule.hash("s1"));
        earlier.update(SlowExfiltrationRule.hash("s2"));

        assertThat(HEX.formatHex(SlowExfiltrationRule.union(20_787, earlier))).isEqualTo(golden);
        assertThat(SlowExfiltrationRule.unionDay(HEX.parseHex(golden))).isEqualTo(20_787);
        assertThat(SlowExfiltrationRule.unionSketch(HEX.parseHex(golden)).getEstimate())
                .isCloseTo(2.0, within(0.01));
    }

    @Test
    void storeKeysAndTheAlertKeysOfEntities() {
        String credential = "c:emp-42" + Entities.PART + "key-emp-42-api";

        assertThat(Entities.PART).isEqualTo('\u0000');
        assertThat(Entities.SUB).isEqualTo('\u0001');
        assertThat(SlowExfiltrationRule.dayKey(credential, 20_788))
                .isEqualTo("c:emp-42\u0000key-emp-42-api\u000120788");
        assertThat(SlowExfiltrationRule.HORIZON).isEqualTo("\u0001H");
        assertThat(Entities.alertKey(AlertType.VOLUME_BURST, credential))
                .isEqualTo("VOLUME_BURST|c:emp-42/key-emp-42-api");
        assertThat(Entities.alertKey(AlertType.BASELINE_DEVIATION, "p:emp-42"))
                .isEqualTo("BASELINE_DEVIATION|p:emp-42");
        assertThat(Entities.describe(credential)).isEqualTo("emp-42 (credential key-emp-42-api)");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StateFormatsTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).replaceAll("\\s", "");
        }
    }
}
