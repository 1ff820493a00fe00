/**
 * The records on every topic (events, reference data, alerts, ledger entries), generated from
 * {@code schemas/*.avsc} at build time: the schemas are the source, these classes are not edited.
 */
package dev.transfermonitor.avro;
