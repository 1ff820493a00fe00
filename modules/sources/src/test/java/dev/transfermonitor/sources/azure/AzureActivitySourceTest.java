package dev.transfermonitor.sources.azure;

import static dev.transfermonitor.sources.azure.AzureFixtures.DISK_ACCESS;
import static dev.transfermonitor.sources.azure.AzureFixtures.LIST_ACCOUNT_SAS;
import static dev.transfermonitor.sources.azure.AzureFixtures.PUBLIC_ACCESS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
        assertThat(reason(source.map(record))).startsWith("the request does not set allowBlobPublicAccess true");

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
                        "microsoft.compute/snapshots/begingetaccess/action",
                        "microsoft.storage/storageaccounts/blobservices/containers/write",
                        "microsoft.storage/storageaccounts/write");
    }
}
