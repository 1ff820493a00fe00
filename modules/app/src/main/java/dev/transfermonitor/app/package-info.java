/**
 * The application: {@code Main} (the command line), {@code Monitor} (the Kafka Streams service
 * that runs the detection topology, with its health and transaction recovery) and the logging
 * helpers that keep input out of log lines.
 */
package dev.transfermonitor.app;
