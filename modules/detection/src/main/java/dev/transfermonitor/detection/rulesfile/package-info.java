/**
 * The rules file (YAML) read into a validated {@code RuleSet}, with errors that name the file, line and
 * field; no topology node, the app loads it before building the topology.
 */
package dev.transfermonitor.detection.rulesfile;
