package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import dev.transfermonitor.app.kafka.ReferencePublisher;
import dev.transfermonitor.app.kafka.TopicAdmin;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.reference.ReferenceValidator;
import dev.transfermonitor.reference.RegionCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor reference}: reference data in and out. */
@Command(
        name = "reference",
        mixinStandardHelpOptions = true,
        description = {
            "Loads reference data (regions, assets, networks, principals, credentials, policies).",
            "The public cloud regions (AWS, Google Cloud, Azure) are built into the monitor: list them with "
                    + "'reference regions'; the regions topic only adds sites of your own or overrides an entry."
        },
        subcommands = {ReferenceCommand.Load.class, ReferenceCommand.Sample.class, ReferenceCommand.Regions.class})
public final class ReferenceCommand {

    @Command(
            name = "load",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Writes reference records to the compacted reference topics. A running monitor picks them up "
                        + "without a restart.",
                "DIR holds files named regions, assets, networks, principals, credentials and policies "
                        + "(.jsonl or .json, JSON lines); a FILE's kind comes from its name the same way.",
                "Everything is validated before anything is sent: an error names the file, line and field."
            })
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

            @Option(
                    names = "--sample",
                    description =
                            "Load the sample company instead (the cloud regions need no loading: they are built in).")
            boolean sample;
        }

        @Override
        public Integer call() {
            List<ReferenceData.Loaded> records =
                    source.sample ? ReferenceData.bundled() : ReferenceData.load(source.path);
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
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "regions",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "Lists the built-in region catalogue: every public region of AWS, Google Cloud and Azure with its "
                        + "country (ISO 3166-1 alpha-2) and location, as this version of the monitor knows them.",
                "A region missing here (a newer one, a site of your own, onprem:seoul-dc1) is added with a record on "
                        + "the regions topic (reference load, produce --topic regions); a record for a listed id "
                        + "overrides it, and a tombstone for that id brings the built-in entry back."
            },
            footer = {"", "Example:", "  transfer-monitor reference regions --provider gcp"})
    static final class Regions implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(
                names = "--provider",
                paramLabel = "PROVIDER",
                description = "Only this provider's regions: aws, gcp or azure.")
        String provider;

        @Override
        public Integer call() {
            List<Region> regions = new ArrayList<>();
            for (Region region : RegionCatalog.byId().values()) {
                if (provider == null || region.getRegionId().startsWith(provider.toLowerCase(Locale.ROOT) + ":")) {
                    regions.add(region);
                }
            }
            if (regions.isEmpty()) {
                throw new IllegalArgumentException("no built-in region for provider '"
                        + ReferenceValidator.shown(provider) + "': expected aws, gcp or azure");
            }
            int width = "REGION".length();
            int countryWidth = "COUNTRY".length();
            for (Region region : regions) {
                width = Math.max(width, region.getRegionId().length());
                countryWidth = Math.max(countryWidth, countries(region).length());
            }
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-" + width + "s  %-" + countryWidth + "s  %s%n";
            out.printf(format, "REGION", "COUNTRY", "CITY");
            for (Region region : regions) {
                out.printf(
                        format,
                        region.getRegionId(),
                        countries(region),
                        region.getCity() == null ? "" : region.getCity());
            }
            out.printf("%d built-in region(s).%n", regions.size());
            return ExitCodes.OK;
        }

        /** The country, or every country a multi-region spans. */
        private static String countries(Region region) {
            return region.getCountries().isEmpty() ? region.getCountryCode() : String.join(",", region.getCountries());
        }
    }

    @Command(
            name = "sample",
            mixinStandardHelpOptions = true,
            description = "Writes the sample company as JSON lines files to DIR, to edit and load "
                    + "(its regions.jsonl holds only its own data centres: the cloud regions are built in).")
    static final class Sample implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "Directory to write to (created if missing).")
        Path dir;

        @Override
        public Integer call() throws Exception {
            ReferenceData.writeSample(dir);
            spec.commandLine().getOut().printf("Wrote the sample reference data to %s%n", dir);
            return ExitCodes.OK;
        }
    }
}
