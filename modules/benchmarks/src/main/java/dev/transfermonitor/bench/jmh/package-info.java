/**
 * JMH micro-benchmarks of the per-record work: serdes, enrichment, the stateless rules, sketches and the
 * stored day of subjects.
 */
package dev.transfermonitor.bench.jmh;
