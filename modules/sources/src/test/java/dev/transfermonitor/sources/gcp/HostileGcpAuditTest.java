package dev.transfermonitor.sources.gcp;

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
import java.util.Random;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand entries that someone chose to hurt the reader (wrong types, huge strings and
 * arrays, deep nesting, bad UTF-8, lines cut short), one per line of a JSON-lines stream, each
 * derived from a real entry (every fixture and test variant in turn): every one is accounted for, as exactly one
 * outcome, and nothing the mapper emits is large.
 */
class HostileGcpAuditTest {

    private static final int RECORDS = 10_000;
    private static final List<String> TEMPLATES = List.of(
            GcpFixtures.STORAGE_GET,
            GcpFixtures.STORAGE_GET_DELEGATED,
            GcpFixtures.STORAGE_LIST,
            GcpFixtures.STORAGE_GET_DENIED,
            GcpFixtures.STORAGE_PUBLIC,
            GcpFixtures.QUERY_REDDIT,
            GcpFixtures.QUERY_AUSTIN,
            GcpFixtures.TABLE_DATA_READ,
            GcpFixtures.JOB_CHANGE_QUERY,
            GcpFixtures.PUBSUB_KEY,
            GcpFixtures.BUCKET_USER_GRANT,
            GcpFixtures.PROJECT_USER_GRANT,
            GcpFixtures.OBJECT_CREATE,
            GcpFixtures.DISK_POLICY,
            GcpFixtures.SNAPSHOT_INSERT);
    /**
     * The variants the tests derive for shapes no published record has: copies, newer-format
     * queries and extracts, a direct read and a snapshot with its request.
     */
    private static final List<Supplier<ObjectNode>> VARIANTS = List.of(
            GcpFixtures::legacyCopy,
            GcpFixtures::jobChangeCopy,
            GcpFixtures::jobChangeQuery,
            GcpFixtures::jobChangeExtract,
            GcpFixtures::jobInsertionQuery,
            GcpFixtures::directTableDataRead,
            GcpFixtures::snapshotWithRequest);
    /** Fields of the entry, then of its payload (a leading slash), then deeper ones. */
    private static final List<String> FIELDS = List.of(
            "insertId",
            "timestamp",
            "resource",
            "logName",
            "/methodName",
            "/resourceName",
            "/status",
            "/authenticationInfo",
            "/requestMetadata",
            "/resourceLocation",
            "/serviceData",
            "/request",
            "/response",
            "/metadataJson",
            "/metadata",
            "//principalEmail",
            "//serviceAccountKeyName",
            "//serviceAccountDelegationInfo",
            "///callerIp",
            "////jobStatistics",
            "////jobConfiguration",
            "////jobStatus",
            "/////jobName",
            "/////jobConfig",
            "/////jobStatus",
            "/////jobStats",
            "//////referencedTables",
            "//////outputRowCount",
            "//////totalProcessedBytes",
            "///////destinationUris",
            "///////sourceTable");

    private final Random random = new Random(20261204);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    @Test
    void everyHostileEntryIsAccountedForAndNothingLargeComesOut() throws IOException {
        List<ObjectNode> templates =
                new ArrayList<>(TEMPLATES.stream().map(GcpFixtures::tree).toList());
        VARIANTS.forEach(v -> templates.add(v.get()));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            stream.write(hostile(templates.get(i % templates.size()).deepCopy(), i));
            stream.write('\n');
        }

        GcpAuditSource source = new GcpAuditSource();
        HostileReads.Result result = HostileReads.read(source, stream.toByteArray(), 128);
        Tally tally = result.tally();
        List<Outcome.Mapped> mapped = result.mapped();

        assertThat(tally.total().records()).isEqualTo(RECORDS);
        assertThat(tally.total().invalid())
                .as("some entries are broken beyond reading")
                .isPositive();
        assertThat(tally.total().mapped()).as("and many still map").isPositive();
        assertThat(tally.total().failed()).isPositive();
        assertThat(tally.total().ignored()).isPositive();
        assertThat(tally.byName()).hasSizeLessThanOrEqualTo(Tally.MAX_NAMES + 2);
        for (Outcome o : mapped) {
            assertThat(((Outcome.Mapped) o).events()).hasSizeLessThanOrEqualTo(Entry.MAX_EVENTS);
            for (SpecificRecord event : ((Outcome.Mapped) o).events()) {
                byte[] encoded = RecordKind.of(event).codec().encode(event);
                assertThat(encoded.length).isLessThan(64 * 1024);
            }
        }
    }

    /** One real entry with one or two fields replaced by something a reader may choke on. */
    private byte[] hostile(ObjectNode entry, int i) {
        String path = FIELDS.get(random.nextInt(FIELDS.size()));
        ObjectNode at = target(entry, path);
        String field = path.substring(path.lastIndexOf('/') + 1);
        switch (i % 12) {
            case 0 -> at.put(field, random.nextLong());
            case 1 -> at.set(field, json.arrayNode().add(1).add("two").addNull());
            case 2 -> at.set(field, nested(50 + random.nextInt(40)));
            case 3 -> at.set(field, hugeArray(i % 100 == 3 ? 10_000 : 1_000));
            case 4 -> at.put(field, (i % 100 < 5 ? "x" : "\u00e9").repeat(i % 500 == 4 ? 1_000_000 : 300));
            case 5 -> at.putNull(field);
            case 6 -> at.put(field, i % 20 == 6 ? new BigInteger("1".repeat(70)) : BigInteger.TEN);
            case 7 -> {
                if (i % 24 == 7) {
                    newerJob(payload(entry)).put("jobName", "projects/p/jobs/j" + i); // more jobs than remembered
                } else {
                    payload(entry).put("methodName", "method" + i);
                }
            }
            case 8 -> at.remove(field);
            case 9 -> payload(entry).put("metadataJson", "{\"tableDataRead\":" + "[".repeat(i % 3 == 0 ? 2_000 : 3));
            case 10 -> manyMembers(payload(entry), i % 100 == 10 ? 10_000 : 300);
            default -> at.put(field, "\u202etxt.exe\u0000\u2028");
        }
        byte[] bytes = entry.toString().getBytes(StandardCharsets.UTF_8);
        if (i % 7 == 0 && bytes.length > 20) {
            bytes[bytes.length / 2] = (byte) 0xC3; // cuts a character, or stands alone: not UTF-8 either way
        }
        if (i % 13 == 5) {
            // Cut short anywhere, as a line of a file still being written: the next line must still count once.
            bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
        }
        return bytes;
    }

    private static ObjectNode payload(ObjectNode entry) {
        return entry.has("protoPayload") ? entry.withObject("protoPayload") : entry.withObject("protopayload_auditlog");
    }

    /** The object a path's field lives in: the entry, its payload, or a block of the payload. */
    private static ObjectNode target(ObjectNode entry, String path) {
        int depth = path.lastIndexOf('/') + 1;
        if (depth == 0) {
            return entry;
        }
        ObjectNode payload = payload(entry);
        return switch (depth) {
            case 1 -> payload;
            case 2 -> objectOr(payload, "authenticationInfo");
            case 3 -> objectOr(payload, "requestMetadata");
            case 4 -> objectOr(objectOr(objectOr(payload, "serviceData"), "jobCompletedEvent"), "job");
            case 5 -> newerJob(payload);
            case 6 -> objectOr(objectOr(newerJob(payload), "jobStats"), "queryStats");
            default -> objectOr(objectOr(newerJob(payload), "jobConfig"), "extractConfig");
        };
    }

    /** The job of a jobChange or jobInsertion in {@code metadata}, made a jobChange's when there is none. */
    private static ObjectNode newerJob(ObjectNode payload) {
        ObjectNode metadata = objectOr(payload, "metadata");
        String event = metadata.has("jobInsertion") ? "jobInsertion" : "jobChange";
        return objectOr(objectOr(metadata, event), "job");
    }

    private static ObjectNode objectOr(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    /** A policy as set, a delta and a dataset change, each adding more members than any real one. */
    private void manyMembers(ObjectNode payload, int n) {
        ArrayNode members = json.arrayNode();
        ArrayNode deltas = json.arrayNode();
        for (int k = 0; k < n; k++) {
            String member = k % 3 == 0
                    ? "user:u" + k + "@d" + k + ".example"
                    : "serviceAccount:s@p" + k + ".iam.gserviceaccount.com";
            members.add(member);
            deltas.add(json.objectNode().put("action", "ADD").put("member", member));
        }
        payload.withObject("request")
                .withObject("policy")
                .putArray("bindings")
                .addObject()
                .set("members", members);
        if (random.nextBoolean()) {
            payload.withObject("serviceData").withObject("policyDelta").set("bindingDeltas", deltas);
        }
        payload.put(
                "metadataJson",
                json.objectNode()
                        .set("datasetChange", json.objectNode().set("bindingDeltas", deltas))
                        .toString());
    }

    private ObjectNode nested(int depth) {
        ObjectNode root = json.objectNode();
        ObjectNode at = root;
        for (int d = 0; d < depth; d++) {
            at = at.putObject("n");
        }
        return root;
    }

    /** Many of what the mapper iterates: tables, URIs, delegations, bindings. */
    private ArrayNode hugeArray(int n) {
        ArrayNode array = json.arrayNode();
        for (int k = 0; k < n; k++) {
            array.add(json.objectNode()
                    .put("projectId", "p")
                    .put("datasetId", "d")
                    .put("tableId", "t" + k)
                    .put("action", "ADD")
                    .put("member", "allUsers")
                    .set("firstPartyPrincipal", json.objectNode().put("principalEmail", "sa" + k + "@x")));
        }
        return array;
    }
}
