/**
 * Node {@code ledger-chain} ({@code audit-sink}): the tamper-evident hash chain of every cross-border
 * decision, one chain per input partition, and the verifier that checks a chain read back.
 */
package dev.transfermonitor.detection.ledger;
