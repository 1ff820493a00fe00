/**
 * Snowflake's ACCOUNT_USAGE views as the monitor's input: ACCESS_HISTORY, QUERY_HISTORY,
 * DATA_TRANSFER_HISTORY and LOGIN_HISTORY rows (single, arrays, JSON lines) mapped to access
 * and replication events, the logins giving the reads their client address. Column names
 * follow Snowflake's reference of each view; the fixtures under test resources are the final
 * word on shapes.
 */
package dev.transfermonitor.sources.snowflake;
