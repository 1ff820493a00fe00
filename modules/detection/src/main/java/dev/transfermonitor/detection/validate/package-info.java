/**
 * Nodes {@code validate}, {@code dead-letters} and {@code oversized-dead-letters}: raw bytes become a
 * decoded event or a rejection with its reason, and rejections become dead letters ({@code dlq-sink}).
 */
package dev.transfermonitor.detection.validate;
