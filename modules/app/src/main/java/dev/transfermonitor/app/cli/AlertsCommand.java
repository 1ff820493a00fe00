package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.AlertTail;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor alerts}: print the alerts on the alerts topic. */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the alerts on the alerts topic, oldest first, one per line, and exits at the end;",
            "with --follow it keeps printing new alerts as they arrive until Ctrl-C.",
            "Reads committed records only and joins no consumer group."
        })
public final class AlertsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new alerts as they arrive.")
    boolean follow;

    @Option(
            names = "--format",
            defaultValue = "text",
            description =
                    "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json is one alert object "
                            + "per line, ocsf one OCSF 1.3 Detection Finding (class 2004) per line.")
    AlertFormat format;

    @Override
    public Integer call() throws Exception {
        MonitorConfig config = connection.clientConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (GracefulStop stop = new GracefulStop()) {
            AlertTail.read(
                    config,
                    follow,
                    () -> !stop.isRequested(),
                    alert -> {
                        out.println(format.format(alert));
                        out.flush();
                    },
                    problem -> err.println("warning: " + problem));
            return stop.isRequested() ? ExitCodes.INTERRUPTED : ExitCodes.OK;
        }
    }
}
