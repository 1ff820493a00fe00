/**
 * The real-time traffic simulator of the sample company: benign traffic plus planted residency incidents,
 * written to any emitter {@code EventSink} (the Kafka emitter, or a list in tests).
 */
package dev.transfermonitor.simulator;
