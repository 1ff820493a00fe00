package dev.transfermonitor.sources.pgaudit;

/**
 * Where a {@code COPY} statement writes, read from its text: the {@code TO} at the top level
 * (not one inside {@code COPY (query) TO ...}'s query, a string literal or a quoted name) and
 * what follows it. A statement with no top-level {@code TO} is a {@code COPY ... FROM}.
 */
enum CopyTarget {
    /** {@code TO STDOUT}: the rows go to the client, as a query's do. */
    STDOUT,
    /** {@code TO 'file'} or {@code TO PROGRAM '...'}: the server writes the rows out itself. */
    FILE_OR_PROGRAM,
    /** No {@code TO}, or none the reader can tell. */
    NONE;

    static CopyTarget of(String statement) {
        int n = statement.length();
        int depth = 0;
        int i = 0;
        while (i < n) {
            char c = statement.charAt(i);
            if (c == '\'' || c == '"') {
                int close = statement.indexOf(c, i + 1);
                // A doubled quote inside is two literals side by side: the same for this scan.
                i = close < 0 ? n : close + 1;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && isWord(statement, i, "TO")) {
                return target(statement, i + 2);
            }
            i++;
        }
        return NONE;
    }

    private static CopyTarget target(String statement, int from) {
        int i = from;
        while (i < statement.length() && Character.isWhitespace(statement.charAt(i))) {
            i++;
        }
        if (isWord(statement, i, "STDOUT")) {
            return STDOUT;
        }
        if (isWord(statement, i, "PROGRAM")) {
            return FILE_OR_PROGRAM;
        }
        if (i < statement.length()) {
            char c = statement.charAt(i);
            // 'file', or E'file' (an escape string).
            if (c == '\''
                    || ((c == 'E' || c == 'e') && i + 1 < statement.length() && statement.charAt(i + 1) == '\'')) {
                return FILE_OR_PROGRAM;
            }
        }
        return NONE;
    }

    /** The word at {@code i}, case-insensitive, with no letter, digit or underscore either side. */
    private static boolean isWord(String s, int i, String word) {
        int end = i + word.length();
        if (end > s.length() || !s.regionMatches(true, i, word, 0, word.length())) {
            return false;
        }
        return (i == 0 || !isNamePart(s.charAt(i - 1))) && (end == s.length() || !isNamePart(s.charAt(end)));
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
