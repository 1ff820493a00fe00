package dev.transfermonitor.sources.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.HostileReads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Tally;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand records per source that someone chose to hurt the reader (wrong types, huge
 * strings and arrays, deep nesting, bad UTF-8, lines cut short), one per line of a JSON-lines
 * stream, each derived from a real record (every fixture, and the variants the source tests
 * derive, in turn): every one is accounted for, as exactly one outcome, and nothing the mapper
 * emits is large.
 */
class HostileAzureTest {

    private static final int RECORDS = 10_000;
    /** Fields of the record, then of its properties (a leading slash), then of its identity (two). */
    private static final List<String> STORAGE_FIELDS = List.of(
            "time",
            "operationName",
            "category",
            "callerIpAddress",
            "correlationId",
            "identity",
            "uri",
            "statusCode",
            "statusText",
            "resourceId",
            "location",
            "properties",
            "/accountName",
            "/objectKey",
            "/metricResponseType",
            "/responseBodySize",
            "/sourceUri",
            "/userAgentHeader",
            "//type",
            "//tokenHash",
            "//requester");

    private static final List<String> ACTIVITY_FIELDS = List.of(
            "time",
            "operationName",
            "resourceId",
            "resultType",
            "resultSignature",
            "caller",
            "callerIpAddress",
            "correlationId",
            "location",
            "identity",
            "properties",
            "/requestbody",
            "/requestBody",
            "/responseBody",
            "/statusCode",
            "//claims",
            "//authorization");

    private final Random random = new Random(20261204);
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    @Test
    void everyHostileStorageRecordIsAccountedFor() throws IOException {
        List<Supplier<ObjectNode>> templates = List.of(
                () -> AzureFixtures.tree(AzureFixtures.GET_SAS_URI),
                () -> AzureFixtures.tree(AzureFixtures.GET_BULK),
                () -> AzureFixtures.tree(AzureFixtures.LIST_DELEGATION_SAS),
                AzureFixtures::getWithIdentity,
                () -> {
                    ObjectNode copy = AzureFixtures.getWithIdentity();
                    copy.put("operationName", "CopyBlob");
                    copy.withObject("properties").put("sourceUri", "https://other.blob.core.windows.net/c/b");
                    return copy;
                });
        check(new AzureStorageSource(), templates, STORAGE_FIELDS, "GetBlob");
    }

    @Test
    void everyHostileActivityRecordIsAccountedFor() throws IOException {
        List<Supplier<ObjectNode>> templates = List.of(
                () -> AzureFixtures.tree(AzureFixtures.LIST_ACCOUNT_SAS),
                () -> AzureFixtures.tree(AzureFixtures.PUBLIC_ACCESS),
                () -> AzureFixtures.tree(AzureFixtures.DISK_ACCESS),
                () -> AzureFixtures.tree(AzureFixtures.LIST_KEYS),
                AzureFixtures::publicAccessWithCaller,
                AzureFixtures::diskAccessAsExported,
                AzureFixtures::snapshotCopy,
                AzureFixtures::replicationPolicy,
                AzureFixtures::geoRedundant);
        check(new AzureActivitySource(), templates, ACTIVITY_FIELDS, "Microsoft.Storage/storageAccounts/write");
    }

    private void check(Source source, List<Supplier<ObjectNode>> templates, List<String> fields, String mapped)
            throws IOException {
        List<ObjectNode> trees = templates.stream().map(Supplier::get).toList();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < RECORDS; i++) {
            stream.write(hostile(trees.get(i % trees.size()).deepCopy(), i, fields, mapped));
            stream.write('\n');
        }

        HostileReads.Result result = HostileReads.read(source, stream.toByteArray(), 128);
        Tally tally = result.tally();
        List<Outcome.Mapped> out = result.mapped();

        assertThat(tally.total().records()).isEqualTo(RECORDS);
        assertThat(tally.total().invalid()).isPositive();
        assertThat(tally.total().mapped()).isPositive();
        assertThat(tally.total().failed()).isPositive();
        assertThat(tally.total().ignored()).isPositive();
        assertThat(tally.byName()).hasSizeLessThanOrEqualTo(Tally.MAX_NAMES + 2);
        for (Outcome.Mapped m : out) {
            assertThat(m.events()).hasSizeLessThanOrEqualTo(Entry.MAX_EVENTS);
            for (SpecificRecord event : m.events()) {
                assertThat(RecordKind.of(event).codec().encode(event).length).isLessThan(64 * 1024);
            }
        }
    }

    /** One real record with one field replaced by something a reader may choke on. */
    private byte[] hostile(ObjectNode record, int i, List<String> fields, String mapped) {
        String path = fields.get(random.nextInt(fields.size()));
        int depth = path.lastIndexOf('/') + 1;
        ObjectNode at =
                depth == 0 ? record : depth == 1 ? objectOr(record, "properties") : objectOr(record, "identity");
        String field = path.substring(depth);
        switch (i % 11) {
            case 0 -> at.put(field, random.nextLong());
            case 1 -> at.set(field, json.arrayNode().add(1).add("two").addNull());
            case 2 -> at.set(field, nested(50 + random.nextInt(40)));
            case 3 -> at.set(field, hugeArray(i % 100 == 3 ? 10_000 : 1_000));
            case 4 -> at.put(field, (i % 100 < 5 ? "x" : "\u00e9").repeat(i % 500 == 4 ? 1_000_000 : 300));
            case 5 -> at.putNull(field);
            case 6 -> at.put(field, i % 20 == 6 ? new BigInteger("1".repeat(70)) : BigInteger.TEN);
            case 7 -> record.put("operationName", i % 2 == 0 ? "op" + i : mapped);
            case 8 -> at.remove(field);
            case 9 -> objectOr(record, "properties").set("requestbody", hostileRequest(i));
            default -> at.put(field, "\u202etxt.exe\u0000\u2028");
        }
        byte[] bytes = record.toString().getBytes(StandardCharsets.UTF_8);
        if (i % 7 == 0 && bytes.length > 20) {
            bytes[bytes.length / 2] = (byte) 0xC3;
        }
        if (i % 13 == 5) {
            bytes = Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1));
        }
        return bytes;
    }

    /** A request body too deep, or one whose creationData, policy and sku fields are hostile. */
    private JsonNode hostileRequest(int i) {
        if (i % 2 == 1) {
            return json.textNode("{\"properties\":" + "[".repeat(2_000));
        }
        ObjectNode request = json.objectNode();
        ObjectNode properties = request.putObject("properties");
        properties
                .putObject("creationData")
                .put("createOption", i % 4 == 0 ? "Copy" : "Import")
                .put("sourceResourceId", "/subscriptions/" + "s".repeat(i % 8 == 0 ? 10_000 : 20) + "/x\u0000")
                .put("sourceUri", "https://" + "a".repeat(i % 3 == 0 ? 30 : 5) + ".blob.core.windows.net/c?sig=" + i);
        properties.put("sourceAccount", i % 3 == 0 ? "/subscriptions/x/" + "y".repeat(5_000) : "mystorageaccount");
        properties.put("destinationAccount", "\u202eevil" + i);
        properties.set("rules", hugeArray(i % 100 == 9 ? 10_000 : 300));
        request.putObject("sku").put("name", "Standard_GRS".repeat(i % 5 + 1));
        request.put("location", "\u0000".repeat(i % 50));
        return request;
    }

    private static ObjectNode objectOr(ObjectNode parent, String field) {
        return parent.get(field) instanceof ObjectNode o ? o : parent.putObject(field);
    }

    private ObjectNode nested(int depth) {
        ObjectNode root = json.objectNode();
        ObjectNode at = root;
        for (int d = 0; d < depth; d++) {
            at = at.putObject("n");
        }
        return root;
    }

    /** Many of what a mapper might iterate: records, claims, principals. */
    private ArrayNode hugeArray(int n) {
        ArrayNode array = json.arrayNode();
        for (int k = 0; k < n; k++) {
            array.add(json.objectNode().put("objectId", "o" + k).put("upn", "u" + k + "@x"));
        }
        return array;
    }
}
