/**
 * Node {@code rules}: the stateless rules (residency, external account, inactive identity) behind one
 * interface, the risk score, and the findings and ledger decision they add to a transfer's verdict.
 */
package dev.transfermonitor.detection.rules;
