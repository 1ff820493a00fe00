package dev.transfermonitor.app;

import dev.transfermonitor.app.cli.AlertsCommand;
import dev.transfermonitor.app.cli.AuditCommand;
import dev.transfermonitor.app.cli.BrokerCommand;
import dev.transfermonitor.app.cli.DemoCommand;
import dev.transfermonitor.app.cli.ProduceCommand;
import dev.transfermonitor.app.cli.ReferenceCommand;
import dev.transfermonitor.app.cli.ReplayCommand;
import dev.transfermonitor.app.cli.ReportCommand;
import dev.transfermonitor.app.cli.RunCommand;
import dev.transfermonitor.app.cli.SimulateCommand;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.events.JsonRecordException;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.reference.ReferenceDataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** The {@code transfer-monitor} command. */
@Command(name = "transfer-monitor", mixinStandardHelpOptions = true, version = "transfer-monitor 0.1.0",
        description = {
            "Real-time monitor of personal-data transfers on Kafka: alerts on unauthorized cross-border "
                    + "movement, transfers to foreign cloud accounts and inactive identities, and a ledger of every "
                    + "cross-border transfer.",
            "Start with: transfer-monitor demo"},
        subcommands = {DemoCommand.class, RunCommand.class, ProduceCommand.class, AlertsCommand.class,
            ReferenceCommand.class, ReplayCommand.class, AuditCommand.class, ReportCommand.class, SimulateCommand.class,
            BrokerCommand.class, HelpCommand.class})
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    /** Exit code of bad configuration or usage. */
    public static final int CONFIG_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            var access = KafkaAccessException.from(e, null);
            if (access.isPresent()) {
                commandLine.getErr().println("transfer-monitor: " + access.get().getMessage());
                LOG.debug("Command failed", e);
                return 1;
            }
            if (e instanceof ConfigException || e instanceof ReferenceDataException) {
                // One line per problem (a rules file reports all of its problems at once), each
                // prefixed, so that every line read alone still says where it came from.
                e.getMessage().lines().forEach(line -> commandLine.getErr().println("transfer-monitor: " + Printable.of(line)));
                return CONFIG_ERROR;
            }
            if (e instanceof JsonRecordException || e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException) {
                // Messages of these may quote input (a stream failure names what it choked on): one line, escaped.
                commandLine.getErr().println("transfer-monitor: " + Printable.of(e.getMessage()));
                LOG.debug("Command failed", e);
                return 1;
            }
            if (e instanceof org.apache.kafka.common.KafkaException) {
                commandLine.getErr().println("transfer-monitor: Kafka: " + Printable.of(e.getMessage())
                        + (e.getCause() == null ? "" : " (" + Printable.of(e.getCause().getMessage()) + ")"));
                LOG.debug("Command failed", e);
                return 1;
            }
            LOG.error("Command failed", e);
            commandLine.getErr().println("transfer-monitor: " + Printable.of(e.toString()));
            return 1;
        });
        return cli.execute(args);
    }
}
