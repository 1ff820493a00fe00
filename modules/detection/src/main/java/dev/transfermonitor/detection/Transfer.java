package dev.transfermonitor.detection;

import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.TransferKind;
import java.time.Instant;
import java.util.List;

/**
 * One access or replication, normalised to "data moves from origin to destination" and
 * enriched with the reference data the rules need. Lives only inside the topology.
 *
 * @param principal  null when the principal is not in the reference data
 * @param credential null when none was used or it is not in the reference data
 * @param credentialOwner the principal the credential was issued to, when the credential names another
 *                   principal id than the acting one and the reference data knows it (by id or alias); else null
 * @param destinationAccount the cloud account data went to, for replications, when the event or the
 *                   destination asset names one; else null
 * @param destinationInInventory a replication into an inventory asset (the organisation's, whatever its account)
 * @param misses     the enrichment kinds that found nothing (asset, region, network, ...)
 * @param subjectKeys pseudonymous keys of the data subjects read (accesses; empty for replications)
 * @param jobId      the replication job, for replications; else null
 * @param publicAccess the data was made available to everyone (a public snapshot, image or bucket)
 * @param workload   the workload a temporary credential was issued to ({@code ec2}, {@code lambda}, {@code ecs}),
 *                   when the log shows it; else null
 * @param clientScope whose network the client address is in: the matched range's scope,
 *                   {@code UNSPECIFIED} when no range matches; null when the event has no client address
 */
public record Transfer(
        String eventId,
        String topic,
        int partition,
        long offset,
        Instant occurredAt,
        String principalId,
        String credentialId,
        TransferKind kind,
        AuthMethod authMethod,
        String sourceAssetId,
        Location origin,
        Location destination,
        String destinationAccount,
        boolean destinationInInventory,
        List<String> dataClasses,
        long recordCount,
        long byteCount,
        Principal principal,
        Credential credential,
        Principal credentialOwner,
        List<String> misses,
        List<String> subjectKeys,
        String jobId,
        boolean publicAccess,
        String workload,
        NetworkScope clientScope) {

    public boolean crossesBorder() {
        return origin.resolved()
                && destination.resolved()
                && !origin.jurisdiction().equals(destination.jurisdiction());
    }

    /** The credential was issued to another principal than the one acting with it. */
    public boolean borrowedCredential() {
        if (credential == null) {
            return false;
        }
        String owner = credentialOwner != null ? credentialOwner.getPrincipalId() : credential.getPrincipalId();
        return !owner.equals(principalId);
    }

    public boolean isAccess() {
        return kind == TransferKind.ACCESS;
    }
}
