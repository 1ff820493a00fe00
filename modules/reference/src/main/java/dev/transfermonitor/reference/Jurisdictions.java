package dev.transfermonitor.reference;

import java.util.Set;

/**
 * Maps a country to the jurisdiction whose transfer rules apply to it: the country itself,
 * except members of the EU and the EEA, which share {@code EU} (GDPR applies across the EEA,
 * so a transfer between two of them is not cross-border).
 */
public final class Jurisdictions {

    /** The jurisdiction shared by EU member states and the EEA members Iceland, Liechtenstein and Norway. */
    public static final String EU = "EU";

    /** ISO 3166-1 codes: the 27 EU member states (Greece is GR, not EL) and IS, LI, NO. */
    private static final Set<String> EU_AND_EEA = Set.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
            "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO");

    private Jurisdictions() {}

    /**
     * The jurisdiction of a country.
     *
     * @param countryCode an ISO 3166-1 alpha-2 code, any case, surrounding blanks ignored
     * @return {@code "EU"} for EU/EEA members, otherwise the upper-cased code; null when the
     *     argument is null, blank, or not exactly two letters A-Z
     */
    public static String of(String countryCode) {
        String code = normalize(countryCode);
        if (code == null) {
            return null;
        }
        return EU_AND_EEA.contains(code) ? EU : code;
    }

    /** Whether the country is an EU member state or an EEA member. */
    public static boolean isEuOrEea(String countryCode) {
        String code = normalize(countryCode);
        return code != null && EU_AND_EEA.contains(code);
    }

    /** Whether the text is exactly two upper-case letters A-Z (the shape of an alpha-2 code). */
    public static boolean isCountryCodeShape(String code) {
        return code != null
                && code.length() == 2
                && isUpperAsciiLetter(code.charAt(0))
                && isUpperAsciiLetter(code.charAt(1));
    }

    private static String normalize(String countryCode) {
        if (countryCode == null) {
            return null;
        }
        String code = countryCode.strip();
        if (code.length() != 2) {
            return null;
        }
        char a = toUpperAscii(code.charAt(0));
        char b = toUpperAscii(code.charAt(1));
        if (!isUpperAsciiLetter(a) || !isUpperAsciiLetter(b)) {
            return null;
        }
        return new String(new char[] {a, b});
    }

    // ASCII only on purpose: String.toUpperCase would accept letters such as 'ı' or 'ß'.
    private static char toUpperAscii(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }

    private static boolean isUpperAsciiLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }
}
