package dev.transfermonitor.sources.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real Azure records under test resources (see the NOTICE files there). */
public final class AzureFixtures {

    /** azure-storage: each file one record. */
    public static final String LIST_DELEGATION_SAS = "azure-storage/otel-storageread-listblobs-delegationsas.json";

    public static final String GET_BULK = "azure-storage/panther-storageread-getblob-bulk-extraction.json";
    public static final String GET_SAS_URI = "azure-storage/panther-storageread-getblob-sas-uri.json";

    /** azure-activity: each file one record. */
    public static final String LIST_ACCOUNT_SAS = "azure-activity/dynatrace-storageaccount-listaccountsas-action.json";

    public static final String PUBLIC_ACCESS = "azure-activity/panther-storageaccount-write-allowblobpublicaccess.json";
    public static final String DISK_ACCESS = "azure-activity/stratus-disk-begingetaccess-action.json";
    public static final String LIST_KEYS = "azure-activity/panther-storageaccount-listkeys-action.json";

    /** The subscription of the Panther records, and one that is not theirs. */
    public static final String SUBSCRIPTION = "12345678-1234-1234-1234-123456789abc";

    public static final String OTHER_SUBSCRIPTION = "99999999-8888-7777-6666-555555555555";

    private AzureFixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = AzureFixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's record as a tree, to derive a variant from (the caller says what it changes). */
    public static ObjectNode tree(String path) {
        try {
            return (ObjectNode) JsonPayloads.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Panther GetBlob, which logs no identity, with the OpenTelemetry record's (a user delegation SAS). */
    public static ObjectNode getWithIdentity() {
        ObjectNode record = tree(GET_BULK);
        record.set("identity", tree(LIST_DELEGATION_SAS).get("identity"));
        return record;
    }

    /** The Panther storage account write, which names no caller, with the Dynatrace record's identity. */
    public static ObjectNode publicAccessWithCaller() {
        ObjectNode record = tree(PUBLIC_ACCESS);
        record.set("identity", tree(LIST_ACCOUNT_SAS).get("identity"));
        return record;
    }

    /**
     * The Stratus disk export as the Activity log writes it before Datadog renames its fields:
     * {@code evt.name} as operationName, {@code evt.outcome} as resultType, and the time and
     * caller the redacted sample lacks.
     */
    public static ObjectNode diskAccessAsExported() {
        ObjectNode record = tree(DISK_ACCESS);
        record.put("operationName", record.at("/evt/name").asText());
        record.put("category", record.at("/evt/category").asText());
        record.put("resultType", record.at("/evt/outcome").asText());
        record.put("time", "2024-01-01T12:00:00.0000000Z");
        record.put("caller", "attacker@example.com");
        return record;
    }

    /**
     * No published record of a disk or snapshot copy was found under a licence that allows copying:
     * the Panther storage account write (with the Dynatrace identity) re-aimed at a snapshot, with
     * a request body shaped as Microsoft's Snapshots - Create Or Update examples give it (a copy of a
     * disk in another subscription, into westeurope).
     */
    public static ObjectNode snapshotCopy() {
        ObjectNode record = publicAccessWithCaller();
        record.put("operationName", "Microsoft.Compute/snapshots/write")
                .put(
                        "resourceId",
                        "/subscriptions/" + SUBSCRIPTION
                                + "/resourceGroups/myresourcegroup/providers/Microsoft.Compute/snapshots/mySnapshot");
        record.withObject("properties")
                .put(
                        "requestbody",
                        "{\"location\":\"westeurope\",\"properties\":{\"creationData\":{\"createOption\":\"Copy\","
                                + "\"sourceResourceId\":\"/subscriptions/" + OTHER_SUBSCRIPTION
                                + "/resourceGroups/prodRG/providers/Microsoft.Compute/disks/customerDB\"}}}");
        return record;
    }

    /**
     * No published record of an object replication policy write was found: the Panther storage
     * account write (with the Dynatrace identity) re-aimed at a policy of that account, with a
     * request body shaped as the Object Replication Policies - Create Or Update reference gives it
     * (the destination by resource id, in another subscription).
     */
    public static ObjectNode replicationPolicy() {
        ObjectNode record = publicAccessWithCaller();
        record.put("operationName", "Microsoft.Storage/storageAccounts/objectReplicationPolicies/write")
                .put("resourceId", record.get("resourceId").asText() + "/objectReplicationPolicies/default");
        record.withObject("properties")
                .put(
                        "requestbody",
                        "{\"properties\":{\"sourceAccount\":\"mystorageaccount\",\"destinationAccount\":\"/subscriptions/"
                                + OTHER_SUBSCRIPTION
                                + "/resourceGroups/offsite/providers/Microsoft.Storage/storageAccounts"
                                + "/offsitecopy\",\"rules\":[{\"sourceContainer\":\"exports\","
                                + "\"destinationContainer\":\"landing\"}]}}");
        return record;
    }

    /** The Panther storage account write (with the Dynatrace identity) whose request sets the sku to RA-GRS instead. */
    public static ObjectNode geoRedundant() {
        ObjectNode record = publicAccessWithCaller();
        record.withObject("properties").put("requestbody", "{\"sku\":{\"name\":\"Standard_RAGRS\"}}");
        return record;
    }
}
