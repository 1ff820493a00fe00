/**
 * The benchmark command ({@code benchmarks.jar e2e|jmh|jfr-hot}) and its end-to-end harness: a local
 * cluster, generated input, the full topology timed against the raw consume rate, latency probes, the report.
 */
package dev.transfermonitor.bench;
