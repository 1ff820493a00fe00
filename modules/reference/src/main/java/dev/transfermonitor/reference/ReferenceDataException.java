package dev.transfermonitor.reference;

import dev.transfermonitor.events.JsonRecordException;

/**
 * Reference data that cannot be loaded: a malformed line, an invalid value, a duplicate key,
 * an unknown file. The message names the file, the line and the field, like the JSON errors
 * it extends, so one catch covers both.
 */
public final class ReferenceDataException extends JsonRecordException {

    private static final long serialVersionUID = 1L;

    public ReferenceDataException(String source, int line, String field, String detail) {
        super(source, line, field, detail);
    }

    public ReferenceDataException(String source, int line, String field, String detail, Throwable cause) {
        super(source, line, field, detail, cause);
    }
}
