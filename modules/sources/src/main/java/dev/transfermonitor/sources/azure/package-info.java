/**
 * Azure as the monitor's input: resource logs of Azure Storage (StorageRead, StorageWrite,
 * StorageDelete) and the Azure Activity log, as exported to a storage account or Event Hub
 * ({@code records} batches, single records, JSON lines), mapped to access and replication
 * events. Field names follow Microsoft's StorageBlobLogs and Activity log schema references;
 * the fixtures under test resources are the final word on shapes.
 */
package dev.transfermonitor.sources.azure;
