/**
 * The picocli commands, their option mixins, the text they print and the exit codes; a command
 * checks its options, calls an engine and renders what comes back.
 */
package dev.transfermonitor.app.cli;
