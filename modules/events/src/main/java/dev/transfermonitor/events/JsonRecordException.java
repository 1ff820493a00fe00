package dev.transfermonitor.events;

/**
 * A JSON line that does not make a valid record: says where (source, line, field path) and
 * what is wrong in one line a person can act on. The message never holds the whole input
 * line, which may carry personal data; at most the offending value, shortened.
 */
public class JsonRecordException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String field;
    private final String detail;

    /**
     * @param source where the line came from (a file name, "stdin"), or null
     * @param line   its 1-based line number, or 0 when unknown
     * @param field  dotted path of the bad field, like {@code allowed[0].kinds[1]}, or null
     *               when the whole line is bad
     * @param detail what is wrong, without the location
     */
    public JsonRecordException(String source, int line, String field, String detail) {
        this(source, line, field, detail, null);
    }

    public JsonRecordException(String source, int line, String field, String detail, Throwable cause) {
        super(format(source, line, field, detail), cause);
        this.source = source;
        this.line = Math.max(line, 0);
        this.field = field;
        this.detail = detail;
    }

    /** Where the line came from, or null when the caller did not say. */
    public String source() {
        return source;
    }

    /** The 1-based physical line number, 0 when unknown. */
    public int line() {
        return line;
    }

    /** Dotted path of the offending field, null when the whole line is bad. */
    public String field() {
        return field;
    }

    /** The problem without its location, for callers that print the location their own way. */
    public String detail() {
        return detail;
    }

    private static String format(String source, int line, String field, String detail) {
        StringBuilder location = new StringBuilder();
        if (source != null && !source.isEmpty()) {
            location.append(source);
        }
        if (line > 0) {
            location.append(location.length() == 0 ? "" : " ").append("line ").append(line);
        }
        if (field != null) {
            location.append(location.length() == 0 ? "" : ", ")
                    .append("field '")
                    .append(field)
                    .append('\'');
        }
        String text = location.length() == 0 ? detail : location + ": " + detail;
        // One line, whatever a parser put into the detail.
        return text.replace('\r', ' ').replace('\n', ' ');
    }
}
