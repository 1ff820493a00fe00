package dev.transfermonitor.sources.snowflake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.HostileReads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Tally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand rows that someone chose to hurt the reader (wrong types, huge strings and
 * arrays, deep nesting, VARIANT text that does not parse, bad UTF-8, lines cut short), one per
 * line of a JSON-lines stream, each derived from a real row (every fixture in turn, with the
 * ids and times the Panther events leave out, and the ACCESS_HISTORY variant): every one is
 * accounted for, as exactly one outcome, and nothing the mapper emits is large.
 */
class HostileSnowflakeTest {

    private static final int RECORDS = 10_000;
    private static final List<String> FIELDS = List.of(
            "QUERY_ID",
            "START_TIME",
            "QUERY_START_TIME",
            "USER_NAME",
            "ROLE_NAME",
            "QUERY_TYPE",
            "QUERY_TEXT",
            "EXECUTION_STATUS",
            "ERROR_CODE",
            "DATABASE_NAME",
            "ROWS_PRODUCED",
            "ROWS_UNLOADED",
            "BASE_OBJECTS_ACCESSED",
            "DIRECT_OBJECTS_ACCESSED",
            "OBJECTS_MODIFIED",
            "SOURCE_CLOUD",
            "TARGET_CLOUD",
            "TARGET_REGION",
            "BYTES_TRANSFERRED",
            "TRANSFER_TYPE",
            "USAGE_DATE",
            "ACCOUNT_NAME",
            "EVENT_ID",
            "EVENT_TIMESTAMP",
            "IS_SUCCESS",
            "CLIENT_IP",
            "EVENT_TYPE");

    private final Random random = new Random(20261205);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    private List<ObjectNode> templates() {
        List<ObjectNode> templates = new ArrayList<>();
        templates.add(SnowflakeFixtures.tree(SnowflakeFixtures.SELECT_FULL_ROW));
        templates.add(SnowflakeFixtures.withIdAndTime(SnowflakeFixtures.UNLOAD, "q-unload"));
        templates.add(SnowflakeFixtures.withIdAndTime(SnowflakeFixtures.GET_FILES, "q-get"));
        templates.add(SnowflakeFixtures.withStartTime(SnowflakeFixtures.TRANSFER_COPY));
        templates.add(SnowflakeFixtures.withStartTime(SnowflakeFixtures.TRANSFER_ORG));
        ObjectNode access = SnowflakeFixtures.accessHistoryVariant();
        ((ArrayNode) access.get("BASE_OBJECTS_ACCESSED"))
                .addObject()
                .put("objectDomain", "Table")
                .put("objectName", "HR.PUBLIC.STAFF");
        ((ArrayNode) access.get("OBJECTS_MODIFIED"))
                .addObject()
                .put("objectDomain", "Stage")
                .put("objectName", "HR.PUBLIC.OUT")
                .put("stageKind", "External Named");
        templates.add(access);
        for (String fixture : SnowflakeFixtures.ALL) {
            templates.add(SnowflakeFixtures.tree(fixture));
        }
        return templates;
    }

    @Test
    void everyHostileRowIsAccountedForAndNothingLargeComesOut() throws IOException {
        List<ObjectNode> templates = templates();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            ObjectNode row = templates.get(i % templates.size()).deepCopy();
            if (row.has("EVENT_ID")) {
                // A user and an address per login, so that the mapper's memory of them fills up.
                row.put("EVENT_ID", String.valueOf(i)).put("USER_NAME", "U" + i).put("CLIENT_IP", "192.0.2." + i % 256);
            } else {
                row.put(row.has("QUERY_ID") ? "QUERY_ID" : "query_id", "q-" + i);
            }
            stream.write(hostile(row, i));
            stream.write('\n');
        }

        SnowflakeSource source = new SnowflakeSource();
        HostileReads.Result result = HostileReads.read(source, stream.toByteArray(), SnowflakeSource.MAX_EVENT_NAME);
        Tally tally = result.tally();
        List<Outcome.Mapped> mapped = result.mapped();

        assertThat(tally.total().records()).isEqualTo(RECORDS);
        assertThat(tally.total().mapped()
                        + tally.total().ignored()
                        + tally.total().failed()
                        + tally.total().invalid())
                .isEqualTo(RECORDS);
        assertThat(source.logins().users()).isLessThanOrEqualTo(Logins.MAX_USERS);
        assertThat(source.logins().logins()).isLessThanOrEqualTo(Logins.MAX_USERS * Logins.MAX_PER_USER);
        assertThat(tally.total().invalid())
                .as("some rows are broken beyond reading")
                .isPositive();
        assertThat(tally.total().mapped()).as("and many still map").isPositive();
        assertThat(tally.total().failed()).isPositive();
        assertThat(tally.total().ignored()).isPositive();
        assertThat(tally.byName()).hasSizeLessThanOrEqualTo(Tally.MAX_NAMES + 2);
        for (Outcome o : mapped) {
            assertThat(((Outcome.Mapped) o).events()).hasSizeLessThanOrEqualTo(Row.MAX_EVENTS);
            for (SpecificRecord event : ((Outcome.Mapped) o).events()) {
                byte[] encoded = RecordKind.of(event).codec().encode(event);
                assertThat(encoded.length).isLessThan(64 * 1024);
            }
        }
    }

    /** One real row with a column replaced by something a reader may choke on, in either case. */
    private byte[] hostile(ObjectNode row, int i) {
        String column = FIELDS.get(random.nextInt(FIELDS.size()));
        String field = random.nextBoolean() ? column : column.toLowerCase(Locale.ROOT);
        switch (i % 12) {
            case 0 -> row.put(field, random.nextLong());
            case 1 -> row.set(field, json.arrayNode().add(1).add("two").addNull());
            case 2 -> row.set(field, nested(50 + random.nextInt(40)));
            case 3 -> row.set(field, hugeArray(i % 100 == 3 ? 10_000 : 1_000));
            case 4 -> row.put(field, (i % 100 < 5 ? "x" : "\u00e9").repeat(i % 500 == 4 ? 1_000_000 : 300));
            case 5 -> row.putNull(field);
            case 6 -> row.put(field, i % 20 == 6 ? new BigInteger("1".repeat(70)) : BigInteger.TEN.negate());
            case 7 ->
                row.put("EXECUTION_STATUS", i % 3 == 0 ? "FAIL" : "SUCCESS").put("ERROR_CODE", "00" + i);
            case 8 -> row.remove(field);
            case 9 -> row.put("BASE_OBJECTS_ACCESSED", "[{\"objectName\":" + "[".repeat(i % 3 == 0 ? 2_000 : 3));
            case 10 -> row.put("BASE_OBJECTS_ACCESSED", hugeArray(500).toString());
            default -> row.put(field, "\u202etxt.exe\u0000\u2028");
        }
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        if (i % 7 == 0 && bytes.length > 20) {
            bytes[bytes.length / 2] = (byte) 0xC3; // cuts a character, or stands alone: not UTF-8 either way
        }
        if (i % 13 == 5) {
            // Cut short anywhere, as a line of a file still being written: the next line must still count once.
            bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
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

    /** Many of what the mapper iterates: objects read and written, in every domain it knows. */
    private ArrayNode hugeArray(int n) {
        ArrayNode array = json.arrayNode();
        for (int k = 0; k < n; k++) {
            array.addObject()
                    .put("objectDomain", k % 2 == 0 ? "Table" : "Stage")
                    .put("objectName", "DB.S.T" + k)
                    .put("stageKind", "External Named")
                    .put("location", "s3://b" + k + "/x");
        }
        return array;
    }
}
