/**
 * {@code ingest}'s engine: audit-log files (and standard input) through a
 * {@link dev.transfermonitor.sources.Source} into the input topics, the credentials topic and the
 * dead-letter topic, or as JSON lines for {@code --dry-run}; and {@code run --sources}'s
 * sub-topology, which does the same from a raw topic inside the monitor.
 */
package dev.transfermonitor.app.ingest;
