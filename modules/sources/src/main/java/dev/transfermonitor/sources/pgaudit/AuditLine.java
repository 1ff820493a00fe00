package dev.transfermonitor.sources.pgaudit;

import java.util.List;
import java.util.Locale;

/**
 * The fields of one pgaudit message, {@code AUDIT: AUDIT_TYPE,STATEMENT_ID,SUBSTATEMENT_ID,
 * CLASS,COMMAND,OBJECT_TYPE,OBJECT_NAME,STATEMENT,PARAMETER[,ROWS]}: a CSV record of its own
 * (pgaudit quotes the statement and the parameters when they need it), ROWS only with
 * {@code pgaudit.log_rows = on} (pgaudit 1.7 and later).
 */
record AuditLine(
        String type,
        String statementId,
        String substatementId,
        String auditClass,
        String command,
        String objectType,
        String objectName,
        String statement,
        long rows) {

    static final String PREFIX = "AUDIT: ";
    /** pgaudit's placeholders for a statement it did not repeat or was told not to log. */
    static final List<String> NO_STATEMENT = List.of("<previously logged>", "<not logged>");

    private static final int MAX_ROWS_DIGITS = 18;

    /** The message's audit fields, or null when it is no well-formed pgaudit message. */
    static AuditLine parse(String message) {
        CsvLog.Parsed p = CsvLog.parse(message, PREFIX.length(), 11, message.length());
        if (p.error() != null || p.end() != message.length()) {
            return null;
        }
        List<String> f = p.fields();
        if (f.size() != 9 && f.size() != 10) {
            return null;
        }
        long rows = f.size() == 10 ? count(f.get(9)) : -1;
        if (f.size() == 10 && rows < 0) {
            return null;
        }
        return new AuditLine(f.get(0), f.get(1), f.get(2), f.get(3), f.get(4), f.get(5), f.get(6), f.get(7), rows);
    }

    /** A non-negative whole number, or -1. */
    static long count(String text) {
        if (text.isEmpty() || text.length() > MAX_ROWS_DIGITS) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }

    /** Whether the statement text was logged on this line (not a placeholder). */
    boolean hasStatement() {
        return !statement.isEmpty() && !NO_STATEMENT.contains(statement);
    }

    boolean isCopy() {
        return command.toUpperCase(Locale.ROOT).equals("COPY");
    }
}
