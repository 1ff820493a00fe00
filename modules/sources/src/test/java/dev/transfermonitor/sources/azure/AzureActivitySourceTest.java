package dev.transfermonitor.sources.azure;

import static dev.transfermonitor.sources.azure.AzureFixtures.DISK_ACCESS;
import static dev.transfermonitor.sources.azure.AzureFixtures.LIST_ACCOUNT_SAS;
import static dev.transfermonitor.sources.azure.AzureFixtures.LIST_KEYS;
import static dev.transfermonitor.sources.azure.AzureFixtures.OTHER_SUBSCRIPTION;
import static dev.transfermonitor.sources.azure.AzureFixtures.PUBLIC_ACCESS;
import static dev.transfermonitor.sources.azure.AzureFixtures.SUBSCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Sources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AzureActivitySourceTest {

    private static final String KEYS = "hands out a key or SAS: nothing moves until it is used, and the reads made"
            + " with it are in the storage resource logs (azure-storage)";

    private final AzureActivitySource source = new AzureActivitySource();

    private List<Outcome> read(String payload) {
        List<Outcome> out = new ArrayList<>();
        source.read(payload.getBytes(StandardCharsets.UTF_8), out::add);
        return out;
    }

    private Outcome one(String fixture) {
        List<Outcome> out = new ArrayList<>();
        source.read(AzureFixtures.bytes(fixture), out::add);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    private static ReplicationEvent replication(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        List<SpecificRecord> events = ((Outcome.Mapped) outcome).events();
        assertThat(events).hasSize(1).first().isInstanceOf(ReplicationEvent.class);
        RecordKind.of(events.get(0)).codec().encode(events.get(0));
        return (ReplicationEvent) events.get(0);
    }

    private static String reason(Outcome outcome) {
        if (outcome instanceof Outcome.Ignored i) {
            return i.reason();
        }
        assertThat(outcome).isInstanceOf(Outcome.Invalid.class);
        return ((Outcome.Invalid) outcome).reason();
    }

    @Test
    void aFailedListAccountSasMovedNothingAndASucceededOneHandsOutAKey() {
        assertThat(one(LIST_ACCOUNT_SAS))
                .isEqualTo(new Outcome.Failed(
                        "MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTACCOUNTSAS/ACTION", "Failed.NotFound"));

        ObjectNode record = AzureFixtures.tree(LIST_ACCOUNT_SAS);
        record.put("resultType", "Success");
        assertThat(source.map(record))
                .isEqualTo(new Outcome.Ignored("MICROSOFT.STORAGE/STORAGEACCOUNTS/LISTACCOUNTSAS/ACTION", KEYS));

        record.put("operationName", "Microsoft.Storage/storageAccounts/listKeys/action");
        assertThat(reason(source.map(record))).isEqualTo(KEYS);
    }

    @Test
    void aStorageAccountWriteThatNamesNoCallerIsInvalid() {
        assertThat(reason(one(PUBLIC_ACCESS)))
                .isEqualTo("the record names no caller (no caller, identity.claims or principalId)");
    }

    @Test
    void allowingPublicBlobAccessIsAPublicGrantOfTheAccount() {
        ReplicationEvent e = replication(source.map(AzureFixtures.publicAccessWithCaller()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.GRANT);
        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getEventId()).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890@2024-12-17T10:30:00Z");
        assertThat(e.getJobId()).isEqualTo(e.getEventId());
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2024-12-17T10:30:00Z"));
        assertThat(e.getPrincipalId()).as("the upn claim").isEqualTo("jan.kowalski@somewhere.com");
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getSourceAssetId()).isEqualTo("mystorageaccount");
        assertThat(e.getDestinationAssetId()).isNull();
        assertThat(e.getDestinationAccount()).isNull();
        assertThat(e.getDestinationRegion()).isEqualTo("azure:eastus");
        assertThat(e.getAttributes())
                .containsOnly(
                        Map.entry(EventAttributes.SOURCE, "azure-activity"),
                        Map.entry(EventAttributes.SOURCE_EVENT, "Microsoft.Storage/storageAccounts/write"),
                        Map.entry(EventAttributes.SOURCE_RECORD, "a1b2c3d4-e5f6-7890-abcd-ef1234567890"),
                        Map.entry(EventAttributes.ASSET_REGION, "azure:eastus"),
                        Map.entry(EventAttributes.ASSET_ACCOUNT, "12345678-1234-1234-1234-123456789abc"),
                        Map.entry(EventAttributes.PRINCIPAL_ALIASES, "e7018f6488e246afa1977b9084d8346a"));

        ObjectNode record = AzureFixtures.publicAccessWithCaller();
        record.put("caller", "admin@example.com");
        assertThat(replication(source.map(record)).getPrincipalId()).isEqualTo("admin@example.com");

        record.withObject("properties").put("requestbody", "{\"properties\":{\"allowBlobPublicAccess\":false}}");
        assertThat(reason(source.map(record))).startsWith("the request does not set allowBlobPublicAccess true");

        record.withObject("properties").put("requestbody", "{not json");
        assertThat(reason(source.map(record)))
                .isEqualTo("properties.requestbody is not JSON the mapper can read (malformed, or nested too deep)");

        record.withObject("properties").remove("requestbody");
        assertThat(reason(source.map(record))).isEqualTo("properties.requestbody is not logged");

        record.put("resultType", "Start");
        assertThat(reason(source.map(record)))
                .isEqualTo("resultType Start: only the operation's Success record is mapped");
    }

    @Test
    void aContainerOpenedToAnonymousReadsIsAPublicGrantOfTheContainer() {
        ObjectNode record = AzureFixtures.publicAccessWithCaller();
        record.put("operationName", "Microsoft.Storage/storageAccounts/blobServices/containers/write")
                .put("resourceId", record.get("resourceId").asText() + "/blobServices/default/containers/exports");
        record.withObject("properties").put("requestbody", "{\"properties\":{\"publicAccess\":\"Container\"}}");

        ReplicationEvent e = replication(source.map(record));
        assertThat(e.getSourceAssetId()).isEqualTo("mystorageaccount/exports");
        assertThat(e.getPublicAccess()).isTrue();

        record.withObject("properties").put("requestbody", "{\"properties\":{\"publicAccess\":\"None\"}}");
        assertThat(source.map(record)).isInstanceOf(Outcome.Ignored.class);
    }

    @Test
    void theDatadogSampleLacksTheTimeAndOperationName() {
        assertThat(reason(one(DISK_ACCESS))).isEqualTo("not an Azure Activity log record: no operationName, time");
    }

    @Test
    void aDiskDownloadUrlIsAnExportOfTheDisk() {
        ReplicationEvent e = replication(source.map(AzureFixtures.diskAccessAsExported()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId())
                .isEqualTo("/subscriptions/<your-subscription-id>/resourcegroups/rg-ikffq01z/providers"
                        + "/microsoft.compute/disks/stratus-red-team-disk");
        assertThat(e.getDestinationAssetId()).as("whoever holds the SAS URL").isNull();
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getPrincipalId()).isEqualTo("attacker@example.com");
        assertThat(e.getAttributes())
                .as("the placeholder is no subscription id")
                .doesNotContainKey(EventAttributes.ASSET_ACCOUNT)
                .containsEntry(EventAttributes.SOURCE_EVENT, "MICROSOFT.COMPUTE/DISKS/BEGINGETACCESS/ACTION");

        ObjectNode start = AzureFixtures.diskAccessAsExported();
        start.put("resultType", "Start");
        assertThat(source.map(start)).isInstanceOf(Outcome.Ignored.class);
        start.put("resultType", "Failure");
        assertThat(source.map(start))
                .isEqualTo(new Outcome.Failed("MICROSOFT.COMPUTE/DISKS/BEGINGETACCESS/ACTION", "Failure"));
        start.remove("resultType");
        assertThat(reason(source.map(start)))
                .isEqualTo("no resultType: the record does not say the operation succeeded");
    }

    @Test
    void batchesAndJsonLinesAllRead() {
        String listSas = AzureFixtures.tree(LIST_ACCOUNT_SAS).toString();
        String grant = AzureFixtures.publicAccessWithCaller().toString();
        assertThat(read("{\"records\":[" + listSas + "," + grant + "]}"))
                .extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Failed", "Mapped");
        assertThat(read(listSas + "\n{\"time\":\n" + grant + "\n")).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"azure-activity", "Azure-Activity"})
    void theSourceIsRegistered(String name) {
        assertThat(Sources.NAMES).contains(AzureActivitySource.NAME);
        assertThat(Sources.create(name, Sources.Options.defaults())).isInstanceOf(AzureActivitySource.class);
        assertThat(source.mappedOperations())
                .containsExactly(
                        "microsoft.compute/disks/begingetaccess/action",
                        "microsoft.compute/disks/write",
                        "microsoft.compute/snapshots/begingetaccess/action",
                        "microsoft.compute/snapshots/write",
                        "microsoft.storage/storageaccounts/blobservices/containers/write",
                        "microsoft.storage/storageaccounts/objectreplicationpolicies/write",
                        "microsoft.storage/storageaccounts/write");
    }

    private ReplicationEvent mapWithRequest(ObjectNode record, String requestBody) {
        record.withObject("properties").put("requestbody", requestBody);
        return replication(source.map(record));
    }

    private String ignoredWithRequest(ObjectNode record, String requestBody) {
        record.withObject("properties").put("requestbody", requestBody);
        return reason(source.map(record));
    }

    @Test
    void listedKeysStayIgnoredForTheReadsMadeWithThemAreInTheStorageLog() {
        assertThat(one(LIST_KEYS))
                .isEqualTo(new Outcome.Ignored("Microsoft.Storage/storageAccounts/listkeys/action", KEYS));
    }

    @Test
    void aSnapshotCopiedFromADiskIsASnapshotCopyToTheNewSnapshotsRegionAndSubscription() {
        ReplicationEvent e = replication(source.map(AzureFixtures.snapshotCopy()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_COPY);
        assertThat(e.getSourceAssetId())
                .isEqualTo("/subscriptions/" + OTHER_SUBSCRIPTION
                        + "/resourcegroups/prodrg/providers/microsoft.compute/disks/customerdb");
        assertThat(e.getDestinationAssetId())
                .isEqualTo("/subscriptions/" + SUBSCRIPTION
                        + "/resourcegroups/myresourcegroup/providers/microsoft.compute/snapshots/mysnapshot");
        assertThat(e.getDestinationRegion()).as("the request's location").isEqualTo("azure:westeurope");
        assertThat(e.getDestinationAccount()).isEqualTo(SUBSCRIPTION);
        assertThat(e.getPrincipalId()).isEqualTo("jan.kowalski@somewhere.com");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, OTHER_SUBSCRIPTION)
                .doesNotContainKey(EventAttributes.ASSET_REGION)
                .containsEntry(EventAttributes.SOURCE_EVENT, "Microsoft.Compute/snapshots/write");
    }

    @Test
    void aDiskCopyReadsTheRequestAsTextOrObjectAndFallsBackToTheRecordsLocation() throws IOException {
        ObjectNode record = AzureFixtures.snapshotCopy();
        record.put("operationName", "Microsoft.Compute/disks/write");
        String body = record.at("/properties/requestbody").asText();
        JsonNode asObject = JsonPayloads.mapper().readTree(body.replace("\"location\":\"westeurope\",", ""));
        record.withObject("properties").remove("requestbody");
        record.withObject("properties").set("requestBody", asObject);

        ReplicationEvent e = replication(source.map(record));
        assertThat(e.getDestinationRegion()).as("the record's location").isEqualTo("azure:eastus");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.SOURCE_EVENT, "Microsoft.Compute/disks/write");

        String copyStart = body.replace("\"Copy\"", "\"CopyStart\"");
        assertThat(mapWithRequest(AzureFixtures.snapshotCopy(), copyStart).getKind())
                .isEqualTo(ReplicationKind.SNAPSHOT_COPY);
    }

    @Test
    void anImportedBlobIsCopiedFromItsContainerAndNoSasReachesTheEvent() {
        ReplicationEvent e = mapWithRequest(
                AzureFixtures.snapshotCopy(),
                "{\"location\":\"koreacentral\",\"properties\":{\"creationData\":{\"createOption\":\"Import\","
                        + "\"sourceUri\":\"https://Vhdstore.blob.core.windows.net/vhds/os.vhd?sv=2020&sig=SECRET\","
                        + "\"storageAccountId\":\"/subscriptions/" + OTHER_SUBSCRIPTION
                        + "/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/vhdstore\"}}}");

        assertThat(e.getSourceAssetId()).isEqualTo("vhdstore/vhds");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_ACCOUNT, OTHER_SUBSCRIPTION);
        assertThat(e.getDestinationRegion()).isEqualTo("azure:koreacentral");
        assertThat(e.toString()).doesNotContain("SECRET");
    }

    @Test
    void disksMadeFromNothingOrUpdatedCopyNothing() {
        assertThat(ignoredWithRequest(
                        AzureFixtures.snapshotCopy(),
                        "{\"properties\":{\"creationData\":{\"createOption\":\"Empty\"},\"diskSizeGB\":128}}"))
                .isEqualTo("createOption Empty: the disk copies no existing data");
        assertThat(ignoredWithRequest(AzureFixtures.snapshotCopy(), "{\"properties\":{\"diskSizeGB\":256}}"))
                .isEqualTo("the request has no properties.creationData: an update, not a new copy");
        assertThat(
                        ignoredWithRequest(
                                AzureFixtures.snapshotCopy(),
                                "{\"properties\":{\"creationData\":{\"createOption\":\"Copy\",\"sourceResourceId\":\"disk1\"}}}"))
                .isEqualTo("createOption Copy names no source (sourceResourceId an ARM id, sourceUri a URL)");
        String self =
                "{\"properties\":{\"creationData\":{\"createOption\":\"Copy\",\"sourceResourceId\":\"/subscriptions/"
                        + SUBSCRIPTION
                        + "/resourceGroups/myresourcegroup/providers/Microsoft.Compute/snapshots/MYSNAPSHOT\"}}}";
        assertThat(ignoredWithRequest(AzureFixtures.snapshotCopy(), self))
                .isEqualTo("the resource names itself as its source");
    }

    @Test
    void aCopyLoggedOnlyByItsResponseIsReadFromTheResponse() {
        ObjectNode record = AzureFixtures.snapshotCopy();
        String body = record.at("/properties/requestbody").asText();
        record.withObject("properties").remove("requestbody");
        assertThat(reason(source.map(record))).isEqualTo("properties.requestbody is not logged");

        record.withObject("properties").put("responseBody", body);
        assertThat(replication(source.map(record)).getDestinationRegion()).isEqualTo("azure:westeurope");
    }

    @Test
    void anUnreadableRequestSaysWhy() {
        assertThat(ignoredWithRequest(AzureFixtures.snapshotCopy(), "[1,2]"))
                .isEqualTo("properties.requestbody is not a JSON object");
        assertThat(ignoredWithRequest(AzureFixtures.snapshotCopy(), "{\"a\":\"" + "x".repeat(1024 * 1024) + "\"}"))
                .isEqualTo("properties.requestbody is longer than 1048576 characters and is not read");
        assertThat(ignoredWithRequest(AzureFixtures.snapshotCopy(), "{\"a\":" + "[".repeat(500) + "]"))
                .startsWith("properties.requestbody is not JSON the mapper can read");
        ObjectNode record = AzureFixtures.snapshotCopy();
        record.withObject("properties").put("requestbody", 42);
        assertThat(reason(source.map(record))).isEqualTo("properties.requestbody is neither JSON text nor an object");
    }

    @Test
    void anObjectReplicationPolicyIsAReplicaPerRuleToTheDestinationsSubscription() {
        ReplicationEvent e = replication(source.map(AzureFixtures.replicationPolicy()));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getSourceAssetId()).isEqualTo("mystorageaccount/exports");
        assertThat(e.getDestinationAssetId()).isEqualTo("offsitecopy/landing");
        assertThat(e.getDestinationAccount()).isEqualTo(OTHER_SUBSCRIPTION);
        assertThat(e.getDestinationRegion()).as("not logged").isNull();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.ASSET_ACCOUNT, SUBSCRIPTION)
                .containsEntry(EventAttributes.ASSET_REGION, "azure:eastus");
    }

    @Test
    void aPolicyByAccountNamesLeavesTheDestinationsSubscriptionToTheInventory() {
        String rules = ",\"rules\":[{\"sourceContainer\":\"a\",\"destinationContainer\":\"b\"},"
                + "{\"sourceContainer\":\"a\",\"destinationContainer\":\"b\"},"
                + "{\"sourceContainer\":\"c\",\"destinationContainer\":\"d\",\"filters\":{\"prefixMatch\":[\"x\"]}},"
                + "{\"sourceContainer\":\"../..\",\"destinationContainer\":\"e\"}]}}";
        ObjectNode record = AzureFixtures.replicationPolicy();
        record.withObject("properties")
                .put(
                        "requestbody",
                        "{\"properties\":{\"sourceAccount\":\"MyStorageAccount\","
                                + "\"destinationAccount\":\"offsitecopy\"" + rules);
        Outcome outcome = source.map(record);
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        List<SpecificRecord> events = ((Outcome.Mapped) outcome).events();
        assertThat(events)
                .as("duplicates once, a bad container not at all")
                .extracting(r -> ((ReplicationEvent) r).getSourceAssetId() + ">"
                        + ((ReplicationEvent) r).getDestinationAssetId() + ">"
                        + ((ReplicationEvent) r).getDestinationAccount())
                .containsExactly("mystorageaccount/a>offsitecopy/b>null", "mystorageaccount/c>offsitecopy/d>null");
    }

    @Test
    void theDestinationsHalfOfAPolicyAndAPolicyWithoutRulesAreIgnored() {
        ObjectNode destination = AzureFixtures.replicationPolicy();
        destination.put(
                "resourceId", destination.get("resourceId").asText().replace("mystorageaccount", "offsitecopy"));
        assertThat(reason(source.map(destination)))
                .isEqualTo("the destination account's half of a policy: the source account's write is mapped");

        assertThat(ignoredWithRequest(
                        AzureFixtures.replicationPolicy(),
                        "{\"properties\":{\"sourceAccount\":\"mystorageaccount\",\"destinationAccount\":\"x\"}}"))
                .isEqualTo(
                        "the request names no sourceAccount and destinationAccount (a storage account's name or id)");
        assertThat(ignoredWithRequest(
                        AzureFixtures.replicationPolicy(),
                        "{\"properties\":{\"sourceAccount\":\"mystorageaccount\",\"destinationAccount\":\"xyz\"}}"))
                .isEqualTo("no rule names a sourceContainer and a destinationContainer");
    }

    @Test
    void aPolicyOfManyRulesYieldsAtMostTheEventLimit() {
        StringBuilder rules = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            rules.append(i == 0 ? "" : ",")
                    .append("{\"sourceContainer\":\"c")
                    .append(i)
                    .append("\",\"destinationContainer\":\"d\"}");
        }
        ObjectNode record = AzureFixtures.replicationPolicy();
        record.withObject("properties")
                .put(
                        "requestbody",
                        "{\"properties\":{\"sourceAccount\":\"mystorageaccount\","
                                + "\"destinationAccount\":\"offsitecopy\",\"rules\":[" + rules + "]}}");
        assertThat(((Outcome.Mapped) source.map(record)).events()).hasSize(Entry.MAX_EVENTS);
    }

    @Test
    void aGeoRedundantSkuIsAReplicaToTheSecondaryOnlyWhenTheRecordNamesIt() {
        ReplicationEvent e = replication(source.map(AzureFixtures.geoRedundant()));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getSourceAssetId()).isEqualTo("mystorageaccount");
        assertThat(e.getDestinationRegion())
                .as("the request cannot name the secondary")
                .isNull();
        assertThat(e.getDestinationAccount()).isEqualTo(SUBSCRIPTION);
        assertThat(e.getPublicAccess()).isFalse();

        ObjectNode answered = AzureFixtures.geoRedundant();
        answered.withObject("properties")
                .put(
                        "responseBody",
                        "{\"properties\":{\"primaryLocation\":\"eastus\",\"secondaryLocation\":\"westus\"}}");
        assertThat(replication(source.map(answered)).getDestinationRegion()).isEqualTo("azure:westus");

        assertThat(ignoredWithRequest(AzureFixtures.geoRedundant(), "{\"sku\":{\"name\":\"Standard_ZRS\"}}"))
                .isEqualTo("the request does not set allowBlobPublicAccess true or a geo-redundant sku");

        ObjectNode both = AzureFixtures.geoRedundant();
        both.withObject("properties")
                .put(
                        "requestbody",
                        "{\"sku\":{\"name\":\"Standard_GZRS\"},\"properties\":{\"allowBlobPublicAccess\":true}}");
        assertThat(((Outcome.Mapped) source.map(both)).events())
                .extracting(r -> ((ReplicationEvent) r).getKind())
                .containsExactly(ReplicationKind.GRANT, ReplicationKind.REPLICA);
    }
}
