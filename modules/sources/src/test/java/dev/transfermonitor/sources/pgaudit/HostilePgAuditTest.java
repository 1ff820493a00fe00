package dev.transfermonitor.sources.pgaudit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Tally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand csvlog records that someone chose to hurt the reader (huge fields, control
 * characters, embedded newlines, wrong column counts, unbalanced quotes, lines cut short,
 * broken AUDIT messages, bad UTF-8), each derived from a line of the published session in turn:
 * every one is accounted for, as exactly one outcome, and nothing the mapper emits is large.
 * {@code log_time} is left alone: it is how the reader finds the next record after a broken one.
 */
class HostilePgAuditTest {

    private static final int RECORDS = 10_000;
    private static final int MESSAGE = 13;

    private final Random random = new Random(20261204);

    @Test
    void everyHostileRecordIsAccountedForAndNothingLargeComesOut() throws IOException {
        List<List<String>> templates = PgFixtures.records(PgFixtures.SESSION);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            stream.write(hostile(new ArrayList<>(templates.get(i % templates.size())), i));
            stream.write('\n');
        }

        PgAuditSource source = new PgAuditSource();
        Tally tally = new Tally();
        List<Outcome> mapped = new ArrayList<>();
        source.read(stream.toByteArray(), o -> {
            tally.count(o);
            assertThat(o.eventName() == null ? 0 : o.eventName().length()).isLessThanOrEqualTo(128);
            if (o instanceof Outcome.Mapped) {
                mapped.add(o);
            } else if (o instanceof Outcome.Invalid invalid) {
                assertThat(invalid.raw().length()).isLessThanOrEqualTo(JsonPayloads.MAX_RAW);
                assertThat(invalid.reason().length()).isLessThan(1_000);
            } else if (o instanceof Outcome.Failed failed) {
                assertThat(failed.errorCode().length()).isLessThan(100);
            } else {
                assertThat(((Outcome.Ignored) o).reason().length()).isLessThan(1_000);
            }
        });

        assertThat(tally.total().records()).isEqualTo(RECORDS);
        assertThat(tally.total().invalid())
                .as("some records are broken beyond reading")
                .isPositive();
        assertThat(tally.total().mapped()).as("and many still map").isPositive();
        assertThat(tally.total().failed()).isPositive();
        assertThat(tally.total().ignored()).isPositive();
        assertThat(tally.byName()).hasSizeLessThanOrEqualTo(Tally.MAX_NAMES + 2);
        for (Outcome o : mapped) {
            for (SpecificRecord event : ((Outcome.Mapped) o).events()) {
                byte[] encoded = RecordKind.of(event).codec().encode(event);
                assertThat(encoded.length).isLessThan(64 * 1024);
            }
        }
    }

    /** One real record with a field or its text changed into something a reader may choke on. */
    private byte[] hostile(List<String> record, int i) {
        // A session of its own, so that no record is taken for another's repeat of an object.
        record.set(5, Integer.toHexString(0x55cb0000 + i) + ".585a");
        int field = 1 + random.nextInt(record.size() - 1);
        String line = null;
        switch (i % 12) {
            case 0 -> record.set(field, (i % 100 < 5 ? "x" : "\u00e9").repeat(i % 500 == 0 ? 1_000_000 : 300));
            case 1 -> record.set(field, "\u202etxt.exe\u0000\u2028\u001b[2J");
            case 2 -> record.set(field, "first\nsecond,\"third\"\r\n");
            case 3 -> record.remove(field);
            case 4 -> record.addAll(List.of("client backend", "x", "y", "z").subList(0, 1 + i % 4));
            case 5 -> {
                String text = PgFixtures.csv(record);
                int at = 20 + random.nextInt(text.length() - 21);
                line = text.substring(0, at) + '"' + text.substring(at, text.length() - 1);
            }
            case 6 -> {
                // Cut short, as the last line of a file still being written.
                String text = PgFixtures.csv(record);
                line = text.substring(0, 20 + random.nextInt(text.length() - 21));
            }
            case 7 ->
                record.set(
                        MESSAGE,
                        "AUDIT: " + "SESSION,1,1,READ,SELECT,TABLE,public.t,".substring(0, random.nextInt(39)));
            case 8 ->
                record.set(
                        MESSAGE,
                        "AUDIT: OBJECT,1,1,READ,SELECT,TABLE,public.t,s,p,"
                                + List.of("-1", "1".repeat(30), "12", "", "1e3").get(i % 5));
            case 9 ->
                record.set(
                        5 + i % 2,
                        List.of("", "zz.zz", "55cb70b8.585a.1", "-4", "1".repeat(40))
                                .get(i % 5));
            case 10 -> record.set(11, "ERROR");
            default ->
                record.set(
                        MESSAGE, "AUDIT: OBJECT,1,1,READ,SELECT,TABLE," + "n".repeat(i % 3 == 0 ? 300 : 30) + ",s,p");
        }
        if (i == RECORDS / 2) {
            record.set(MESSAGE, "AUDIT: SESSION,1,1,READ,SELECT,,,\"" + "y".repeat(CsvLog.MAX_RECORD) + "\",p");
        }
        String text = line != null ? line : PgFixtures.csv(record);
        byte[] bytes = text.substring(0, text.endsWith("\n") ? text.length() - 1 : text.length())
                .getBytes(StandardCharsets.UTF_8);
        if (i % 7 == 0 && bytes.length > 60) {
            bytes = Arrays.copyOf(bytes, bytes.length);
            bytes[bytes.length / 2] = (byte) 0xC3; // cuts a character, or stands alone: not UTF-8 either way
        }
        return bytes;
    }
}
