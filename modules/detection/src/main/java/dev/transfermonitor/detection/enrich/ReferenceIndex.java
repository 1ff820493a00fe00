package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.reference.NetworkIndex;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.reference.RegionCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded reference data, kept up to date by the global-store processors and read by the
 * stream threads. Global KTables would cost an Avro decode per lookup and cannot answer a
 * longest-prefix match or "the policies for this origin and class", so the global stores
 * feed these indexes instead. One writer (the global thread), many readers.
 */
public final class ReferenceIndex {

    private final Map<String, Asset> assets = new ConcurrentHashMap<>();
    /** The public cloud regions, built in; {@link #regions} (the regions topic) adds to them and overrides them. */
    private final Map<String, Region> builtInRegions;

    private final Map<String, Region> regions = new ConcurrentHashMap<>();
    private final Map<String, Principal> principals = new ConcurrentHashMap<>();
    private final Map<String, Credential> credentials = new ConcurrentHashMap<>();
    private final Map<String, ResidencyPolicy> policiesById = new ConcurrentHashMap<>();
    /** origin jurisdiction + '/' + data class -> policies; replaced whole on each change. */
    private volatile Map<String, List<ResidencyPolicy>> policiesByOriginAndClass = Map.of();
    /** account -> number of inventory assets in it. */
    private final Map<String, Integer> accounts = new ConcurrentHashMap<>();

    private final NetworkIndex<NetworkRange> networks = new NetworkIndex<>();

    /** Cloud names (ARNs, SSO names, bucket names...) -> the principals and assets that claim them. */
    private final Names principalNames = new Names();

    private final Names assetNames = new Names(true);

    /** An index holding the built-in region catalogue and nothing else yet. */
    public ReferenceIndex() {
        this.builtInRegions = RegionCatalog.byId();
    }

    /**
     * An index filled straight from reference records, for running enrichment and rules outside
     * Kafka Streams (benchmarks, other engines); in the monitor only the global-store processors write it.
     */
    public static ReferenceIndex of(List<ReferenceData.Loaded> records) {
        ReferenceIndex index = new ReferenceIndex();
        for (ReferenceData.Loaded r : records) {
            switch (r.kind()) {
                case ASSET -> index.putAsset(r.key(), (Asset) r.value());
                case REGION -> index.putRegion(r.key(), (Region) r.value());
                case NETWORK -> index.putNetwork(r.key(), (NetworkRange) r.value());
                case PRINCIPAL -> index.putPrincipal(r.key(), (Principal) r.value());
                case CREDENTIAL -> index.putCredential(r.key(), (Credential) r.value());
                case POLICY -> index.putPolicy(r.key(), (ResidencyPolicy) r.value());
                default -> throw new IllegalArgumentException("not reference data: " + r.kind());
            }
        }
        return index;
    }

    public Asset asset(String assetId) {
        return assetId == null ? null : assets.get(assetId);
    }

    /**
     * The asset with this id, else the one that lists it among its resource names; an ARN also
     * matches the bare name it ends in ({@code arn:aws:s3:::crm-exports} -> {@code crm-exports}),
     * as inventories list buckets, databases and volumes by either. Else null.
     */
    public Asset assetNamed(String name) {
        Asset asset = asset(name);
        if (asset != null || name == null) {
            return asset;
        }
        String id = assetNames.owner(name);
        if (id == null && name.startsWith("arn:")) {
            int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf(':'));
            id = cut < name.length() - 1 ? assetNames.owner(name.substring(cut + 1)) : null;
        }
        return id == null ? null : assets.get(id);
    }

    /** The principal with this id, else the one that lists it among its aliases, else null. */
    public Principal principalNamed(String name) {
        Principal principal = principal(name);
        if (principal != null || name == null) {
            return principal;
        }
        String id = principalNames.owner(name);
        return id == null ? null : principals.get(id);
    }

    /** The region as the regions topic has it, else the built-in entry, else null. */
    public Region region(String regionId) {
        if (regionId == null) {
            return null;
        }
        Region published = regions.get(regionId);
        return published != null ? published : builtInRegions.get(regionId);
    }

    public Principal principal(String principalId) {
        return principalId == null ? null : principals.get(principalId);
    }

    public Credential credential(String credentialId) {
        return credentialId == null ? null : credentials.get(credentialId);
    }

    /** The range with the longest prefix that holds this address (4 or 16 bytes, as Cidr.parseAddress gives), or null. */
    public NetworkRange network(byte[] address) {
        return address == null ? null : networks.lookup(address);
    }

    public List<ResidencyPolicy> policies(String originJurisdiction, String dataClass) {
        return policiesByOriginAndClass.getOrDefault(originJurisdiction + '/' + dataClass, List.of());
    }

    public boolean isInventoryAccount(String account) {
        return accounts.containsKey(account);
    }

    void putAsset(String key, Asset asset) {
        // Count the new account before uncounting the old, so a reader never sees an own account missing.
        if (asset != null && asset.getAccountId() != null) {
            accounts.merge(asset.getAccountId(), 1, Integer::sum);
        }
        Asset previous = asset == null ? assets.remove(key) : assets.put(key, asset);
        if (previous != null && previous.getAccountId() != null) {
            accounts.computeIfPresent(previous.getAccountId(), (k, n) -> n == 1 ? null : n - 1);
        }
        assetNames.replace(
                key,
                previous == null ? List.of() : previous.getResourceNames(),
                asset == null ? List.of() : asset.getResourceNames());
    }

    void putRegion(String key, Region region) {
        put(regions, key, region);
    }

    void putPrincipal(String key, Principal principal) {
        Principal previous = principal == null ? principals.remove(key) : principals.put(key, principal);
        principalNames.replace(
                key,
                previous == null ? List.of() : previous.getAliases(),
                principal == null ? List.of() : principal.getAliases());
    }

    void putCredential(String key, Credential credential) {
        put(credentials, key, credential);
    }

    void putNetwork(String key, NetworkRange range) {
        if (range == null) {
            networks.remove(Cidr.parse(key));
        } else {
            networks.put(Cidr.parse(range.getCidr()), range);
        }
    }

    synchronized void putPolicy(String key, ResidencyPolicy policy) {
        put(policiesById, key, policy);
        Map<String, List<ResidencyPolicy>> index = new ConcurrentHashMap<>();
        for (ResidencyPolicy p : policiesById.values()) {
            index.computeIfAbsent(p.getOriginJurisdiction() + '/' + p.getDataClass(), k -> new ArrayList<>())
                    .add(p);
        }
        index.replaceAll((k, list) -> List.copyOf(list));
        policiesByOriginAndClass = Map.copyOf(index);
    }

    /** Whether any policy covers this class in this origin; such a class is restricted there. */
    public boolean hasPolicy(String originJurisdiction, String dataClass) {
        return !policies(originJurisdiction, dataClass).isEmpty();
    }

    private static <V> void put(Map<String, V> map, String key, V value) {
        if (value == null) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }
}
