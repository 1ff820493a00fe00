package dev.transfermonitor.reference;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.events.Printable;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * What a reference record must satisfy, whichever way it came in: the monitor applies it to
 * every record on a reference topic (a rejected one leaves the last good value in force), and
 * {@code reference load} and {@code produce} apply it before sending. It rejects rather than
 * repairs: the monitor must not rewrite what a producer sent, so a record that would never
 * match (a policy for {@code kr} or {@code DE}) is refused with the reason, never fixed up.
 *
 * <p>The bounds are the event validator's: reference values flow into every transfer, alert
 * and ledger entry, so one asset with 20,000 data classes or a megabyte region id would stall
 * the volume rules on each read of that asset and make alerts too large to write. No string
 * may hold a control character (C0, DEL, C1) or a bidirectional override or isolate, which
 * could rewrite an analyst's terminal or disguise what an alert says.
 */
public final class ReferenceValidator {

    /** One problem: the field (as {@code allowed[0].destination}) and what is wrong with it. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    public static final int MAX_STRING = 256;
    public static final int MAX_LIST = 1_000;
    public static final int MAX_CLASSES = 32;
    private static final Pattern DATA_CLASS = Pattern.compile("[A-Z0-9_]{1,64}");
    /** provider:name, lower case, as the cloud providers write them ({@code aws:ap-northeast-2}, {@code onprem:seoul-dc1}). */
    private static final Pattern REGION_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*:[a-z0-9]+([-_.][a-z0-9]+)*");

    private static final int SHOWN = 40;

    private ReferenceValidator() {}

    /** The first problem of a reference record, or null when it may be used. */
    public static Problem check(IndexedRecord value) {
        Problem bounds = bounds(value, "");
        if (bounds != null) {
            return bounds;
        }
        if (value instanceof Region region) {
            Problem id = regionId(region.getRegionId(), "regionId");
            Problem country = id != null ? id : country(region.getCountryCode(), "countryCode");
            Problem spanned = country != null ? country : countries(region);
            return spanned != null ? spanned : builtInCountryKept(region);
        }
        if (value instanceof NetworkRange range) {
            Problem cidr = canonicalCidr(range.getCidr());
            return cidr != null ? cidr : country(range.getCountryCode(), "countryCode");
        }
        if (value instanceof Asset asset) {
            Problem id = regionId(asset.getRegionId(), "regionId");
            return id != null ? id : classes(asset.getDataClasses());
        }
        if (value instanceof Principal principal && principal.getHomeCountry() != null) {
            return country(principal.getHomeCountry(), "homeCountry");
        }
        if (value instanceof ResidencyPolicy policy) {
            return policy(policy);
        }
        return null;
    }

    /**
     * Whether a character may not appear in an id or any reference string: controls (C0, DEL, C1),
     * bidi controls (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), zero-width characters
     * and word joiners, line and paragraph separators, the BOM. They would disguise alert text or
     * split keys. The event validator uses the same set for every id of every event.
     */
    public static boolean isForbidden(int c) {
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || c == 0x061c
                || (c >= 0x200b && c <= 0x200f)
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2060 && c <= 0x2069)
                || c == 0xfeff;
    }

    /**
     * A public cloud region's country is a fact of the catalogue: a record that moved
     * aws:us-east-1 to KR would make every export there domestic, without an alert or a ledger
     * entry. An override may change the city, not the country.
     */
    private static Problem builtInCountryKept(Region region) {
        Region builtIn = RegionCatalog.get(region.getRegionId());
        if (builtIn == null) {
            return null;
        }
        if (!builtIn.getCountryCode().equals(region.getCountryCode())) {
            return new Problem(
                    "countryCode",
                    "'" + region.getRegionId() + "' is a built-in region in " + builtIn.getCountryCode()
                            + "; its country cannot be overridden");
        }
        // Narrowing a multi-region's span would hide the countries left out.
        return builtIn.getCountries().equals(region.getCountries())
                ? null
                : new Problem(
                        "countries",
                        "'" + region.getRegionId() + "' is a built-in place spanning "
                                + (builtIn.getCountries().isEmpty()
                                        ? builtIn.getCountryCode()
                                        : String.join(", ", builtIn.getCountries()))
                                + "; the countries it spans cannot be overridden");
    }

    /** Countries one place may span: plenty for a continent-wide multi-region. */
    public static final int MAX_COUNTRIES = 64;

    /** A place spanning several countries lists each once, its countryCode among them. */
    private static Problem countries(Region region) {
        List<String> countries = region.getCountries();
        if (countries.isEmpty()) {
            return null;
        }
        if (countries.size() > MAX_COUNTRIES) {
            return new Problem("countries", "has more than " + MAX_COUNTRIES + " entries");
        }
        for (int i = 0; i < countries.size(); i++) {
            Problem shape = country(countries.get(i), "countries[" + i + "]");
            if (shape != null) {
                return shape;
            }
            if (countries.subList(0, i).contains(countries.get(i))) {
                return new Problem("countries[" + i + "]", "'" + countries.get(i) + "' is listed twice");
            }
        }
        return countries.contains(region.getCountryCode())
                ? null
                : new Problem("countries", "must include the countryCode '" + region.getCountryCode() + "' when given");
    }

    /** A value for a message: at most 40 characters, escaped as any text output ({@link Printable}). */
    public static String shown(String s) {
        return Printable.of(s, SHOWN);
    }

    private static Problem policy(ResidencyPolicy policy) {
        if (policy.getVersion() < 1) {
            return new Problem("version", "must be at least 1");
        }
        if (policy.getDataClass() == null
                || !DATA_CLASS.matcher(policy.getDataClass()).matches()) {
            return new Problem("dataClass", "must match " + DATA_CLASS.pattern());
        }
        Problem origin = jurisdiction(policy.getOriginJurisdiction(), "originJurisdiction");
        if (origin != null) {
            return origin;
        }
        List<PolicyAllowance> allowed = policy.getAllowed();
        for (int i = 0; i < allowed.size(); i++) {
            PolicyAllowance allowance = allowed.get(i);
            String field = "allowed[" + i + "]";
            String destination = allowance.getDestination();
            // A region id (provider:name) is matched exactly; anything else is a jurisdiction.
            Problem problem = destination != null && destination.indexOf(':') >= 0
                    ? regionId(destination, field + ".destination")
                    : jurisdiction(destination, field + ".destination");
            if (problem != null) {
                return problem;
            }
            if (allowance.getKinds().isEmpty()) {
                return new Problem(field + ".kinds", "must list at least one transfer kind");
            }
            if (allowance.getValidUntil() != null && !allowance.getValidUntil().isAfter(allowance.getValidFrom())) {
                return new Problem(field + ".validUntil", "must be after validFrom");
            }
        }
        return null;
    }

    private static Problem country(String code, String field) {
        return Jurisdictions.isCountryCodeShape(code)
                ? null
                : new Problem(
                        field,
                        "'" + shown(code) + "' is not an ISO 3166-1 alpha-2 code (two upper-case letters, like KR)");
    }

    /** A jurisdiction as the monitor compares them: an upper-case country code, or EU for every EU/EEA member. */
    private static Problem jurisdiction(String code, String field) {
        Problem shape = country(code, field);
        if (shape != null) {
            return shape;
        }
        if (Jurisdictions.isEuOrEea(code)) {
            return new Problem(
                    field, "'" + code + "' is an EU/EEA member: its jurisdiction is '" + Jurisdictions.EU + "'");
        }
        return null;
    }

    private static Problem regionId(String id, String field) {
        return id != null && REGION_ID.matcher(id).matches()
                ? null
                : new Problem(
                        field,
                        "'" + shown(id)
                                + "' is not a region id (provider:name in lower case, like aws:ap-northeast-2)");
    }

    /** The cidr must parse and be written canonically, as its key: two spellings of one range would be two keys. */
    private static Problem canonicalCidr(String text) {
        if (text == null) {
            return new Problem("cidr", "must be given");
        }
        Cidr cidr;
        try {
            cidr = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            return new Problem("cidr", e.getMessage());
        }
        return cidr.normalized().equals(text)
                ? null
                : new Problem(
                        "cidr", "'" + shown(text) + "' is not written canonically: expected " + cidr.normalized());
    }

    private static Problem classes(List<String> classes) {
        if (classes.size() > MAX_CLASSES) {
            return new Problem("dataClasses", "has more than " + MAX_CLASSES + " entries");
        }
        for (int i = 0; i < classes.size(); i++) {
            if (!DATA_CLASS.matcher(classes.get(i)).matches()) {
                return new Problem("dataClasses[" + i + "]", "must match " + DATA_CLASS.pattern());
            }
        }
        return null;
    }

    /** Every string at most 256 characters without forbidden characters, every list at most 1,000 entries. */
    private static Problem bounds(Object value, String path) {
        if (value instanceof CharSequence s) {
            if (s.length() > MAX_STRING) {
                return new Problem(path, "is longer than " + MAX_STRING + " characters");
            }
            for (int i = 0; i < s.length(); i++) {
                if (isForbidden(s.charAt(i))) {
                    return new Problem(
                            path,
                            String.format(
                                    "contains a control or bidirectional-override character (U+%04X)",
                                    (int) s.charAt(i)));
                }
            }
            return null;
        }
        if (value instanceof List<?> list) {
            if (list.size() > MAX_LIST) {
                return new Problem(path, "has more than " + MAX_LIST + " entries");
            }
            for (int i = 0; i < list.size(); i++) {
                Problem problem = bounds(list.get(i), path + "[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        if (value instanceof IndexedRecord record) {
            for (Schema.Field field : record.getSchema().getFields()) {
                Problem problem =
                        bounds(record.get(field.pos()), path.isEmpty() ? field.name() : path + "." + field.name());
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
