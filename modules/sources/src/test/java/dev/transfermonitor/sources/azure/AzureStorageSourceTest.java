package dev.transfermonitor.sources.azure;

import static dev.transfermonitor.sources.azure.AzureFixtures.GET_BULK;
import static dev.transfermonitor.sources.azure.AzureFixtures.GET_SAS_URI;
import static dev.transfermonitor.sources.azure.AzureFixtures.LIST_ACCOUNT_SAS;
import static dev.transfermonitor.sources.azure.AzureFixtures.LIST_DELEGATION_SAS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Sources;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AzureStorageSourceTest {

    private final AzureStorageSource source = new AzureStorageSource();

    private List<Outcome> read(byte[] payload) {
        List<Outcome> out = new ArrayList<>();
        source.read(payload, out::add);
        return out;
    }

    private List<Outcome> read(String payload) {
        return read(payload.getBytes(StandardCharsets.UTF_8));
    }

    private Outcome one(String fixture) {
        List<Outcome> outcomes = read(AzureFixtures.bytes(fixture));
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static SpecificRecord event(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        Outcome.Mapped mapped = (Outcome.Mapped) outcome;
        assertThat(mapped.credentials()).isEmpty();
        assertThat(mapped.events()).hasSize(1);
        SpecificRecord event = mapped.events().get(0);
        RecordKind.of(event).codec().encode(event); // the schema takes it
        return event;
    }

    private static DataAccessEvent access(Outcome outcome) {
        return (DataAccessEvent) event(outcome);
    }

    private static ReplicationEvent replication(Outcome outcome) {
        return (ReplicationEvent) event(outcome);
    }

    private static String reason(Outcome outcome) {
        if (outcome instanceof Outcome.Ignored i) {
            return i.reason();
        }
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid) outcome).reason();
    }

    @Test
    void aReadWithASasInTheUriIsAReadOfTheContainerByTheSas() {
        DataAccessEvent e = access(one(GET_SAS_URI));

        assertThat(e.getEventId())
                .as("no correlationId: a digest of the record as read")
                .isEqualTo("sha256:ceb3a3f5a3bf77b25f076faf7e8f286f@2025-01-28T15:30:00Z");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2025-01-28T15:30:00Z"));
        assertThat(e.getPrincipalId()).as("the log names no one but the SAS").isEqualTo("sas:criticaldata001");
        assertThat(e.getCredentialId()).isEqualTo("sas:criticaldata001");
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.API_KEY);
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("criticaldata001/backups");
        assertThat(e.getRecordCount()).isEqualTo(1);
        assertThat(e.getByteCount()).as("no responseBodySize").isZero();
        assertThat(e.getClientIp()).as("without the port").isEqualTo("8.8.8.8");
        assertThat(e.getAttributes())
                .containsOnly(
                        Map.entry(EventAttributes.SOURCE, "azure-storage"),
                        Map.entry(EventAttributes.SOURCE_EVENT, "GetBlob"),
                        Map.entry(EventAttributes.SOURCE_RECORD, "sha256:ceb3a3f5a3bf77b25f076faf7e8f286f"),
                        Map.entry(EventAttributes.USER_AGENT, "python-requests/2.31.0"));
        assertThat(e.toString()).doesNotContain("SIGNATURE_HERE");
    }

    @Test
    void aReadWhoseRecordLogsNoIdentityNamesNobody() {
        assertThat(reason(one(GET_BULK)))
                .isEqualTo("identity names nobody (no requester, and no SAS, account key or anonymous access)");
    }

    @Test
    void aReadWithAUserDelegationSasIsTheDelegatorsWithTheSasAsCredential() {
        DataAccessEvent e = access(source.map(AzureFixtures.getWithIdentity()));

        assertThat(e.getPrincipalId()).isEqualTo("abcdef12-3456-7890-abcd-ef1234567890");
        assertThat(e.getCredentialId())
                .isEqualTo(AzureFixtures.tree(LIST_DELEGATION_SAS)
                        .at("/identity/tokenHash")
                        .asText());
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.API_KEY);
        assertThat(e.getAssetId()).isEqualTo("mystorageaccount/sensitive-data");
        assertThat(e.getClientIp()).isEqualTo("8.8.8.8");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2025-01-28T18:00:00Z"));
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_REGION, "azure:eastus")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "12345678-1234-1234-1234-123456789abc")
                .containsEntry(EventAttributes.USER_AGENT, "python-requests/2.31.0")
                .doesNotContainKey(EventAttributes.PRINCIPAL_ALIASES);
    }

    @Test
    void aFailedListingMovedNothingAndASucceededOneReadsNothing() {
        assertThat(one(LIST_DELEGATION_SAS)).isEqualTo(new Outcome.Failed("ListBlobs", "Error (HTTP 500)"));

        ObjectNode record = AzureFixtures.tree(LIST_DELEGATION_SAS);
        record.put("statusCode", 200).put("statusText", "Success");
        record.withObject("properties").put("metricResponseType", "Success");
        assertThat(source.map(record))
                .isEqualTo(new Outcome.Ignored(
                        "ListBlobs", "a listing names blobs and reads none (as CloudTrail's ListObjects)"));

        record.put("operationName", "DeleteBlob");
        assertThat(reason(source.map(record))).isEqualTo("not an operation that moves or exposes data");
    }

    @Test
    void theDelegationRecordAsAReadHasEveryField() {
        ObjectNode record = AzureFixtures.tree(LIST_DELEGATION_SAS);
        record.put("operationName", "GetBlob").put("statusCode", 200).put("statusText", "Success");
        record.withObject("properties").put("metricResponseType", "Success").put("responseBodySize", "1234");

        DataAccessEvent e = access(source.map(record));

        assertThat(e.getEventId()).isEqualTo("f1e2d3c4-b5a6-7890-1234-56789abcdef0@2025-09-17T14:22:45.987654300Z");
        assertThat(e.getAssetId()).as("a Data Lake file system is a container").isEqualTo("randomstor/randomuser");
        assertThat(e.getByteCount()).as("responseBodySize, written as text").isEqualTo(1234);
        assertThat(e.getClientIp()).isEqualTo("172.16.254.1");
        assertThat(e.getAttributes())
                .containsOnly(
                        Map.entry(EventAttributes.SOURCE, "azure-storage"),
                        Map.entry(EventAttributes.SOURCE_EVENT, "GetBlob"),
                        Map.entry(EventAttributes.SOURCE_RECORD, "f1e2d3c4-b5a6-7890-1234-56789abcdef0"),
                        Map.entry(EventAttributes.ASSET_REGION, "azure:centralus"),
                        Map.entry(EventAttributes.ASSET_ACCOUNT, "abcd1234-5678-90ef-1234-567890abcdef"),
                        Map.entry(
                                EventAttributes.USER_AGENT,
                                "APN/2.0 Azure Blob FS/4.0 (Oracle,Inc. JavaJRE 17.0.2; Windows 11.0.22000/amd64;"
                                        + " SunJSSE-2.0; UNKNOWN/UNKNOWN) unknown"));
    }

    @Test
    void identityTypesNameThePrincipalAndCredential() {
        ObjectNode record = AzureFixtures.getWithIdentity();
        ObjectNode identity = record.withObject("identity");

        identity.put("type", "OAuth").remove("tokenHash");
        identity.withObject("requester").put("upn", "someone@example.com");
        DataAccessEvent oauth = access(source.map(record));
        assertThat(oauth.getPrincipalId()).isEqualTo("someone@example.com");
        assertThat(oauth.getCredentialId()).isNull();
        assertThat(oauth.getAuthMethod()).isEqualTo(AuthMethod.UNKNOWN);
        assertThat(oauth.getAttributes())
                .containsEntry(EventAttributes.PRINCIPAL_ALIASES, "abcdef12-3456-7890-abcd-ef1234567890");

        identity.remove("requester");
        identity.put("type", "AccountKey");
        DataAccessEvent key = access(source.map(record));
        assertThat(key.getPrincipalId()).isEqualTo("accountkey:mystorageaccount");
        assertThat(key.getCredentialId()).isEqualTo("accountkey:mystorageaccount");
        assertThat(key.getAuthMethod()).isEqualTo(AuthMethod.API_KEY);

        identity.put("type", "Anonymous");
        DataAccessEvent anonymous = access(source.map(record));
        assertThat(anonymous.getPrincipalId()).isEqualTo("anonymous:mystorageaccount");
        assertThat(anonymous.getCredentialId()).isNull();

        identity.put("type", "OAuth");
        assertThat(source.map(record)).isInstanceOf(Outcome.Invalid.class);
    }

    @ParameterizedTest
    @CsvSource({
        "8.8.8.8:44321, 8.8.8.8",
        "8.8.8.8, 8.8.8.8",
        "'[2001:db8::1]:443', 2001:db8::1",
        "2001:db8::1, 2001:db8::1",
        "'[::ffff:10.0.0.1]:80', ::ffff:10.0.0.1",
    })
    void theCallerAddressLosesItsPort(String caller, String address) {
        ObjectNode record = AzureFixtures.tree(GET_SAS_URI);
        record.put("callerIpAddress", caller);

        assertThat(access(source.map(record)).getClientIp()).isEqualTo(address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-an-address", "host:80", "[2001:db8::1", "1.2.3.4:5:6"})
    void aCallerThatIsNoAddressIsNoClient(String caller) {
        ObjectNode record = AzureFixtures.tree(GET_SAS_URI);
        record.put("callerIpAddress", caller);

        assertThat(access(source.map(record)).getClientIp()).isNull();
    }

    @Test
    void failuresAreReadFromStatusCodeTextOrMetricType() {
        ObjectNode record = AzureFixtures.tree(GET_SAS_URI);
        record.put("statusCode", "403");
        assertThat(source.map(record)).isEqualTo(new Outcome.Failed("GetBlob", "statusCode (HTTP 403)"));

        record.put("statusText", "AuthorizationPermissionMismatch");
        assertThat(source.map(record))
                .isEqualTo(new Outcome.Failed("GetBlob", "AuthorizationPermissionMismatch (HTTP 403)"));

        record = AzureFixtures.tree(GET_SAS_URI);
        record.remove("statusCode");
        record.withObject("properties").put("metricResponseType", "ClientOtherError");
        assertThat(source.map(record)).isEqualTo(new Outcome.Failed("GetBlob", "ClientOtherError"));

        record.withObject("properties").put("metricResponseType", "SuccessWithThrottling");
        assertThat(source.map(record)).isInstanceOf(Outcome.Mapped.class);
    }

    @Test
    void aCopyFromAnotherContainerIsAnExportOfItsSource() {
        ObjectNode record = AzureFixtures.getWithIdentity();
        record.put("operationName", "CopyBlob").put("category", "StorageWrite");
        record.withObject("properties")
                .put("sourceUri", "https://otheraccount.blob.core.windows.net/src/x.csv?sv=1&sig=SECRET");

        ReplicationEvent e = replication(source.map(record));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId()).isEqualTo("otheraccount/src");
        assertThat(e.getDestinationAssetId()).isEqualTo("mystorageaccount/sensitive-data");
        assertThat(e.getDestinationAccount()).isEqualTo("12345678-1234-1234-1234-123456789abc");
        assertThat(e.getDestinationRegion()).isEqualTo("azure:eastus");
        assertThat(e.getJobId()).isEqualTo(e.getEventId());
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getAttributes())
                .as("the source's subscription and region are not logged")
                .doesNotContainKeys(EventAttributes.ASSET_ACCOUNT, EventAttributes.ASSET_REGION);
        assertThat(e.toString()).doesNotContain("SECRET");

        record.put("operationName", "PutBlockFromURL");
        record.withObject("properties").put("sourceUri", "https://example.org/exports/data.csv?token=t");
        assertThat(replication(source.map(record)).getSourceAssetId()).isEqualTo("https://example.org");

        record.put("operationName", "CopyBlobFromURL");
        record.withObject("properties").put("sourceUri", "https://mystorageaccount.blob.core.windows.net/other/y");
        ReplicationEvent local = replication(source.map(record));
        assertThat(local.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "12345678-1234-1234-1234-123456789abc");

        record.withObject("properties")
                .put("sourceUri", "https://mystorageaccount.blob.core.windows.net/sensitive-data/y");
        assertThat(reason(source.map(record))).isEqualTo("a copy within one container");

        record.withObject("properties").remove("sourceUri");
        assertThat(reason(source.map(record))).isEqualTo("no properties.sourceUri the mapper can name");
    }

    @Test
    void recordsBatchesArraysAndJsonLinesAllRead() {
        String sas = AzureFixtures.tree(GET_SAS_URI).toString();
        String list = AzureFixtures.tree(LIST_DELEGATION_SAS).toString();
        String bulk = AzureFixtures.tree(GET_BULK).toString();

        List<Outcome> batch = read("{\"records\":[" + sas + "," + list + "," + bulk + "]}");
        assertThat(batch).hasSize(3);
        assertThat(batch.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(batch.get(1)).isInstanceOf(Outcome.Failed.class);
        assertThat(batch.get(2)).isInstanceOf(Outcome.Invalid.class);

        assertThat(read("[" + sas + "," + list + "]")).hasSize(2);

        List<Outcome> lines = read(sas + "\n{\"time\": \n" + "{\"records\":[" + list + "]}\n");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(((Outcome.Invalid) lines.get(1)).raw().strip()).isEqualTo("{\"time\":");
        assertThat(lines.get(2)).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void recordsWithoutWhatEveryStorageRecordHasAreInvalid() {
        assertThat(read("{\"hello\":1}"))
                .singleElement()
                .extracting(AzureStorageSourceTest::reason)
                .isEqualTo("not an Azure Storage resource log record: no operationName, time, category");

        assertThat(reason(one(LIST_ACCOUNT_SAS)))
                .as("an Activity log record")
                .isEqualTo("category 'Administrative' is none of StorageRead, StorageWrite, StorageDelete");

        ObjectNode record = AzureFixtures.tree(GET_SAS_URI);
        record.put("time", "yesterday");
        assertThat(reason(source.map(record))).isEqualTo("time is not an ISO 8601 time");

        record = AzureFixtures.tree(LIST_DELEGATION_SAS);
        record.put("correlationId", "c".repeat(201));
        assertThat(reason(source.map(record)))
                .isEqualTo("correlationId is longer than 200 characters or holds control characters");

        record = AzureFixtures.tree(GET_SAS_URI);
        record.withObject("properties").put("objectKey", "/criticaldata001/" + "c".repeat(300) + "/b");
        assertThat(reason(source.map(record)))
                .isEqualTo("the record names an id longer than 256 characters or with control characters");
        assertThat(read("[1]")).singleElement().isInstanceOf(Outcome.Invalid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"azure-storage", "Azure-Storage"})
    void theSourceIsRegistered(String name) {
        assertThat(Sources.NAMES).contains(AzureStorageSource.NAME);
        assertThat(Sources.create(name, Sources.Options.defaults())).isInstanceOf(AzureStorageSource.class);
        assertThat(source.mappedOperations())
                .containsExactly("CopyBlob", "CopyBlobFromURL", "GetBlob", "PutBlockFromURL");
    }
}
