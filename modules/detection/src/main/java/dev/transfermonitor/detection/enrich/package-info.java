/**
 * Nodes {@code enrich} and the global reference stores ({@code ref-*-source}): reference topics decoded
 * into one in-memory index, and each event turned into a {@code Transfer} with both ends located.
 */
package dev.transfermonitor.detection.enrich;
