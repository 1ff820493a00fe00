/**
 * The contract shared by every module: Avro codecs and serdes (single-object encoding), the
 * {@code Topics} names, JSON lines to records, and the alert-key and UTC-day formats alert ids depend on.
 */
package dev.transfermonitor.events;
