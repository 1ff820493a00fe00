/**
 * The ledger audit: walks the audit topic and verifies its hash chains, one per partition, without a
 * consumer group; the result says what is intact and where each chain first broke.
 */
package dev.transfermonitor.app.audit;
