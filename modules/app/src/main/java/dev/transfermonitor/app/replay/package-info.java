/**
 * The replay engine: the live detection topology over a fixed period of the retained input (or over
 * JSON-lines files), under a private application id, and the comparison of two rule sets' findings.
 */
package dev.transfermonitor.app.replay;
