package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * A reader decodes records written with an older schema once that schema is known to it, by
 * registration or through a schema-history index, and refuses them with UNKNOWN_SCHEMA before.
 * Each test uses its own older variant: the writer-schema store is shared by the whole JVM.
 */
class SchemaEvolutionTest {

    private static final Instant OCCURRED = Instant.parse("2026-11-27T10:00:00.250Z");

    @Test
    void decodesARecordWrittenWithAnOlderSchemaAfterRegistration() {
        Schema v0 = schema("/DataAccessEvent-v0.avsc");
        assertThat(v0.getField("application")).isNull();
        byte[] bytes = encode(v0, olderEvent(v0));

        AvroCodec.registerWriterSchema(v0);
        DataAccessEvent event = AvroCodec.of(DataAccessEvent.class).decode(bytes);

        assertThat(event.getEventId()).isEqualTo("evt-old-1");
        assertThat(event.getOccurredAt()).isEqualTo(OCCURRED);
        assertThat(event.getAuthMethod()).isEqualTo(AuthMethod.PASSWORD);
        assertThat(event.getAction()).isEqualTo(AccessAction.QUERY);
        assertThat(event.getRecordCount()).isEqualTo(12);
        assertThat(event.getSubjectKeys()).containsExactly("s1", "s2");
        assertThat(event.getClientIp()).isEqualTo("211.234.1.2");
        // The fields v0 did not have take their defaults.
        assertThat(event.getClientCountry()).isNull();
        assertThat(event.getApplication()).isNull();
        assertThat(event.getAttributes()).isEmpty();
    }

    @Test
    void anOlderSchemaNobodyRegisteredIsUnknown() {
        Schema unregistered = schema("/DataAccessEvent-v0-unregistered.avsc");
        byte[] bytes = encode(unregistered, olderEvent(unregistered));

        BadRecordException e = catchThrowableOfType(
                BadRecordException.class,
                () -> AvroCodec.of(DataAccessEvent.class).decode(bytes));

        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(BadRecordException.Reason.UNKNOWN_SCHEMA);
    }

    @Test
    void schemasListedInAHistoryIndexBecomeDecodable() {
        Schema old = schema("/test-schema-history/DataAccessEvent-v0-history.avsc");
        byte[] bytes = encode(old, olderEvent(old));
        AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
        assertThat(catchThrowableOfType(BadRecordException.class, () -> codec.decode(bytes))
                        .reason())
                .isEqualTo(BadRecordException.Reason.UNKNOWN_SCHEMA);

        List<Schema> loaded = AvroCodec.loadSchemaHistory(getClass().getClassLoader(), "test-schema-history");

        assertThat(loaded).containsExactly(old);
        DataAccessEvent event = codec.decode(bytes);
        assertThat(event.getEventId()).isEqualTo("evt-old-1");
        assertThat(event.getCredentialId()).isNull();
        assertThat(event.getAttributes()).isEmpty();
    }

    @Test
    void anIndexListingAMissingFileFailsLoudly() {
        assertThatThrownBy(() -> AvroCodec.loadSchemaHistory(getClass().getClassLoader(), "test-schema-history-broken"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DataAccessEvent-v9.avsc");
    }

    @Test
    void noIndexMeansNothingToLoad() {
        assertThat(AvroCodec.loadSchemaHistory(getClass().getClassLoader(), "no-such-root"))
                .isEmpty();
    }

    @Test
    void theShippedIndexListsOnlyLoadableSchemas() {
        // The real index is loaded when AvroCodec initialises; loading it again must not fail.
        assertThat(AvroCodec.loadSchemaHistory(AvroCodec.class.getClassLoader(), "schema-history"))
                .allSatisfy(schema -> assertThat(schema.getType()).isEqualTo(Schema.Type.RECORD));
    }

    @Test
    void aLedgerEntryWrittenBeforeSubjectSketchesStillDecodes() {
        Schema v1 = schema("/schema-history/LedgerEntry-v1.avsc");
        assertThat(v1.getField("subjectSketch")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("sequence", 41L);
        old.put("eventId", "evt-old-41");
        old.put("occurredAt", OCCURRED.toEpochMilli());
        old.put("principalId", "svc-backup");
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "BACKUP"));
        old.put("originJurisdiction", "KR");
        old.put("destinationJurisdiction", "SG");
        old.put("dataClasses", List.of("PERSONAL"));
        old.put("recordCount", 10L);
        old.put("byteCount", 100L);
        old.put("decision", new GenericData.EnumSymbol(v1.getField("decision").schema(), "ALLOWED"));
        old.put("previousHash", "a".repeat(64));
        old.put("hash", "b".repeat(64));
        byte[] bytes = encode(v1, old);

        LedgerEntry entry = AvroCodec.of(LedgerEntry.class).decode(bytes);

        assertThat(AvroCodec.writerSchema(bytes)).contains(v1);
        assertThat(entry.getSequence()).isEqualTo(41);
        assertThat(entry.getDecision()).isEqualTo(LedgerDecision.ALLOWED);
        assertThat(entry.getHash()).isEqualTo("b".repeat(64));
        assertThat(entry.getSubjectSketch()).isNull();
    }

    @Test
    void theWriterSchemaOfARecordComesFromItsHeader() {
        byte[] current =
                AvroCodec.of(DataAccessEvent.class).encode((DataAccessEvent) Samples.record(RecordKind.ACCESS));

        assertThat(AvroCodec.writerSchema(current)).contains(DataAccessEvent.getClassSchema());
        assertThat(AvroCodec.writerSchema("plain text".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(AvroCodec.writerSchema(new byte[3])).isEmpty();
    }

    /** A record as a producer built against the older schema would have written it. */
    @Test
    void aReplicationWrittenBeforeGrantsAndPublicSharesStillDecodes() {
        Schema v1 = schema("/schema-history/ReplicationEvent-v1.avsc");
        assertThat(v1.getField("publicAccess")).isNull();
        GenericRecord old = new GenericData.Record(v1);
        old.put("eventId", "evt-old-7");
        old.put("occurredAt", OCCURRED.toEpochMilli());
        old.put("principalId", "svc-backup");
        old.put("jobId", "job-7");
        old.put("kind", new GenericData.EnumSymbol(v1.getField("kind").schema(), "SNAPSHOT_SHARE"));
        old.put("sourceAssetId", "orders-db-seoul");
        old.put("recordCount", 10L);
        old.put("byteCount", 100L);
        old.put("attributes", Map.of());

        ReplicationEvent event = AvroCodec.of(ReplicationEvent.class).decode(encode(v1, old));

        assertThat(event.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
        assertThat(event.getPublicAccess()).isFalse();
    }

    @Test
    void aNetworkRangeWrittenBeforeScopesStillDecodesAsUnspecified() {
        Schema v1 = schema("/schema-history/NetworkRange-v1.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("cidr", "10.0.0.0/8");
        old.put("countryCode", "KR");
        NetworkRange decoded = AvroCodec.of(NetworkRange.class).decode(encode(v1, old));
        assertThat(decoded.getScope()).isEqualTo(NetworkScope.UNSPECIFIED);
        assertThat(decoded.getCountryCode()).isEqualTo("KR");
    }

    @Test
    void principalsAndAssetsWrittenBeforeCloudNamesStillDecode() {
        Schema principalV1 = schema("/schema-history/Principal-v1.avsc");
        GenericRecord principal = new GenericData.Record(principalV1);
        principal.put("principalId", "emp-1");
        principal.put(
                "kind", new GenericData.EnumSymbol(principalV1.getField("kind").schema(), "HUMAN"));
        principal.put(
                "status",
                new GenericData.EnumSymbol(principalV1.getField("status").schema(), "ACTIVE"));
        principal.put("statusSince", OCCURRED.toEpochMilli());
        assertThat(AvroCodec.of(Principal.class)
                        .decode(encode(principalV1, principal))
                        .getAliases())
                .isEmpty();

        Schema assetV1 = schema("/schema-history/Asset-v1.avsc");
        GenericRecord asset = new GenericData.Record(assetV1);
        asset.put("assetId", "crm-db-seoul");
        asset.put("provider", "aws");
        asset.put("regionId", "aws:ap-northeast-2");
        asset.put("dataClasses", List.of("PERSONAL"));
        assertThat(AvroCodec.of(Asset.class).decode(encode(assetV1, asset)).getResourceNames())
                .isEmpty();
    }

    private static GenericRecord olderEvent(Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", "evt-old-1");
        record.put("occurredAt", OCCURRED.toEpochMilli());
        record.put("principalId", "emp-1003");
        if (schema.getField("credentialId") != null) {
            record.put("credentialId", null);
        }
        record.put(
                "authMethod",
                new GenericData.EnumSymbol(schema.getField("authMethod").schema(), "PASSWORD"));
        record.put(
                "action", new GenericData.EnumSymbol(schema.getField("action").schema(), "QUERY"));
        record.put("assetId", "crm-db-seoul");
        record.put("dataClasses", null);
        record.put("recordCount", 12L);
        record.put("byteCount", 3400L);
        record.put("subjectKeys", List.of("s1", "s2"));
        if (schema.getField("clientIp") != null) {
            record.put("clientIp", "211.234.1.2");
        }
        return record;
    }

    private static byte[] encode(Schema schema, GenericRecord record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(String resource) {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
