package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.detection.Location;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.detection.validate.Decoded;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.reference.Jurisdictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Stages 2 and 3, normalise and enrich. In: a valid access or replication event. Out: one
 * {@link Transfer} from the source asset's location to the client's or the destination's,
 * with principal and credential attached. Every lookup that finds nothing is named in
 * {@link Transfer#misses()} and counted; the rules decide what a miss means.
 */
public final class Enricher {

    /** Aliases tried per event, at most: the attribute is the producer's to fill. */
    static final int MAX_ALIASES = 4;

    private final ReferenceIndex index;
    private final DetectionMetrics metrics;
    private final List<String> unlistedClasses;

    public Enricher(ReferenceIndex index, DetectionMetrics metrics) {
        this(index, metrics, List.of());
    }

    /**
     * @param unlistedClasses the classes of an asset the inventory does not list but the event
     *                        places in a region ({@link EventAttributes#ASSET_REGION}); the rules
     *                        file's {@code unlistedResources}
     */
    public Enricher(ReferenceIndex index, DetectionMetrics metrics, List<String> unlistedClasses) {
        this.index = index;
        this.metrics = metrics;
        this.unlistedClasses = List.copyOf(unlistedClasses);
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
        Location origin = sourceLocation(asset, e.getAttributes(), misses);
        NetworkRange range = index.network(v.clientAddress());
        Location destination = v.clientAddress() == null
                        && e.getClientCountry() == null
                        && e.getAttributes().containsKey(EventAttributes.SERVICE_CLIENT)
                ? origin // the cloud provider's own service read it: the data stayed where it is
                : clientLocation(v.clientAddress(), range, e.getClientCountry(), misses);
        String credentialId = present(e.getCredentialId());
        Credential credential = credential(credentialId, misses);
        Principal principal = principal(e.getPrincipalId(), e.getAttributes(), misses);
        String principalId = principal == null ? e.getPrincipalId() : principal.getPrincipalId();
        return new Transfer(
                e.getEventId(),
                v.topic(),
                v.partition(),
                v.offset(),
                e.getOccurredAt(),
                principalId,
                credentialId,
                TransferKind.ACCESS,
                e.getAuthMethod(),
                e.getAssetId(),
                origin,
                destination,
                null,
                false,
                classes(e.getDataClasses(), asset, unlisted(asset, origin)),
                e.getRecordCount(),
                e.getByteCount(),
                principal,
                credential,
                owner(credential, principalId),
                List.copyOf(misses),
                e.getSubjectKeys(),
                null,
                false,
                workload(e.getAttributes()),
                v.clientAddress() == null ? null : range == null ? NetworkScope.UNSPECIFIED : range.getScope());
    }

    /** The workload attribute when it is a short lower-case name; anything else is no workload. */
    static String workload(Map<String, String> attributes) {
        String w = attributes.get(EventAttributes.WORKLOAD);
        if (w == null || w.isEmpty() || w.length() > 32) {
            return null;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return null;
            }
        }
        return w;
    }

    private Transfer fromReplication(ReplicationEvent e, Decoded.Valid v, List<String> misses) {
        Asset source = asset(e.getSourceAssetId(), misses);
        Location origin = sourceLocation(source, e.getAttributes(), misses);
        String targetId = present(e.getDestinationAssetId());
        String region = present(e.getDestinationRegion());
        Asset target = targetId == null ? null : index.assetNamed(targetId);
        if (targetId != null && target == null) {
            misses.add("asset");
        }
        Location destination;
        if (e.getPublicAccess()) {
            destination = Location.unknown("everyone, anywhere: it was made public");
        } else if (target != null && (region == null || region.equals(target.getRegionId()))) {
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
        Principal principal = principal(e.getPrincipalId(), e.getAttributes(), misses);
        String principalId = principal == null ? e.getPrincipalId() : principal.getPrincipalId();
        return new Transfer(
                e.getEventId(),
                v.topic(),
                v.partition(),
                v.offset(),
                e.getOccurredAt(),
                principalId,
                credentialId,
                TransferKind.valueOf(e.getKind().name()),
                AuthMethod.SERVICE_TOKEN,
                e.getSourceAssetId(),
                origin,
                destination,
                account,
                target != null,
                classes(e.getDataClasses(), source, unlisted(source, origin)),
                e.getRecordCount(),
                e.getByteCount(),
                principal,
                credential,
                owner(credential, principalId),
                List.copyOf(misses),
                List.of(),
                e.getJobId(),
                e.getPublicAccess(),
                workload(e.getAttributes()),
                null);
    }

    private Asset asset(String assetId, List<String> misses) {
        Asset asset = index.assetNamed(assetId);
        if (asset == null) {
            misses.add("asset");
        }
        return asset;
    }

    /**
     * The source asset's location; for an asset the inventory does not list, the region the
     * event places it in, when that is a region the catalogue knows.
     */
    private Location sourceLocation(Asset asset, Map<String, String> attributes, List<String> misses) {
        if (asset != null) {
            return assetLocation(asset, misses);
        }
        String regionId = attributes.get(EventAttributes.ASSET_REGION);
        Region region = regionId == null ? null : index.region(regionId);
        if (region == null) {
            return Location.unknown("asset not in the inventory");
        }
        return placed(regionId, region, UNLISTED);
    }

    /** How an unlisted asset's location was found, for summaries and for {@link #unlisted}. */
    static final String UNLISTED = "unlisted resource";

    /** The classes the rules give an unlisted resource, when the source asset is one; else null. */
    private List<String> unlisted(Asset asset, Location origin) {
        return asset == null && UNLISTED.equals(origin.via()) ? unlistedClasses : null;
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
        return placed(regionId, region, "region");
    }

    /** A region's location: for a multi-region, every jurisdiction its countries are in. */
    private static Location placed(String regionId, Region region, String via) {
        List<String> countries = region.getCountries();
        if (countries.isEmpty()) {
            return new Location(regionId, region.getCountryCode(), Jurisdictions.of(region.getCountryCode()), via);
        }
        TreeSet<String> jurisdictions = new TreeSet<>();
        jurisdictions.add(Jurisdictions.of(region.getCountryCode()));
        for (String country : countries) {
            String jurisdiction = Jurisdictions.of(country);
            if (jurisdiction != null) { // the validator lets only country codes in
                jurisdictions.add(jurisdiction);
            }
        }
        return Location.spanning(regionId, region.getCountryCode(), List.copyOf(jurisdictions), via);
    }

    private Location clientLocation(byte[] address, NetworkRange range, String country, List<String> misses) {
        if (address != null) {
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

    /**
     * The principal by id or alias, else by the further names the event gives
     * ({@link EventAttributes#PRINCIPAL_ALIASES}), most specific first.
     */
    private Principal principal(String principalId, Map<String, String> attributes, List<String> misses) {
        Principal principal = index.principalNamed(principalId);
        String aliases = principal == null ? attributes.get(EventAttributes.PRINCIPAL_ALIASES) : null;
        if (aliases != null) {
            int start = 0;
            for (int tried = 0; principal == null && tried < MAX_ALIASES && start < aliases.length(); tried++) {
                int end = aliases.indexOf(' ', start);
                end = end < 0 ? aliases.length() : end;
                if (end > start) {
                    principal = index.principalNamed(aliases.substring(start, end));
                }
                start = end + 1;
            }
        }
        if (principal == null) {
            misses.add("principal");
        }
        return principal;
    }

    /**
     * The credential's owner, by id or alias, when the credential names another principal id
     * than the acting one; the rules judge the owner too. A key recorded under a user's ARN and
     * used by that user (resolved by alias) has that user as owner: not borrowed.
     */
    private Principal owner(Credential credential, String actingPrincipal) {
        if (credential == null || credential.getPrincipalId().equals(actingPrincipal)) {
            return null;
        }
        return index.principalNamed(credential.getPrincipalId());
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
    static List<String> classes(List<String> given, Asset asset, List<String> unlisted) {
        List<String> floor = asset != null ? asset.getDataClasses() : unlisted != null ? unlisted : List.of();
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
