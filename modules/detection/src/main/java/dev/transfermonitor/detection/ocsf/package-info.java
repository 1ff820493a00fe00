/**
 * An alert revision as an OCSF 1.3 Detection Finding in JSON, with its ATT&amp;CK techniques: built in
 * node {@code alert-outputs}, written by node {@code ocsf} to {@code transfer.alerts.ocsf.v1} ({@code ocsf-sink}).
 */
package dev.transfermonitor.detection.ocsf;
