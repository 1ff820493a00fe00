/**
 * A whole monitoring system on one machine: a work directory, an embedded broker, the topics, reference data and
 * the monitor settings with the sandbox defaults, for the demo, the evaluation, offline replays and benchmarks.
 */
package dev.transfermonitor.app.sandbox;
