package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.JsonLinesSender;
import dev.transfermonitor.events.RecordKind;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor produce}: JSON lines in, Avro records out. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Reads JSON lines (one record per line, field names as in the schemas, timestamps as ISO-8601) "
                    + "from FILE or standard input and writes them as Avro records to an input or reference topic, "
                    + "keyed as the monitor expects (events by principalId, reference records by their id).",
            "Blank lines and lines starting with # are skipped. A bad line stops the run with its line number "
                    + "and field (records before it are sent); --skip-invalid reports it and goes on. Reference "
                    + "records get the checks of 'reference load' (and a network's cidr is written canonically)."
        },
        footer = {
            "",
            "Example:",
            "  echo '{\"eventId\":\"e-1\",\"occurredAt\":\"2026-11-27T10:00:00Z\",\"principalId\":\"emp-2040\","
                    + "\"credentialId\":\"key-emp-2040-api\",\"authMethod\":\"API_KEY\",\"action\":\"EXPORT\","
                    + "\"assetId\":\"crm-db-seoul\",\"recordCount\":500,\"byteCount\":250000,"
                    + "\"clientIp\":\"203.0.113.77\"}' | transfer-monitor produce --topic access"
        })
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = {"-t", "--topic"},
            required = true,
            paramLabel = "TOPIC",
            description = "access, replication, assets, regions, networks, principals, credentials, policies, "
                    + "or a full topic name.")
    String topic;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "JSON lines file (default: standard input).")
    Path file;

    @Option(names = "--skip-invalid", description = "Report bad lines on standard error and go on.")
    boolean skipInvalid;

    @Override
    public Integer call() throws Exception {
        MonitorConfig config = connection.clientConfig();
        RecordKind kind = kindOf(config, topic);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String source = file == null ? "stdin" : file.toString();
        JsonLinesSender.Result sent;
        try (Reader reader = open()) {
            sent = JsonLinesSender.send(
                    config, kind, reader, source, skipInvalid, e -> err.printf("skipped: %s%n", e.getMessage()));
        }
        if (sent.stoppedAt() != null) {
            err.printf("error: %s%n", sent.stoppedAt().getMessage());
            err.printf("%d record(s) before it were sent to %s; nothing after it.%n", sent.sent(), sent.topic());
            return ExitCodes.FAILURE;
        }
        out.printf(
                "Sent %d record(s) to %s%s.%n",
                sent.sent(),
                sent.topic(),
                sent.skipped() == 0 ? "" : " (" + sent.skipped() + " invalid line(s) skipped)");
        return sent.skipped() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private Reader open() throws IOException {
        if (file == null) {
            return new InputStreamReader(System.in, StandardCharsets.UTF_8);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot read the file (missing or not readable)");
        }
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    static RecordKind kindOf(MonitorConfig config, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "access" -> RecordKind.ACCESS;
            case "replication" -> RecordKind.REPLICATION;
            case "asset", "assets" -> RecordKind.ASSET;
            case "region", "regions" -> RecordKind.REGION;
            case "network", "networks" -> RecordKind.NETWORK;
            case "principal", "principals" -> RecordKind.PRINCIPAL;
            case "credential", "credentials" -> RecordKind.CREDENTIAL;
            case "policy", "policies" -> RecordKind.POLICY;
            default -> {
                RecordKind kind = config.topics().kindOf(name);
                if (kind == RecordKind.ALERT || kind == RecordKind.LEDGER) {
                    throw new IllegalArgumentException(name + " is written by the monitor only");
                }
                yield kind;
            }
        };
    }
}
