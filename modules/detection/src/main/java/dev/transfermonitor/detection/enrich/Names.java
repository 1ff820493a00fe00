package dev.transfermonitor.detection.enrich;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Other names of reference records (principal aliases, asset resource names) -> the id that
 * claims each. Two records may claim one name; the lowest id wins, whatever order the records
 * arrived in, so a restore or a replay resolves the same way. One writer, many readers.
 *
 * <p>With patterns on, a name holding {@code *} is a pattern ({@code *} matches any run of
 * characters): {@code arn:aws:rds:*:111122223333:snapshot:orders-*} claims every snapshot of
 * that name, where the trail does not show its volume. Exact names win over patterns; among
 * matching patterns the lowest id wins. A pattern of stars alone claims nothing. At most
 * {@link #MAX_PATTERNS} patterns are kept (the first in name order), since each unresolved name
 * is tried against every one.
 */
final class Names {

    static final int MAX_PATTERNS = 100;

    private final boolean patterns;
    private final Map<String, TreeSet<String>> claims = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();
    /** Pattern -> its lowest claiming id, replaced whole on each change so readers see a consistent set. */
    private volatile Map<String, String> patternOwners = Map.of();

    Names() {
        this(false);
    }

    Names(boolean patterns) {
        this.patterns = patterns;
    }

    String owner(String name) {
        String id = owners.get(name);
        if (id != null || patternOwners.isEmpty()) {
            return id;
        }
        for (Map.Entry<String, String> p : patternOwners.entrySet()) {
            if ((id == null || p.getValue().compareTo(id) < 0) && matches(p.getKey(), name)) {
                id = p.getValue();
            }
        }
        return id;
    }

    static boolean isPattern(String name) {
        return name.indexOf('*') >= 0;
    }

    /** Glob match with {@code *} only: linear backtracking over the last star. */
    static boolean matches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int mark = 0;
        while (n < name.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == name.charAt(n)) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** The record {@code id} named itself {@code before} and now names itself {@code after}. */
    synchronized void replace(String id, List<String> before, List<String> after) {
        for (String name : before) {
            if (!after.contains(name)) {
                unclaim(name, id);
            }
        }
        for (String name : after) {
            TreeSet<String> ids = claims.computeIfAbsent(name, n -> new TreeSet<>());
            ids.add(id);
            owners.put(name, ids.first());
        }
        if (patterns
                && (before.stream().anyMatch(Names::isPattern) || after.stream().anyMatch(Names::isPattern))) {
            TreeMap<String, String> next = new TreeMap<>();
            claims.forEach((name, ids) -> {
                if (isPattern(name) && !name.replace("*", "").isEmpty()) { // "*" alone would claim everything
                    next.put(name, ids.first());
                }
            });
            while (next.size() > MAX_PATTERNS) {
                next.pollLastEntry();
            }
            patternOwners = Map.copyOf(next);
        }
    }

    private void unclaim(String name, String id) {
        TreeSet<String> ids = claims.get(name);
        if (ids == null) {
            return;
        }
        ids.remove(id);
        if (ids.isEmpty()) {
            claims.remove(name);
            owners.remove(name);
        } else {
            owners.put(name, ids.first());
        }
    }
}
