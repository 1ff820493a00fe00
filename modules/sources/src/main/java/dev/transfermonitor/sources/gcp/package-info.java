/**
 * Google Cloud Audit Logs as the monitor's input: LogEntry records with an AuditLog payload
 * (single, arrays, JSON lines, log-sink table rows) mapped to access and replication events.
 * Field names follow Google's reference of AuditLog, BigQuery's AuditData and
 * BigQueryAuditMetadata; the fixtures under test resources are the final word on shapes.
 */
package dev.transfermonitor.sources.gcp;
