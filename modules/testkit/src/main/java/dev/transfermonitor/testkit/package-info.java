/**
 * Test support for the other modules: the JUnit 5 Kafka broker extension (containers or an in-JVM
 * KRaft broker), builders for events and reference records, and seeded streams of hostile records.
 */
package dev.transfermonitor.testkit;
