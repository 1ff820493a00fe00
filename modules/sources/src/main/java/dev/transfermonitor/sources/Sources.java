package dev.transfermonitor.sources;

import dev.transfermonitor.events.Suggestions;
import dev.transfermonitor.sources.azure.AzureActivitySource;
import dev.transfermonitor.sources.azure.AzureStorageSource;
import dev.transfermonitor.sources.cloudtrail.CloudTrailSource;
import dev.transfermonitor.sources.gcp.GcpAuditSource;
import dev.transfermonitor.sources.pgaudit.PgAuditSource;
import dev.transfermonitor.sources.snowflake.SnowflakeSource;
import java.util.List;
import java.util.Locale;

/** The audit-log formats the monitor reads, by the name the command line and topic names use. */
public final class Sources {

    /** Every source's name, as {@code ingest SOURCE} and {@code run --sources} take it. */
    public static final List<String> NAMES = List.of(
            CloudTrailSource.NAME,
            GcpAuditSource.NAME,
            PgAuditSource.NAME,
            AzureStorageSource.NAME,
            AzureActivitySource.NAME,
            SnowflakeSource.NAME);

    /**
     * How a source is set up.
     *
     * @param trackKeys turn key lifecycle records (CloudTrail's CreateAccessKey, ...) into credential updates
     */
    public record Options(boolean trackKeys) {
        public static Options defaults() {
            return new Options(false);
        }
    }

    private Sources() {}

    /** A new reader of the named format, with state of its own. */
    public static Source create(String name, Options options) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        if (n.equals(CloudTrailSource.NAME)) {
            return new CloudTrailSource(options.trackKeys());
        }
        if (n.equals(GcpAuditSource.NAME)) {
            return new GcpAuditSource();
        }
        if (n.equals(PgAuditSource.NAME)) {
            return new PgAuditSource();
        }
        if (n.equals(AzureStorageSource.NAME)) {
            return new AzureStorageSource();
        }
        if (n.equals(AzureActivitySource.NAME)) {
            return new AzureActivitySource();
        }
        if (n.equals(SnowflakeSource.NAME)) {
            return new SnowflakeSource();
        }
        String closest = Suggestions.closest(n, NAMES);
        throw new IllegalArgumentException("unknown source '" + name + "'"
                + (closest == null ? "" : " (did you mean '" + closest + "'?)")
                + "; known: " + String.join(", ", NAMES));
    }
}
