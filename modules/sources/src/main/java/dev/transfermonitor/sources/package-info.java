/**
 * The seam for real audit logs: a {@link dev.transfermonitor.sources.Source} reads the records
 * of one payload (a log file, a Kafka message) and says what became of each, as an
 * {@link dev.transfermonitor.sources.Outcome}: mapped to monitor events, ignored, a failed call
 * that moved nothing, or invalid. Pure functions of the input, no Kafka.
 */
package dev.transfermonitor.sources;
