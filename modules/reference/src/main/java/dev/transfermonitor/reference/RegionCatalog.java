package dev.transfermonitor.reference;

import dev.transfermonitor.avro.Region;
import dev.transfermonitor.events.RecordKind;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public cloud regions (AWS, Google Cloud, Azure) and their countries, built into the
 * monitor: they are facts, not customer data, so a new installation resolves
 * {@code aws:ap-northeast-2} or {@code gcp:europe-west3} without publishing a single region.
 * Versioned with the code (resource {@code reference/regions.jsonl}); the regions topic only
 * adds to it or overrides an entry.
 */
public final class RegionCatalog {

    private RegionCatalog() {}

    /** Every built-in region in catalogue order (by provider), read-only; the records must not be changed. */
    public static Map<String, Region> byId() {
        return Holder.BY_ID;
    }

    /**
     * The built-in region, or null; also null while the catalogue itself is being loaded (its
     * records pass the same validator, which asks here).
     */
    public static Region get(String regionId) {
        Map<String, Region> byId = Holder.BY_ID;
        return regionId == null || byId == null ? null : byId.get(regionId);
    }

    /** Loaded once, on first use, through the same checks as any reference file. */
    private static final class Holder {
        static final Map<String, Region> BY_ID = load();

        private static Map<String, Region> load() {
            List<Region> regions = ReferenceData.valuesOf(ReferenceData.builtInRegions(), RecordKind.REGION);
            Map<String, Region> byId = new LinkedHashMap<>();
            for (Region region : regions) {
                byId.put(region.getRegionId(), region);
            }
            return Collections.unmodifiableMap(byId);
        }
    }
}
