/**
 * The Flink peer: the monitor's equal work (validation and dead letters, enrichment, the stateless
 * rules, the burst rule) as a Flink DataStream job on the same topics, bytes, reference data and
 * rules, run in a JVM of its own, to compare engines on equal work.
 */
package dev.transfermonitor.bench.flink;
