package dev.transfermonitor.events;

/**
 * Attribute names with a meaning to the monitor, set by the source mappers (CloudTrail and the
 * others) on the events they make. Producers may set them too; the monitor checks each value
 * before it uses one.
 */
public final class EventAttributes {

    /** The audit log the event was read from: {@code cloudtrail}. */
    public static final String SOURCE = "source";
    /** The operation as the log names it: {@code GetObject}. */
    public static final String SOURCE_EVENT = "source.event";
    /** The log's own record id. */
    public static final String SOURCE_RECORD = "source.record";
    /**
     * The region of the asset as the log records it ({@code aws:eu-west-1}): where an asset that
     * is not in the inventory is taken to be.
     */
    public static final String ASSET_REGION = "asset.region";
    /** The cloud account of the asset as the log records it. */
    public static final String ASSET_ACCOUNT = "asset.account";
    /**
     * Further names of the acting identity, most specific first, separated by spaces: the
     * monitor resolves the first that a principal lists among its aliases.
     */
    public static final String PRINCIPAL_ALIASES = "principal.aliases";
    /**
     * The workload a temporary credential was issued to ({@code ec2}, {@code lambda}, {@code ecs}),
     * when the log shows it; such a credential is not meant to leave the provider's network.
     */
    public static final String WORKLOAD = "credential.workload";
    /** The temporary credential (session key) used, when {@code credentialId} names none. */
    public static final String SESSION_CREDENTIAL = "credential.session";
    /** The client's user agent, shortened. */
    public static final String USER_AGENT = "client.userAgent";
    /** The private endpoint the request came through. */
    public static final String VPC_ENDPOINT = "client.vpcEndpoint";
    /** A named service acted instead of a client address ({@code s3.amazonaws.com}, {@code AWS Internal}). */
    public static final String SERVICE_CLIENT = "client.service";

    private EventAttributes() {}
}
