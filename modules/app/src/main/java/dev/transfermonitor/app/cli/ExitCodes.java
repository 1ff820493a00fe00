package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.Interrupted;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.reference.ReferenceDataException;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of every command, and which failure ends with which: picocli asks this mapper
 * for bad options, {@code Main}'s exception handler for failures of a command.
 */
public final class ExitCodes implements IExitCodeExceptionMapper {

    /** Done. */
    public static final int OK = 0;
    /** The command could not do its work, e.g. the cluster cannot be reached or refused. */
    public static final int FAILURE = 1;
    /** Bad options, configuration or input, found before any work started. */
    public static final int USAGE = 2;
    /** {@code audit verify}: a chain of the ledger is broken. */
    public static final int LEDGER_BROKEN = 3;
    /** Stopped by Ctrl-C or SIGTERM (128 + SIGINT), after cleaning up. */
    public static final int INTERRUPTED = 130;

    @Override
    public int getExitCode(Throwable e) {
        if (e instanceof ParameterException || e instanceof ConfigException || e instanceof ReferenceDataException) {
            return USAGE;
        }
        if (e instanceof Interrupted || e instanceof InterruptedException) {
            return INTERRUPTED;
        }
        return FAILURE;
    }
}
