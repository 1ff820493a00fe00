package dev.transfermonitor.events;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean ...?" for names people type: JSON fields, rules-file keys, enum symbols. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The candidate a typo most likely meant: a few edits apart (about a third of its length,
     * at most three), or one a prefix of the other; null when none is close.
     */
    public static String closest(String given, Collection<String> candidates) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(g, c);
            int allowed = Math.max(1, Math.min(3, c.length() / 3));
            boolean prefix = g.length() >= 4 && (c.startsWith(g) || g.startsWith(c));
            if ((distance <= allowed || prefix) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance; the strings are short names. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
