/**
 * The transfer report of a period: ledger entries and alerts read from Kafka, summed per route and
 * rendered as CSV, JSON or HTML.
 */
package dev.transfermonitor.app.report;
