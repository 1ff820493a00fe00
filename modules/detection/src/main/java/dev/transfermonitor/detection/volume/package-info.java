/**
 * Node {@code volume-rules}: the stateful exfiltration rules (volume burst, slow exfiltration, baseline
 * deviation) over one hand-encoded state record per principal and per credential.
 */
package dev.transfermonitor.detection.volume;
