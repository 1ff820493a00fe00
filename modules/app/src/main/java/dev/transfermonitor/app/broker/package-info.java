/** A single-node KRaft broker inside this process, for the sandbox, the {@code broker} command and the system tests. */
package dev.transfermonitor.app.broker;
