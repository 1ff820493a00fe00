/**
 * Configuration: every setting declared once in {@code SettingsRegistry}, merged from file,
 * environment and flags by {@code Settings} into the validated {@code MonitorConfig}.
 */
package dev.transfermonitor.app.config;
