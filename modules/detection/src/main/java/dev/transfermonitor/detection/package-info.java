/**
 * The detection topology as a pure factory ({@code TransferTopology}, which names every node), the
 * settings records it runs on ({@code RuleSet}, {@code VolumeSettings}) and the {@code Transfer} all rules
 * judge; the {@code input-bound} node of a replay lives here too.
 */
package dev.transfermonitor.detection;
