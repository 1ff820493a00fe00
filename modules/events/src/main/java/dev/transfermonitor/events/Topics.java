package dev.transfermonitor.events;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Every topic name the system uses. Code takes names from here, never from literals, so a
 * deployment can rename or prefix them in one place.
 */
public record Topics(
        String access,
        String replication,
        String assets,
        String regions,
        String networks,
        String principals,
        String credentials,
        String policies,
        String alerts,
        String alertsOcsf,
        String audit,
        String dlq) {

    public Topics {
        for (String name : List.of(
                access,
                replication,
                assets,
                regions,
                networks,
                principals,
                credentials,
                policies,
                alerts,
                alertsOcsf,
                audit,
                dlq)) {
            Objects.requireNonNull(name, "topic name");
            if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("not a valid Kafka topic name: '" + name + "'");
            }
        }
    }

    private static final String ACCESS = "transfer.access.v1";

    public static Topics defaults() {
        return withPrefix("");
    }

    /** The default names behind a prefix, e.g. {@code test-42.} for a test's private set. */
    public static Topics withPrefix(String prefix) {
        return new Topics(
                prefix + ACCESS,
                prefix + "transfer.replication.v1",
                prefix + "transfer.ref.assets.v1",
                prefix + "transfer.ref.regions.v1",
                prefix + "transfer.ref.networks.v1",
                prefix + "transfer.ref.principals.v1",
                prefix + "transfer.ref.credentials.v1",
                prefix + "transfer.ref.policies.v1",
                prefix + "transfer.alerts.v1",
                prefix + "transfer.alerts.ocsf.v1",
                prefix + "transfer.audit.v1",
                prefix + "transfer.dlq.v1");
    }

    /** The prefix these names were made with ({@link #withPrefix}); empty for the defaults. */
    public String prefix() {
        return access.endsWith(ACCESS) ? access.substring(0, access.length() - ACCESS.length()) : "";
    }

    /**
     * The raw topic of an audit-log source ({@code transfer.source.cloudtrail.v1}): records as the
     * vendor writes them, mapped into the input topics by {@code run --sources}.
     */
    public String source(String sourceName) {
        if (!sourceName.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("not a source name: '" + sourceName + "'");
        }
        return prefix() + "transfer.source." + sourceName + ".v1";
    }

    /** Signed digests of the ledger's chains ({@code transfer.audit.digests.v1}), next to the ledger. */
    public String auditDigests() {
        return prefix() + "transfer.audit.digests.v1";
    }

    public List<String> inputs() {
        return List.of(access, replication);
    }

    /** Compacted topics that feed the global reference stores. */
    public List<String> reference() {
        return List.of(assets, regions, networks, principals, credentials, policies);
    }

    public List<String> all() {
        return List.of(
                access,
                replication,
                assets,
                regions,
                networks,
                principals,
                credentials,
                policies,
                alerts,
                alertsOcsf,
                audit,
                auditDigests(),
                dlq);
    }

    /** The topic that carries records of this kind. */
    public String of(RecordKind kind) {
        return switch (kind) {
            case ACCESS -> access;
            case REPLICATION -> replication;
            case ASSET -> assets;
            case REGION -> regions;
            case NETWORK -> networks;
            case PRINCIPAL -> principals;
            case CREDENTIAL -> credentials;
            case POLICY -> policies;
            case ALERT -> alerts;
            case LEDGER -> audit;
        };
    }

    /** The kind of record a topic carries, for tools that take a topic name from the user. */
    public RecordKind kindOf(String topic) {
        for (RecordKind kind : RecordKind.values()) {
            if (of(kind).equals(topic)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + topic + "' is not an Avro topic of Transfer Monitor; known: "
                + String.join(
                        ", ", Arrays.stream(RecordKind.values()).map(this::of).toList()));
    }
}
