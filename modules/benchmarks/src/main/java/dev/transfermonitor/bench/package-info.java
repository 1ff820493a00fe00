/**
 * The benchmark command ({@code benchmarks.jar e2e|jmh|jfr-hot}) and its end-to-end harness: a broker
 * in a JVM of its own, generated input, rounds of the full and the equal-work topology and the Flink
 * peer timed against the raw consume rate, CPU per thread group, latency probes, the report.
 */
package dev.transfermonitor.bench;
