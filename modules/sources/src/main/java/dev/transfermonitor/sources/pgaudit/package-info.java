/**
 * PostgreSQL's pgaudit as the monitor's input: csvlog records whose message is an
 * {@code AUDIT:} line, mapped to access and export events. Column and field order follow
 * PostgreSQL's "Using CSV-Format Log Output" and pgaudit's README (Format, pgaudit.log_rows);
 * the fixture under test resources is the final word on shapes.
 */
package dev.transfermonitor.sources.pgaudit;
