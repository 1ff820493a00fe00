/**
 * Reference data without Kafka: the built-in cloud region catalogue, jurisdictions (EU members
 * share one), CIDR ranges and their index, and loading and validating reference JSONL files.
 */
package dev.transfermonitor.reference;
