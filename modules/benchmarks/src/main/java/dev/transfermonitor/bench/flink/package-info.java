/**
 * The Flink peer: the residency and burst rules as a Flink DataStream job on the same topics and bytes,
 * run in a JVM of its own, to compare engines on equal work.
 */
package dev.transfermonitor.bench.flink;
