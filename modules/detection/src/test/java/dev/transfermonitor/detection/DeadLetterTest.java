package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.AvroCodec;
import dev.transfermonitor.events.BadRecordException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input goes to the DLQ with its original bytes and a reason; nothing is lost. */
class DeadLetterTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void everyKindOfBadRecordIsADeadLetterWithItsReason() {
        byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
        byte[] good = AvroCodec.of(DataAccessEvent.class).encode(anAccess().build());
        byte[] unknownFingerprint = good.clone();
        unknownFingerprint[5] ^= 0x5A;
        byte[] truncated = Arrays.copyOf(good, good.length / 2);

        tm.sendAccessBytes("k", garbage);
        tm.sendAccessBytes("k", unknownFingerprint);
        tm.sendAccessBytes("k", truncated);
        tm.sendAccessBytes("k", null);
        tm.send(anAccess().on(" ").build());
        tm.send(anAccess().records(-1).build());
        tm.send(aReplication().bytes(-5).build());
        tm.send(anAccess().at(Harness.WALL_CLOCK.plus(Duration.ofHours(2))).build());
        tm.send(anAccess().at(Instant.parse("1970-01-02T00:00:00Z")).build());
        tm.send(anAccess().from("999.1.1.1").build());

        List<TestRecord<String, byte[]>> dead = tm.deadLetters();
        assertThat(dead)
                .extracting(r -> header(r, DeadLetters.REASON))
                .containsExactly(
                        Reason.MALFORMED.name(),
                        Reason.UNKNOWN_SCHEMA.name(),
                        Reason.MALFORMED.name(),
                        Reason.EMPTY.name(),
                        Reason.MISSING_FIELD.name(),
                        Reason.INVALID_FIELD.name(),
                        Reason.INVALID_FIELD.name(),
                        Reason.FUTURE_TIMESTAMP.name(),
                        Reason.IMPOSSIBLE_TIMESTAMP.name(),
                        Reason.INVALID_FIELD.name());
        assertThat(dead.get(0).value()).isEqualTo(garbage);
        assertThat(dead.get(0).key()).isEqualTo("k");
        assertThat(header(dead.get(4), DeadLetters.MESSAGE)).contains("assetId");
        assertThat(header(dead.get(0), DeadLetters.TOPIC)).isEqualTo(tm.topics.access());
        assertThat(header(dead.get(6), DeadLetters.TOPIC)).isEqualTo(tm.topics.replication());
        assertThat(header(dead.get(0), DeadLetters.OFFSET)).isEqualTo("0");
    }

    @Test
    void eventsTheStateCouldNotHoldAreDeadLetters() {
        tm.sendAccessBytes(
                "someone-else",
                AvroCodec.of(DataAccessEvent.class)
                        .encode(anAccess().by("emp-1001").build()));
        tm.send(anAccess().classes("PERSONAL", "x".repeat(40_000)).build());
        tm.send(anAccess().records(2_000_000_000_000L).build());
        tm.send(anAccess().by("emp\u00001001").build());

        assertThat(tm.deadLetters())
                .extracting(r -> header(r, DeadLetters.REASON))
                .containsExactly(
                        Reason.KEY_MISMATCH.name(),
                        Reason.INVALID_FIELD.name(),
                        Reason.INVALID_FIELD.name(),
                        Reason.INVALID_FIELD.name());
        assertThat(tm.events("access", "processed")).isZero();
    }

    @Test
    void recordsInEqualProcessedPlusDeadLetters() {
        int good = 0;
        int bad = 0;
        for (int i = 0; i < 60; i++) {
            switch (i % 4) {
                case 0 -> {
                    tm.send(anAccess().build());
                    good++;
                }
                case 1 -> {
                    tm.send(aReplication().build());
                    good++;
                }
                case 2 -> {
                    tm.sendReplicationBytes("k", new byte[] {(byte) i, 1, 2});
                    bad++;
                }
                default -> {
                    tm.send(anAccess().records(-i).build());
                    bad++;
                }
            }
        }

        double processed = tm.events("access", "processed") + tm.events("replication", "processed");
        double dlq = tm.events("access", "dlq") + tm.events("replication", "dlq");
        assertThat(processed).isEqualTo(good);
        assertThat(dlq).isEqualTo(bad);
        assertThat(tm.deadLetters()).hasSize(bad);
        assertThat(processed + dlq).isEqualTo(60);
    }

    @Test
    void aDeadLetterStaysUnderTheMessageSizeLimitWhateverItsOriginal() {
        String hugeKey = "k".repeat(100_000);
        RecordHeaders headers = new RecordHeaders();
        headers.add("big", new byte[990_000]);
        headers.add("small", new byte[] {1});
        headers.add(DeadLetters.REASON, "forged".getBytes(StandardCharsets.UTF_8));
        tm.sendAccess(new TestRecord<>(hugeKey, new byte[1_048_000], headers, Harness.WALL_CLOCK));
        tm.sendAccessBytes("k", new byte[999_000]);

        List<TestRecord<String, byte[]>> dead = tm.deadLetters();
        assertThat(dead)
                .hasSize(2)
                .allSatisfy(r -> assertThat(size(r)).isLessThanOrEqualTo(DeadLetters.MAX_RECORD_BYTES));
        TestRecord<String, byte[]> first = dead.get(0);
        assertThat(header(first, DeadLetters.REASON)).isEqualTo(Reason.MALFORMED.name());
        assertThat(header(first, DeadLetters.TRUNCATED)).isEqualTo("1048000");
        assertThat(header(first, DeadLetters.KEY_TRUNCATED)).isEqualTo("100000");
        assertThat(header(first, DeadLetters.HEADERS_DROPPED)).isEqualTo("1");
        assertThat(header(first, "small")).isEqualTo("\u0001");
        assertThat(first.key()).isEqualTo(hugeKey.substring(0, DeadLetters.MAX_KEY_CHARS));
        TestRecord<String, byte[]> second = dead.get(1);
        assertThat(header(second, DeadLetters.TRUNCATED)).isNull();
        assertThat(second.value()).hasSize(999_000);
    }

    @Test
    void forgedDeadLetterHeadersAreKeptAsOriginalsAndNoneIsTakenForOurs() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON, "forged".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.TRUNCATED, "12".getBytes(StandardCharsets.UTF_8));
        headers.add(DeadLetters.HEADERS_DROPPED, "0".getBytes(StandardCharsets.UTF_8));
        headers.add("Transfer.DLQ.Topic", "elsewhere".getBytes(StandardCharsets.UTF_8));
        headers.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("transfer.dlq.key.truncated", new byte[999_000]); // does not fit: dropped, and counted
        tm.sendAccess(new TestRecord<>("k", "not avro".getBytes(StandardCharsets.UTF_8), headers, Harness.WALL_CLOCK));

        TestRecord<String, byte[]> dead = tm.deadLetters().get(0);
        List<String> ours = StreamSupport.stream(dead.headers().spliterator(), false)
                .map(Header::key)
                .filter(k -> k.toLowerCase(Locale.ROOT).startsWith("transfer.dlq."))
                .toList();
        assertThat(ours)
                .containsExactlyInAnyOrder(
                        DeadLetters.REASON,
                        DeadLetters.MESSAGE,
                        DeadLetters.TOPIC,
                        DeadLetters.PARTITION,
                        DeadLetters.OFFSET,
                        DeadLetters.HEADERS_DROPPED);
        // A reader taking the first header of a name gets ours as well as one taking the last.
        assertThat(new String(
                        dead.headers()
                                .headers(DeadLetters.REASON)
                                .iterator()
                                .next()
                                .value(),
                        StandardCharsets.UTF_8))
                .isEqualTo(Reason.MALFORMED.name());
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo(tm.topics.access());
        assertThat(header(dead, DeadLetters.HEADERS_DROPPED)).isEqualTo("1");
        assertThat(header(dead, "original." + DeadLetters.REASON)).isEqualTo("forged");
        assertThat(header(dead, "original." + DeadLetters.TRUNCATED)).isEqualTo("12");
        assertThat(header(dead, "original." + DeadLetters.HEADERS_DROPPED)).isEqualTo("0");
        assertThat(header(dead, "original.Transfer.DLQ.Topic")).isEqualTo("elsewhere");
        assertThat(header(dead, "trace-id")).isEqualTo("t-1");
        assertThat(dead.value()).isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
    }

    private static long size(TestRecord<String, byte[]> r) {
        long size = r.key().getBytes(StandardCharsets.UTF_8).length + r.value().length;
        for (Header h : r.headers()) {
            size += h.key().length() + h.value().length;
        }
        return size;
    }

    @Test
    void deadLettersDoNotStopTheStream() {
        tm.sendAccessBytes("k", new byte[] {1, 2, 3});
        tm.send(anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .from("10.1.1.1")
                .build());

        assertThat(tm.deadLetters()).hasSize(1);
        assertThat(tm.alerts()).hasSize(1);
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
