package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Location;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.reference.Jurisdictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stages 2 and 3, normalise and enrich. In: a valid access or replication event. Out: one
 * {@link Transfer} from the source asset's location to the client's or the destination's,
 * with principal and credential attached. Every lookup that finds nothing is named in
 * {@link Transfer#misses()} and counted; the rules decide what a miss means.
 */
public final class Enricher {

    private final ReferenceIndex index;
    private final DetectionMetrics metrics;

    public Enricher(ReferenceIndex index, DetectionMetrics metrics) {
        this.index = index;
        this.metrics = metrics;
    }

    public Transfer enrich(Decoded.Valid valid) {
        List<String> misses = new ArrayList<>(2);
        Transfer transfer = valid.event() instanceof DataAccessEvent access
                ? fromAccess(access, valid, misses)
                : fromReplication((ReplicationEvent) valid.event(), valid, misses);
        for (String miss : misses) {
            metrics.enrichmentMiss(miss);
        }
        return transfer;
    }

    private Transfer fromAccess(DataAccessEvent e, Decoded.Valid v, List<String> misses) {
        Asset asset = asset(e.getAssetId(), misses);
        Location origin = assetLocation(asset, misses);
        Location destination = clientLocation(v.clientAddress(), e.getClientCountry(), misses);
        String credentialId = present(e.getCredentialId());
        Credential credential = credential(credentialId, misses);
        return new Transfer(
                e.getEventId(),
                v.topic(),
                v.partition(),
                v.offset(),
                e.getOccurredAt(),
                e.getPrincipalId(),
                credentialId,
                TransferKind.ACCESS,
                e.getAuthMethod(),
                e.getAssetId(),
                origin,
                destination,
                null,
                false,
                classes(e.getDataClasses(), asset),
                e.getRecordCount(),
                e.getByteCount(),
                principal(e.getPrincipalId(), misses),
                credential,
                owner(credential, e.getPrincipalId()),
                List.copyOf(misses),
                e.getSubjectKeys(),
                null);
    }

    private Transfer fromReplication(ReplicationEvent e, Decoded.Valid v, List<String> misses) {
        Asset source = asset(e.getSourceAssetId(), misses);
        Location origin = assetLocation(source, misses);
        String targetId = present(e.getDestinationAssetId());
        String region = present(e.getDestinationRegion());
        Asset target = targetId == null ? null : asset(targetId, misses);
        Location destination;
        if (target != null && (region == null || region.equals(target.getRegionId()))) {
            destination = assetLocation(target, misses);
        } else if (region != null) {
            // An event that names a region other than its destination asset's is judged by the
            // region it names: the copy may have gone there, and trusting the asset would hide it.
            destination = regionLocation(region, misses);
        } else {
            destination = Location.unknown(
                    targetId != null
                            ? "destination asset " + targetId + " is not in the inventory"
                            : "no destination asset or region given");
        }
        String account = present(e.getDestinationAccount());
        if (account == null && target != null) {
            account = target.getAccountId();
        }
        String credentialId = present(e.getCredentialId());
        Credential credential = credential(credentialId, misses);
        return new Transfer(
                e.getEventId(),
                v.topic(),
                v.partition(),
                v.offset(),
                e.getOccurredAt(),
                e.getPrincipalId(),
                credentialId,
                TransferKind.valueOf(e.getKind().name()),
                AuthMethod.SERVICE_TOKEN,
                e.getSourceAssetId(),
                origin,
                destination,
                account,
                target != null,
                classes(e.getDataClasses(), source),
                e.getRecordCount(),
                e.getByteCount(),
                principal(e.getPrincipalId(), misses),
                credential,
                owner(credential, e.getPrincipalId()),
                List.copyOf(misses),
                List.of(),
                e.getJobId());
    }

    private Asset asset(String assetId, List<String> misses) {
        Asset asset = index.asset(assetId);
        if (asset == null) {
            misses.add("asset");
        }
        return asset;
    }

    private Location assetLocation(Asset asset, List<String> misses) {
        if (asset == null) {
            return Location.unknown("asset not in the inventory");
        }
        return regionLocation(asset.getRegionId(), misses);
    }

    private Location regionLocation(String regionId, List<String> misses) {
        Region region = index.region(regionId);
        if (region == null) {
            misses.add("region");
            return Location.unknown("region " + regionId + " is not in the catalog");
        }
        return new Location(regionId, region.getCountryCode(), Jurisdictions.of(region.getCountryCode()), "region");
    }

    private Location clientLocation(byte[] address, String country, List<String> misses) {
        if (address != null) {
            NetworkRange range = index.network(address);
            if (range != null) {
                return new Location(null, range.getCountryCode(), Jurisdictions.of(range.getCountryCode()), "network");
            }
            misses.add("network");
        }
        if (country != null) {
            String code = country.toUpperCase(Locale.ROOT);
            return new Location(null, code, Jurisdictions.of(code), "country");
        }
        return Location.unknown(
                address != null ? "client address in no known network range" : "no client address or country");
    }

    private Principal principal(String principalId, List<String> misses) {
        var principal = index.principal(principalId);
        if (principal == null) {
            misses.add("principal");
        }
        return principal;
    }

    /** The credential's owner when someone else acts with it; the rules judge the owner too. */
    private Principal owner(Credential credential, String actingPrincipal) {
        if (credential == null || credential.getPrincipalId().equals(actingPrincipal)) {
            return null;
        }
        return index.principal(credential.getPrincipalId());
    }

    private Credential credential(String credentialId, List<String> misses) {
        if (credentialId == null) {
            return null;
        }
        var credential = index.credential(credentialId);
        if (credential == null) {
            misses.add("credential");
        }
        return credential;
    }

    /**
     * The inventory's classes are a floor: an event may add classes, never remove them, so the
     * monitored party cannot declare personal data as something else. Order: the asset's, then
     * the event's additions.
     */
    static List<String> classes(List<String> given, Asset asset) {
        List<String> floor = asset == null ? List.of() : asset.getDataClasses();
        if (given == null || given.isEmpty() || floor.containsAll(given)) {
            return floor;
        }
        if (floor.isEmpty()) {
            return given;
        }
        List<String> union = new ArrayList<>(floor.size() + given.size());
        union.addAll(floor);
        for (String c : given) {
            if (!union.contains(c)) {
                union.add(c);
            }
        }
        return union;
    }

    /** Null for an absent or blank optional field: blank names nothing. */
    private static String present(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
