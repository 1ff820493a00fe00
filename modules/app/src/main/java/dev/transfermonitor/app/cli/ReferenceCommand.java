package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.KafkaAccessException;
import dev.transfermonitor.app.TopicAdmin;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor reference}: reference data in and out. */
@Command(name = "reference", mixinStandardHelpOptions = true,
        description = "Loads reference data (regions, assets, networks, principals, credentials, policies).",
        subcommands = {ReferenceCommand.Load.class, ReferenceCommand.Sample.class})
public final class ReferenceCommand {

    @Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Writes reference records to the compacted reference topics. A running monitor picks them up "
                        + "without a restart.",
                "DIR holds files named regions, assets, networks, principals, credentials and policies "
                        + "(.jsonl or .json, JSON lines); a FILE's kind comes from its name the same way.",
                "Everything is validated before anything is sent: an error names the file, line and field."})
    static final class Load implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @ArgGroup(multiplicity = "1")
        Source source;

        static final class Source {
            @Parameters(paramLabel = "DIR|FILE", description = "Reference files to load.")
            Path path;

            @picocli.CommandLine.Option(names = "--sample",
                    description = "Load the bundled region catalog and the sample company instead.")
            boolean sample;
        }

        @Override
        public Integer call() {
            List<ReferenceData.Loaded> records = source.sample ? ReferenceData.bundled() : ReferenceData.load(source.path);
            MonitorConfig config = connection.clientConfig();
            Map<RecordKind, Integer> counts;
            try {
                if (config.createTopics()) {
                    TopicAdmin.ensureTopics(config);
                }
                counts = ReferencePublisher.publish(config, records);
            } catch (RuntimeException e) {
                throw KafkaAccessException.explained(e, config.clientProperties());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Loaded %d reference record(s): %s%n", records.size(), counts);
            return 0;
        }
    }

    @Command(name = "sample", mixinStandardHelpOptions = true,
            description = "Writes the bundled region catalog and sample company as JSON lines files to DIR, to edit and load.")
    static final class Sample implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Directory to write to (created if missing).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            ReferenceData.writeSample(dir);
            spec.commandLine().getOut().printf("Wrote the sample reference data to %s%n", dir);
            return 0;
        }
    }
}
