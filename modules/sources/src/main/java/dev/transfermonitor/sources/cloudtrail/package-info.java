/**
 * AWS CloudTrail as the monitor's input: records as CloudTrail writes them (log files,
 * EventBridge envelopes, CloudTrail Lake rows, JSON lines) mapped to access and replication
 * events. Field names follow AWS's documentation of each API's CloudTrail record.
 */
package dev.transfermonitor.sources.cloudtrail;
