package dev.transfermonitor.detection;

/**
 * Where data is or goes. Any part may be unknown; {@link #resolved()} says whether the
 * jurisdiction, which the rules need, is known.
 *
 * @param regionId     a catalog region, when known
 * @param countryCode  ISO 3166-1 alpha-2
 * @param jurisdiction the country code, or EU for EU/EEA members
 * @param via          how it was found, for summaries: asset, region, network, country, or what was missing
 */
public record Location(String regionId, String countryCode, String jurisdiction, String via) {

    public static Location unknown(String why) {
        return new Location(null, null, null, why);
    }

    public boolean resolved() {
        return jurisdiction != null;
    }

    /** Short form for summaries: {@code KR (aws:ap-northeast-2)}. */
    public String describe() {
        if (!resolved()) {
            return "an unknown location (" + via + ")";
        }
        return regionId == null ? jurisdiction : jurisdiction + " (" + regionId + ")";
    }
}
