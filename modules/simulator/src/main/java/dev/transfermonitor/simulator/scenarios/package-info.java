/**
 * Workloads over days of simulated time with planted exfiltration and identity incidents, and a mirror of
 * the detection rules that says which alerts each planted incident should raise and when.
 */
package dev.transfermonitor.simulator.scenarios;
