package dev.transfermonitor.sources;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Cuts a stream of any length (a JSON-lines file of gigabytes, a log file, standard input)
 * into payloads of bounded size for {@link Source#read}. A cut falls only where a record may
 * start ({@link Boundary}): for JSON before a line that opens a value ({@code {} or {@code [}
 * in its first column), where {@link JsonPayloads} would resync anyway, so no record is split: a pretty-printed document stays whole, JSON lines are
 * grouped. A stretch longer than {@link #MAX} with no such line is reported and skipped up to
 * the next one, so memory stays bounded whatever the input.
 */
public final class PayloadChunks {

    /** Where a record may start, so where a payload may be cut. */
    public enum Boundary {
        /** Before a line that opens a JSON value ({@code {} or {@code [} first). */
        JSON,
        /**
         * Before any line outside a quoted field (RFC 4180: a {@code "} opens or closes one, a
         * doubled one inside toggles twice), as in PostgreSQL's csvlog, where statements span lines.
         */
        CSV
    }

    /** A payload is cut at the first opening line after this many bytes. */
    public static final int TARGET = 4 * 1024 * 1024;
    /** Far above a CloudTrail log file (AWS delivers one every few minutes per region). */
    public static final int MAX = 64 * 1024 * 1024;

    /** What the stream held, in order. */
    public interface Handler {
        void payload(byte[] payload);

        /**
         * A stretch over {@link #MAX} bytes with no line where a value opens.
         *
         * @param head its first {@link JsonPayloads#MAX_RAW} bytes, for the dead-letter topic
         */
        void tooLarge(byte[] head);
    }

    private final Boundary boundary;
    private final int target;
    private final int max;
    private byte[] buf = new byte[64 * 1024];
    private int len;
    private boolean lineStart = true;
    private boolean quoted;
    private boolean skipping;

    private PayloadChunks(Boundary boundary, int target, int max) {
        this.boundary = boundary;
        this.target = target;
        this.max = max;
    }

    /** Cuts before lines that open a JSON value. */
    public static void split(InputStream in, Handler handler) throws IOException {
        split(in, Boundary.JSON, handler);
    }

    public static void split(InputStream in, Boundary boundary, Handler handler) throws IOException {
        split(in, boundary, handler, TARGET, MAX);
    }

    /** With other bounds, for tests. */
    static void split(InputStream in, Handler handler, int target, int max) throws IOException {
        split(in, Boundary.JSON, handler, target, max);
    }

    static void split(InputStream in, Boundary boundary, Handler handler, int target, int max) throws IOException {
        PayloadChunks chunks = new PayloadChunks(boundary, target, max);
        byte[] block = new byte[64 * 1024];
        int n;
        while ((n = in.read(block)) >= 0) {
            chunks.feed(block, n, handler);
        }
        if (!chunks.skipping && chunks.len > 0) {
            handler.payload(Arrays.copyOf(chunks.buf, chunks.len));
        }
    }

    private void feed(byte[] block, int n, Handler handler) {
        int from = 0;
        for (int i = 0; i < n; i++) {
            byte b = block[i];
            if (lineStart && quoted && !skipping && len + (i - from) > max) {
                // A quoted field longer than any record: report it, and read on as if it had closed.
                append(block, from, i, handler);
                from = i;
                quoted = false;
            }
            boolean opens = boundary == Boundary.JSON ? b == '{' || b == '[' : !quoted;
            if (lineStart && opens && (skipping || len + (i - from) >= target)) {
                append(block, from, i, handler);
                from = i;
                if (!skipping && len > 0) {
                    handler.payload(Arrays.copyOf(buf, len));
                }
                skipping = false;
                len = 0;
            }
            if (b == '"' && boundary == Boundary.CSV) {
                quoted = !quoted;
            }
            lineStart = b == '\n';
        }
        append(block, from, n, handler);
    }

    private void append(byte[] block, int from, int to, Handler handler) {
        if (skipping || to <= from) {
            return;
        }
        int count = to - from;
        if ((long) len + count > max) {
            int room = Math.max(0, Math.min(JsonPayloads.MAX_RAW - len, count));
            byte[] head = Arrays.copyOf(buf, Math.min(len, JsonPayloads.MAX_RAW) + room);
            System.arraycopy(block, from, head, Math.min(len, JsonPayloads.MAX_RAW), room);
            handler.tooLarge(head);
            // An unbalanced quote would otherwise hold every later line in one field.
            quoted = false;
            skipping = true;
            len = 0;
            buf = new byte[64 * 1024];
            return;
        }
        if (len + count > buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max((long) buf.length * 2, len + count)));
        }
        System.arraycopy(block, from, buf, len, count);
        len += count;
    }
}
