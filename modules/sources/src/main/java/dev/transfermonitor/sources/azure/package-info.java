/**
 * Azure as the monitor's input: resource logs of Azure Storage (StorageRead, StorageWrite,
 * StorageDelete) as exported to a storage account or Event Hub ({@code records} batches,
 * single records, JSON lines), mapped to access and replication events. Field names follow
 * Microsoft's StorageBlobLogs reference; the fixtures under test resources are the final word
 * on shapes.
 */
package dev.transfermonitor.sources.azure;
