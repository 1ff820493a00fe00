/**
 * Nodes {@code alert-lifecycle}, {@code alert-outputs}, {@code alert-avro} and {@code oversized-alert}:
 * findings folded into one alert per key and episode, revised only on escalation, and sized before writing.
 */
package dev.transfermonitor.detection.lifecycle;
