/**
 * Engines that run the monitor against generated traffic in a sandbox: the live demo, workload runs and the
 * evaluation with its scorecard. They report through listeners and return results; they never print.
 */
package dev.transfermonitor.app.evaluation;
