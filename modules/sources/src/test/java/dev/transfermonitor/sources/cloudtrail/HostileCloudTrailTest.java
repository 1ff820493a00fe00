package dev.transfermonitor.sources.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.PayloadChunks;
import dev.transfermonitor.sources.Tally;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand records that someone chose to hurt the reader, one per line of a JSON-lines
 * stream, each derived from a real record: every one is accounted for, as exactly one outcome,
 * and nothing the mapper emits is large.
 */
class HostileCloudTrailTest {

    private static final int RECORDS = 10_000;
    private static final List<String> TEMPLATES = List.of(
            "s3-iam/GetObject-assumedrole-bytestransferred-panther.json",
            "snapshots/ModifySnapshotAttribute.json",
            "snapshots/ModifyDBSnapshotAttribute.json",
            "s3-iam/PutBucketPolicy-principal-star-vpce.json",
            "stratus/CreateAccessKey.json",
            "s3-iam/AssumeRole-iamuser-crossaccount.json");
    private static final List<String> FIELDS = List.of(
            "eventName",
            "eventTime",
            "eventID",
            "eventSource",
            "userIdentity",
            "requestParameters",
            "responseElements",
            "additionalEventData",
            "sourceIPAddress",
            "userAgent",
            "awsRegion",
            "recipientAccountId",
            "errorCode",
            "resources",
            "sessionContext");

    private final Random random = new Random(20261203);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    @Test
    void everyHostileRecordIsAccountedForAndNothingLargeComesOut() throws IOException {
        List<ObjectNode> templates = TEMPLATES.stream().map(Fixtures::tree).toList();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            stream.write(hostile(templates.get(i % templates.size()).deepCopy(), i));
            stream.write('\n');
        }

        CloudTrailSource source = new CloudTrailSource(true);
        Tally tally = new Tally();
        List<Outcome> mapped = new ArrayList<>();
        PayloadChunks.split(new ByteArrayInputStream(stream.toByteArray()), new PayloadChunks.Handler() {
            @Override
            public void payload(byte[] payload) {
                source.read(payload, o -> {
                    tally.count(o);
                    if (o instanceof Outcome.Mapped) {
                        mapped.add(o);
                    } else if (o instanceof Outcome.Invalid invalid) {
                        assertThat(invalid.raw().length()).isLessThanOrEqualTo(JsonPayloads.MAX_RAW);
                        assertThat(invalid.reason().length()).isLessThan(1_000);
                    }
                });
            }

            @Override
            public void tooLarge(byte[] head) {
                throw new AssertionError("no line is near the payload limit");
            }
        });

        assertThat(tally.total().records()).isEqualTo(RECORDS);
        assertThat(tally.total().invalid())
                .as("some records are broken beyond reading")
                .isPositive();
        assertThat(tally.total().mapped()).as("and many still map").isPositive();
        assertThat(tally.byName()).hasSizeLessThanOrEqualTo(Tally.MAX_NAMES + 2);
        for (Outcome o : mapped) {
            for (SpecificRecord event : ((Outcome.Mapped) o).events()) {
                byte[] encoded = RecordKind.of(event).codec().encode(event);
                assertThat(encoded.length).isLessThan(64 * 1024);
            }
        }
    }

    /** One real record with one or two fields replaced by something a reader may choke on. */
    private byte[] hostile(ObjectNode record, int i) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        switch (i % 10) {
            case 0 -> record.put(field, random.nextLong());
            case 1 -> record.set(field, json.arrayNode().add(1).add("two").addNull());
            case 2 -> record.set(field, nested(50 + random.nextInt(40)));
            case 3 -> record.set(field, hugeArray(i % 100 == 3 ? 10_000 : 1_000));
            case 4 -> record.put(field, (i % 100 < 5 ? "x" : "\u00e9").repeat(i % 500 == 4 ? 1_000_000 : 300));
            case 5 -> record.putNull(field);
            case 6 -> record.put(field, i % 20 == 6 ? new BigInteger("1".repeat(70)) : BigInteger.TEN);
            case 7 -> record.put("eventName", "Op" + i);
            case 8 -> record.remove(field);
            default -> record.put(field, "\u202etxt.exe\u0000\u2028");
        }
        byte[] bytes = record.toString().getBytes(StandardCharsets.UTF_8);
        if (i % 7 == 0 && bytes.length > 20) {
            bytes[bytes.length / 2] = (byte) 0xC3; // cuts a character, or stands alone: not UTF-8 either way
        }
        return bytes;
    }

    private ObjectNode nested(int depth) {
        ObjectNode root = json.objectNode();
        ObjectNode at = root;
        for (int d = 0; d < depth; d++) {
            at = at.putObject("n");
        }
        return root;
    }

    private ArrayNode hugeArray(int n) {
        ArrayNode array = json.arrayNode();
        for (int k = 0; k < n; k++) {
            array.add(json.objectNode().put("snapshotId", "snap-" + k).put("group", "all"));
        }
        return array;
    }
}
