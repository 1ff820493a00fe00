package dev.transfermonitor.events;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.util.Locale;

/**
 * Text from records (ids, accounts, summaries built from them, reasons quoting them) as a
 * terminal, a log line or a report may show it. Every field is chosen by whoever writes the
 * topics, and a terminal acts on some characters instead of showing them: ESC sequences retitle
 * or rewrite the screen, a newline forges a log line, a right-to-left override makes
 * {@code gpj.exe} read as {@code exe.jpg}. So every such code point is written as a visible
 * escape, <code>&#92;u{1B}</code> (the code point in upper-case hex, braces, no padding), and the result
 * is bounded: past {@code max} characters it stops with {@code …(N more)}, N counting the input
 * code points left out.
 *
 * <p>Escaped: C0 controls (tab and newline included), DEL, C1 controls, U+2028 and U+2029, every
 * format character (bidi embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069,
 * marks U+200E/U+200F/U+061C, zero-width spaces and joiners U+200B-U+200D, U+2060-U+2064, the BOM,
 * the soft hyphen, tag characters), lone surrogates, unassigned code points and the Hangul fillers
 * that render as nothing. Everything else, backslashes included, is shown as it is, so a name
 * like {@code CORP\alice} stays readable; the escape is thus not reversible (the literal text
 * <code>&#92;u{1B}</code> looks the same): the JSON formats are the exact ones, and they escape the same
 * characters as <code>&#92;u001b</code> through {@link #jsonEscapes()}.
 *
 * <p>Escaping escaped text again changes nothing but the bound, so a value escaped where it is
 * built may pass through another escaping output.
 */
public final class Printable {

    /** The default bound, in characters of output: a summary, an id or a reason, not a document. */
    public static final int DEFAULT_MAX = 1024;

    private static final CharacterEscapes JSON_ESCAPES = new JsonEscapes();

    private Printable() {}

    /** The text with every unsafe code point escaped, at most {@link #DEFAULT_MAX} characters plus the marker. */
    public static String of(CharSequence text) {
        return of(text, DEFAULT_MAX);
    }

    /**
     * The text with every unsafe code point escaped, cut after at most {@code max} characters of
     * output (an escape is never split) with {@code …(N more)} appended; {@code "null"} for null.
     */
    public static String of(CharSequence text, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        if (text == null) {
            return "null";
        }
        if (text.length() <= max && isSafe(text)) {
            return text.toString();
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 16);
        int i = 0;
        while (i < text.length()) {
            int cp = Character.codePointAt(text, i);
            int width = Character.charCount(cp);
            String escape = isSafe(cp) ? null : escape(cp);
            int grows = escape == null ? width : escape.length();
            if (out.length() + grows > max) {
                break;
            }
            if (escape == null) {
                out.appendCodePoint(cp);
            } else {
                out.append(escape);
            }
            i += width;
        }
        if (i < text.length()) {
            out.append("\u2026(").append(codePoints(text, i)).append(" more)");
        }
        return out.toString();
    }

    /** Whether a terminal shows this code point as a glyph (or a plain space) rather than acting on it. */
    public static boolean isSafe(int codePoint) {
        if (codePoint >= 0x20 && codePoint < 0x7F) {
            return true;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> false;
            default -> !isFiller(codePoint);
        };
    }

    /** Whether every code point of the text is {@linkplain #isSafe(int) safe}. */
    public static boolean isSafe(CharSequence text) {
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            if (!isSafe(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /**
     * For Jackson ({@code factory.setCharacterEscapes(...)}): JSON strings with the
     * characters that {@link #of} escapes written as <code>&#92;uXXXX</code> (every surrogate
     * too, so emoji come out as escaped pairs), since a terminal shows a JSON line raw.
     */
    public static CharacterEscapes jsonEscapes() {
        return JSON_ESCAPES;
    }

    private static boolean isFiller(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0;
    }

    private static String escape(int cp) {
        return "\\u{" + Integer.toHexString(cp).toUpperCase(Locale.ROOT) + "}";
    }

    private static long codePoints(CharSequence text, int from) {
        return Character.codePointCount(text, from, text.length());
    }

    private static final class JsonEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii;

        JsonEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7F] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            // Called per UTF-16 unit, so a surrogate is judged alone: all of them are escaped.
            if (isSafe(ch)) {
                return null;
            }
            return new SerializedString(String.format("\\u%04X", ch));
        }
    }
}
