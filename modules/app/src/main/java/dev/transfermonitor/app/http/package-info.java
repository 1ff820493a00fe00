/**
 * The metrics, health and readiness endpoints ({@code /metrics}, {@code /health}, {@code /ready})
 * and the Micrometer registry behind them.
 */
package dev.transfermonitor.app.http;
