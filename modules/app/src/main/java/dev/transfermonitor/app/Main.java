package dev.transfermonitor.app;

import dev.transfermonitor.app.cli.AlertsCommand;
import dev.transfermonitor.app.cli.AuditCommand;
import dev.transfermonitor.app.cli.BrokerCommand;
import dev.transfermonitor.app.cli.DemoCommand;
import dev.transfermonitor.app.cli.ExitCodes;
import dev.transfermonitor.app.cli.IngestCommand;
import dev.transfermonitor.app.cli.ProduceCommand;
import dev.transfermonitor.app.cli.ReferenceCommand;
import dev.transfermonitor.app.cli.ReplayCommand;
import dev.transfermonitor.app.cli.ReportCommand;
import dev.transfermonitor.app.cli.RunCommand;
import dev.transfermonitor.app.cli.SimulateCommand;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.events.JsonRecordException;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.reference.ReferenceDataException;
import java.io.PrintWriter;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code transfer-monitor} command. */
@Command(
        name = "transfer-monitor",
        mixinStandardHelpOptions = true,
        version = "transfer-monitor 0.1.0",
        description = {
            "Real-time monitor of personal-data transfers on Kafka: alerts on unauthorized cross-border "
                    + "movement, transfers to foreign cloud accounts and inactive identities, and a ledger of every "
                    + "cross-border transfer.",
            "Start with: transfer-monitor demo"
        },
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ProduceCommand.class,
            IngestCommand.class,
            AlertsCommand.class,
            ReferenceCommand.class,
            ReplayCommand.class,
            AuditCommand.class,
            ReportCommand.class,
            SimulateCommand.class,
            BrokerCommand.class,
            HelpCommand.class
        })
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its exit codes and its one-line error messages: what {@link #run} executes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        ExitCodes exitCodes = new ExitCodes();
        cli.setExitCodeExceptionMapper(exitCodes);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            report(e, commandLine.getErr());
            return exitCodes.getExitCode(e);
        });
        return cli;
    }

    /** One line on standard error (one per problem of a configuration), escaped where it may quote input. */
    private static void report(Exception e, PrintWriter err) {
        var access = KafkaAccessException.from(e, null);
        if (access.isPresent()) {
            err.println("transfer-monitor: " + access.get().getMessage());
            LOG.debug("Command failed", e);
        } else if (e instanceof ConfigException || e instanceof ReferenceDataException) {
            // One line per problem (a rules file reports all of its problems at once), each
            // prefixed, so that every line read alone still says where it came from.
            e.getMessage().lines().forEach(line -> err.println("transfer-monitor: " + Printable.of(line)));
        } else if (e instanceof JsonRecordException
                || e instanceof IllegalArgumentException
                || e instanceof IllegalStateException
                || e instanceof Interrupted) {
            // Messages of these may quote input (a stream failure names what it choked on): one line, escaped.
            err.println("transfer-monitor: " + Printable.of(e.getMessage()));
            LOG.debug("Command failed", e);
        } else if (e instanceof InterruptedException) {
            err.println("transfer-monitor: interrupted");
        } else if (e instanceof KafkaException) {
            err.println("transfer-monitor: Kafka: " + Printable.of(e.getMessage())
                    + (e.getCause() == null
                            ? ""
                            : " (" + Printable.of(e.getCause().getMessage()) + ")"));
            LOG.debug("Command failed", e);
        } else {
            LOG.error("Command failed", e);
            err.println("transfer-monitor: " + Printable.of(e.toString()));
        }
    }
}
