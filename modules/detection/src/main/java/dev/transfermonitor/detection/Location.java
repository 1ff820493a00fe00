package dev.transfermonitor.detection;

import java.util.List;

/**
 * Where data is or goes. Any part may be unknown; {@link #resolved()} says whether the
 * jurisdiction, which the rules need, is known.
 *
 * @param regionId     a catalog region, when known
 * @param countryCode  ISO 3166-1 alpha-2
 * @param jurisdiction the country code, or EU for EU/EEA members; for a place that spans several
 *                     jurisdictions (a multi-region), all of them joined by {@code +}
 * @param via          how it was found, for summaries: asset, region, network, country, or what was missing
 * @param spanned      the jurisdictions of a place that spans several, sorted; null for a place in one
 */
public record Location(String regionId, String countryCode, String jurisdiction, String via, List<String> spanned) {

    public Location(String regionId, String countryCode, String jurisdiction, String via) {
        this(regionId, countryCode, jurisdiction, via, null);
    }

    public static Location unknown(String why) {
        return new Location(null, null, null, why);
    }

    /** A place in several jurisdictions at once; with one, a plain location. */
    public static Location spanning(String regionId, String countryCode, List<String> jurisdictions, String via) {
        if (jurisdictions.size() == 1) {
            return new Location(regionId, countryCode, jurisdictions.get(0), via);
        }
        return new Location(regionId, countryCode, String.join("+", jurisdictions), via, List.copyOf(jurisdictions));
    }

    public boolean resolved() {
        return jurisdiction != null;
    }

    /** Whether the data may be in more than one jurisdiction here. */
    public boolean spansSeveral() {
        return spanned != null;
    }

    /** Every jurisdiction the data may be in here: one, or those a multi-region spans. */
    public List<String> jurisdictions() {
        return spanned != null ? spanned : jurisdiction == null ? List.of() : List.of(jurisdiction);
    }

    /** Short form for summaries: {@code KR (aws:ap-northeast-2)}. */
    public String describe() {
        if (!resolved()) {
            return "an unknown location (" + via + ")";
        }
        return regionId == null ? jurisdiction : jurisdiction + " (" + regionId + ")";
    }
}
