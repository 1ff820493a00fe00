/**
 * Kafka input and output of the commands and engines: client factory, waiting on futures, topic creation,
 * offsets, topic walks, the alert tail and the reference publisher. Nothing here prints.
 */
package dev.transfermonitor.app.kafka;
