/**
 * Google Cloud Audit Logs as the monitor's input: LogEntry records with an AuditLog payload
 * (single, arrays, JSON lines, log-sink table rows) mapped to access and replication events.
 * Field names follow Google's reference of AuditLog, IAM's PolicyDelta, BigQuery's AuditData
 * and BigQueryAuditMetadata and Compute's resources; the fixtures under test resources are the
 * final word on shapes, and their NOTICE says which shapes no published record shows.
 */
package dev.transfermonitor.sources.gcp;
