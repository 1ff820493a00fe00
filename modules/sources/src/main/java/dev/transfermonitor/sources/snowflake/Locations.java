package dev.transfermonitor.sources.snowflake;

import dev.transfermonitor.sources.StorageUris;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a statement's data went or came from, read from its text when the view names no
 * object: the location of {@code COPY INTO <location>}, the stage of a {@code GET}, the first
 * table after a {@code FROM}. Only the head of the text is searched, so the work stays bounded
 * whatever the statement.
 */
final class Locations {

    /** QUERY_TEXT is up to 100K characters; the clauses read here come first. */
    private static final int MAX_SCAN = 8 * 1024;

    private static final Pattern COPY_INTO =
            Pattern.compile("(?is)^\\s*COPY\\s+INTO\\s+(?:'([^']{1,2048})'|(@[^\\s('\"]{1,2048}))");
    private static final Pattern GET = Pattern.compile("(?is)^\\s*GET\\s+'?(@[^\\s'\"]{1,2048})");
    private static final Pattern FROM =
            Pattern.compile("(?i)\\bFROM\\s+([A-Za-z_][\\w$]{0,254}(?:\\.[A-Za-z_][\\w$]{0,254}){0,2})");

    private Locations() {}

    /** The location of {@code COPY INTO <location>} as written ({@code @stage/path}, {@code s3://...}), or null. */
    static String copyTarget(String sql) {
        if (sql == null) {
            return null;
        }
        Matcher m = COPY_INTO.matcher(head(sql));
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1).trim() : m.group(2);
    }

    /** The stage a {@code GET} downloads from ({@code @stage/path}), or null. */
    static String getSource(String sql) {
        if (sql == null) {
            return null;
        }
        Matcher m = GET.matcher(head(sql));
        return m.find() ? m.group(1) : null;
    }

    /** The first table named after a {@code FROM}, lower case, or null. */
    static String firstFrom(String sql) {
        if (sql == null) {
            return null;
        }
        Matcher m = FROM.matcher(head(sql));
        while (m.find()) {
            String name = m.group(1);
            if (!name.equalsIgnoreCase("SELECT") && !name.equalsIgnoreCase("TABLE")) {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Whether a location is a stage of Snowflake's own: the user's ({@code @~}) or a table's ({@code @%t}). */
    static boolean internalStage(String location) {
        return location.startsWith("@~") || location.startsWith("@%");
    }

    /**
     * A location as the monitor names the store: a stage by its name without the {@code @} and
     * the path, lower case (as ACCESS_HISTORY's objectName, lower-cased); an external URI by its
     * bucket ({@link StorageUris#asset}); null for neither.
     */
    static String asset(String location) {
        if (location.startsWith("@")) {
            int slash = location.indexOf('/');
            String stage = slash < 0 ? location.substring(1) : location.substring(1, slash);
            return stage.isBlank() ? null : stage.toLowerCase(Locale.ROOT);
        }
        return StorageUris.asset(location);
    }

    /** An object name as an asset id: lower case (Snowflake folds unquoted identifiers to one case). */
    static String objectAsset(String objectName) {
        return objectName.toLowerCase(Locale.ROOT);
    }

    private static String head(String sql) {
        return sql.length() > MAX_SCAN ? sql.substring(0, MAX_SCAN) : sql;
    }
}
