package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where {@code replay}'s alerts go: standard output, a file or a topic, and in which format. */
final class AlertOutputOptions {

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the alerts to FILE, one JSON object per line (as alerts --format json).")
    Path output;

    @Option(
            names = "--topic",
            paramLabel = "TOPIC",
            description = "Send the alerts to TOPIC (Avro, keyed by alert id; created when missing). "
                    + "Never one of the monitor's own topics.")
    String topic;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "Alerts on standard output or in --output: ${COMPLETION-CANDIDATES} "
                    + "(default: text on standard output, json in a file).")
    AlertFormat format;

    /** Somewhere else than standard output. */
    boolean redirected() {
        return output != null || topic != null;
    }

    void check() {
        if (output != null && topic != null) {
            throw new ConfigException("give --output or --topic, not both");
        }
        Path parent = output == null ? null : output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ConfigException("--output " + output + ": the directory does not exist");
        }
    }

    /** A replay never writes into the monitor's own topics. */
    void checkTopic(Topics monitors) {
        if (topic != null && monitors.all().contains(topic)) {
            throw new ConfigException("--topic " + topic + " is one of the monitor's own topics; choose another");
        }
    }

    /** To --output or standard output; alerts for --topic are sent by the caller. */
    void write(PrintWriter out, List<TransferAlert> alerts) throws IOException {
        if (output != null) {
            ReplayView.write(output, format == null ? AlertFormat.json : format, alerts);
        } else if (topic == null) {
            ReplayView.print(out, format == null ? AlertFormat.text : format, alerts);
        }
    }

    /** Where the alerts went, for the closing line; null on standard output. */
    String destination() {
        return output != null ? output.toString() : topic != null ? "topic " + topic : null;
    }
}
