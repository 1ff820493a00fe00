package dev.transfermonitor.events;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversion;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * JSON lines to Avro records and back, driven only by the Avro schema, so every
 * {@link RecordKind} and every compatible schema change works without code here. This is the
 * format {@code transfer-monitor produce} reads and the alert tools print: the schema's field
 * names; timestamps as ISO-8601 strings; enums by symbol; optional fields may be left out or
 * null; fields with a schema default may be left out.
 *
 * <p>It is strict on purpose: an unknown field, a fraction in a count or an unknown symbol is
 * an error naming the line and field, because a typo silently dropped would change what the
 * monitor decides. Error messages show at most the offending value, shortened, never the line.
 */
public final class JsonRecords {

    /** Longest excerpt of a bad value an error message may show. */
    static final int MAX_VALUE_CHARS = 40;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Parser messages quote the bad token: keep that short and leave the input out.
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(MAX_VALUE_CHARS)
                    .maxRawContentLength(0)
                    .build())
            .build();

    private static final ObjectReader READER = JsonMapper.builder(FACTORY)
            // Exact decimals, so 1.0000000000000000001 is not rounded into a whole number.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build()
            .reader();

    private static final BigDecimal[] INT_RANGE = {
        BigDecimal.valueOf(Integer.MIN_VALUE), BigDecimal.valueOf(Integer.MAX_VALUE)
    };
    private static final BigDecimal[] LONG_RANGE = {
        BigDecimal.valueOf(Long.MIN_VALUE), BigDecimal.valueOf(Long.MAX_VALUE)
    };

    private JsonRecords() {}

    /** One JSON object to a record of this kind; errors carry no source and line 0. */
    public static <T extends SpecificRecord> T fromJson(RecordKind kind, String json) {
        return fromJson(kind, json, null, 0);
    }

    /**
     * One JSON object to a record of this kind.
     *
     * @param source     where the text came from, for error messages (may be null)
     * @param lineNumber its line there, for error messages (0 when unknown)
     * @throws JsonRecordException when the text is not a valid record of this kind
     */
    @SuppressWarnings("unchecked")
    public static <T extends SpecificRecord> T fromJson(RecordKind kind, String json, String source, int lineNumber) {
        Objects.requireNonNull(kind, "kind");
        Decoder decoder = new Decoder(SpecificData.getForClass(kind.type()), source, lineNumber);
        JsonNode node = decoder.parse(json);
        return (T) decoder.record(kind.schema(), node, null);
    }

    /** The record as one line of JSON (no line break), null optional fields left out. */
    public static String toJson(SpecificRecord record) {
        Objects.requireNonNull(record, "record");
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setCharacterEscapes(Printable.jsonEscapes()); // alerts --format json goes to terminals
            new Encoder(SpecificData.getForClass(record.getClass()), generator)
                    .record(record.getSchema(), record, null);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot write JSON for " + record.getSchema().getName(), e);
        }
        return out.toString();
    }

    /**
     * Reads JSON Lines: one record per line; blank lines and lines starting with '#' are
     * skipped, and line numbers in errors count every physical line.
     *
     * @throws JsonRecordException on the first bad line
     */
    public static <T extends SpecificRecord> List<T> readLines(RecordKind kind, Reader in, String source) {
        List<T> records = new ArrayList<>();
        JsonRecords.<T>forEachLine(kind, in, source, records::add);
        return records;
    }

    /**
     * Like {@link #readLines} but hands each record over as soon as its line is read, so
     * input of any size streams through in constant memory.
     *
     * @throws JsonRecordException on the first bad line (records before it were handed over)
     */
    public static <T extends SpecificRecord> void forEachLine(
            RecordKind kind, Reader in, String source, Consumer<T> action) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        forEachJsonLine(
                in,
                source,
                (json, lineNumber) -> action.accept(JsonRecords.<T>fromJson(kind, json, source, lineNumber)));
    }

    /** Receives one non-blank, non-comment line of JSON Lines input and its physical line number. */
    @FunctionalInterface
    public interface LineHandler {
        void line(String json, int lineNumber);
    }

    /**
     * The JSON Lines framing alone: hands over each line that is not blank and not a comment
     * (first character '#'), stripped, with its physical line number; a UTF-8 byte-order mark
     * on line 1 is dropped. Callers that need the line number or their own error handling
     * parse with {@link #fromJson(RecordKind, String, String, int)}.
     *
     * @throws UncheckedIOException when reading fails, naming the last line read
     */
    public static void forEachJsonLine(Reader in, String source, LineHandler handler) {
        BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
        int lineNumber = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                handler.line(trimmed, lineNumber);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + (source == null ? "input" : source) + " after line " + lineNumber, e);
        }
    }

    /** JSON tree to record, for one line; knows the line's location for its errors. */
    private static final class Decoder {

        private final SpecificData model;
        private final String source;
        private final int line;

        Decoder(SpecificData model, String source, int line) {
            this.model = model;
            this.source = source;
            this.line = line;
        }

        JsonNode parse(String json) {
            if (json == null || json.isBlank()) {
                throw new JsonRecordException(source, line, null, "not a JSON object (empty)");
            }
            JsonNode node;
            try {
                node = READER.readTree(json);
            } catch (JsonProcessingException e) {
                JsonLocation where = e.getLocation();
                String column = where == null || where.getColumnNr() < 1 ? "" : " at column " + where.getColumnNr();
                throw new JsonRecordException(
                        source, line, null, "not a JSON object (" + e.getOriginalMessage() + column + ")", e);
            }
            if (node == null || !node.isObject()) {
                throw new JsonRecordException(source, line, null, "not a JSON object (got " + describe(node) + ")");
            }
            return node;
        }

        IndexedRecord record(Schema schema, JsonNode node, Path path) {
            if (!node.isObject()) {
                throw error(path, "expected an object, got " + describe(node));
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (schema.getField(name) == null) {
                    throw error(
                            Path.field(path, shorten(name)),
                            "unknown field for " + schema.getName() + suggestion(schema, name));
                }
            }
            IndexedRecord record = (IndexedRecord) model.newRecord(null, schema);
            for (Schema.Field field : schema.getFields()) {
                JsonNode value = node.get(field.name());
                Path fieldPath = Path.field(path, field.name());
                Object datum;
                if (value == null) {
                    if (field.hasDefaultValue()) {
                        // The model caches defaults: copy, or every record would share one list.
                        datum = model.deepCopy(field.schema(), model.getDefaultValue(field));
                    } else if (field.schema().isNullable()) {
                        datum = null;
                    } else {
                        throw error(fieldPath, "required field is missing");
                    }
                } else if (value.isNull() && !field.schema().isNullable()) {
                    throw error(
                            fieldPath,
                            field.hasDefaultValue()
                                    ? "must not be null (leave the field out to use its default)"
                                    : "required field must not be null");
                } else {
                    datum = value(field.schema(), value, fieldPath);
                }
                record.put(field.pos(), datum);
            }
            return record;
        }

        Object value(Schema schema, JsonNode node, Path path) {
            if (node.isNull()) {
                if (schema.isNullable()) {
                    return null;
                }
                throw error(path, "must not be null");
            }
            LogicalType logical = schema.getLogicalType();
            if (logical == null) {
                return plain(schema, node, path);
            }
            Object raw = logicalRaw(schema, logical, node, path);
            if (raw == null) {
                raw = plain(schema, node, path);
            }
            // The generated class holds the converted type (Instant, ...) when its model has a conversion.
            Conversion<?> conversion = model.getConversionFor(logical);
            if (conversion == null) {
                return raw;
            }
            try {
                return Conversions.convertToLogicalType(raw, schema, logical, conversion);
            } catch (RuntimeException e) {
                throw error(path, "not a valid " + logical.getName() + ", got " + describe(node));
            }
        }

        /** The value of a type without logical type, or the raw value of one this class does not know. */
        private Object plain(Schema schema, JsonNode node, Path path) {
            return switch (schema.getType()) {
                case NULL -> throw error(path, "expected null, got " + describe(node));
                case STRING -> text(node, path, "a string");
                case BOOLEAN -> {
                    if (!node.isBoolean()) {
                        throw error(path, "expected true or false, got " + describe(node));
                    }
                    yield node.booleanValue();
                }
                case INT -> (int) whole(node, path, INT_RANGE);
                case LONG -> whole(node, path, LONG_RANGE);
                case FLOAT -> {
                    double d = decimal(node, path);
                    if (Double.isFinite(d) && Float.isInfinite((float) d)) {
                        throw error(path, "number out of range for a float, got " + describe(node));
                    }
                    yield (float) d;
                }
                case DOUBLE -> decimal(node, path);
                case ENUM -> {
                    if (!node.isTextual()) {
                        throw error(path, "expected one of " + symbols(schema) + ", got " + describe(node));
                    }
                    String symbol = node.textValue();
                    if (!schema.hasEnumSymbol(symbol)) {
                        throw error(
                                path,
                                "unknown symbol " + describe(node) + " (expected one of " + symbols(schema) + ")");
                    }
                    yield model.createEnum(symbol, schema);
                }
                case ARRAY -> {
                    if (!node.isArray()) {
                        throw error(path, "expected an array, got " + describe(node));
                    }
                    List<Object> items = new ArrayList<>(node.size());
                    for (int i = 0; i < node.size(); i++) {
                        items.add(value(schema.getElementType(), node.get(i), Path.index(path, i)));
                    }
                    yield items;
                }
                case MAP -> {
                    if (!node.isObject()) {
                        throw error(path, "expected an object, got " + describe(node));
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> entry : node.properties()) {
                        map.put(
                                entry.getKey(),
                                value(
                                        schema.getValueType(),
                                        entry.getValue(),
                                        Path.field(path, shorten(entry.getKey()))));
                    }
                    yield map;
                }
                case RECORD -> record(schema, node, path);
                case UNION -> union(schema, node, path);
                case BYTES -> ByteBuffer.wrap(base64(node, path));
                case FIXED -> {
                    byte[] bytes = base64(node, path);
                    if (bytes.length != schema.getFixedSize()) {
                        throw error(path, "expected " + schema.getFixedSize() + " bytes, got " + bytes.length);
                    }
                    yield model.createFixed(null, bytes, schema);
                }
            };
        }

        /** A union holds null and one type, or several types: the first branch that accepts the value wins. */
        private Object union(Schema schema, JsonNode node, Path path) {
            List<Schema> branches = schema.getTypes().stream()
                    .filter(branch -> branch.getType() != Schema.Type.NULL)
                    .toList();
            if (branches.size() == 1) {
                return value(branches.get(0), node, path);
            }
            for (Schema branch : branches) {
                try {
                    return value(branch, node, path);
                } catch (JsonRecordException notThisBranch) {
                    // Not this branch: try the next; the error below names all of them.
                }
            }
            throw error(
                    path,
                    "expected one of "
                            + branches.stream().map(Schema::getName).collect(Collectors.joining(", "))
                            + ", got " + describe(node));
        }

        /** The Avro raw value of a logical type written in its JSON form, or null when this class does not know the type. */
        private Object logicalRaw(Schema schema, LogicalType logical, JsonNode node, Path path) {
            String name = logical.getName();
            boolean timestamp = name.equals("timestamp-millis") || name.equals("timestamp-micros");
            if (timestamp && schema.getType() == Schema.Type.LONG) {
                Instant instant = instant(node, path);
                try {
                    if (name.equals("timestamp-millis")) {
                        return instant.toEpochMilli();
                    }
                    return Math.addExact(
                            Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
                } catch (ArithmeticException e) {
                    throw error(path, "timestamp out of range, got " + describe(node));
                }
            }
            if (name.equals("date") && schema.getType() == Schema.Type.INT) {
                String text = text(node, path, "an ISO-8601 date such as 2026-11-27");
                try {
                    return Math.toIntExact(LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
                            .toEpochDay());
                } catch (DateTimeException | ArithmeticException e) {
                    throw error(path, "expected an ISO-8601 date such as 2026-11-27, got " + describe(node));
                }
            }
            return null;
        }

        private Instant instant(JsonNode node, Path path) {
            String expected = "an ISO-8601 timestamp with zone such as 2026-11-27T10:00:00Z";
            String text = text(node, path, expected);
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeException e) {
                // The parser's message repeats the whole text: keep it out.
                throw error(path, "expected " + expected + ", got " + describe(node));
            }
        }

        private String text(JsonNode node, Path path, String expected) {
            if (!node.isTextual()) {
                throw error(path, "expected " + expected + ", got " + describe(node));
            }
            return node.textValue();
        }

        private long whole(JsonNode node, Path path, BigDecimal[] range) {
            if (node.isInt() || node.isLong()) {
                long value = node.longValue();
                if (value >= range[0].longValue() && value <= range[1].longValue()) {
                    return value;
                }
            } else if (!node.isNumber()) {
                throw error(path, "expected a whole number, got " + describe(node));
            }
            BigDecimal value = node.decimalValue();
            if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
                throw error(path, "expected a whole number, got " + describe(node));
            }
            if (value.compareTo(range[0]) < 0 || value.compareTo(range[1]) > 0) {
                throw error(
                        path,
                        "expected a whole number from " + range[0] + " to " + range[1] + ", got " + describe(node));
            }
            return value.longValueExact();
        }

        private double decimal(JsonNode node, Path path) {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isTextual()) {
                // JSON has no literal for these; accept the strings Jackson writes for them.
                switch (node.textValue()) {
                    case "NaN":
                        return Double.NaN;
                    case "Infinity":
                        return Double.POSITIVE_INFINITY;
                    case "-Infinity":
                        return Double.NEGATIVE_INFINITY;
                    default:
                        break;
                }
            }
            throw error(path, "expected a number, got " + describe(node));
        }

        private byte[] base64(JsonNode node, Path path) {
            String text = text(node, path, "a base64 string");
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw error(path, "expected a base64 string, got " + describe(node));
            }
        }

        private JsonRecordException error(Path path, String detail) {
            return new JsonRecordException(source, line, path == null ? null : path.toString(), detail);
        }
    }

    /** Record to JSON; the schema decides each value's form, the inverse of {@link Decoder}. */
    private static final class Encoder {

        private final SpecificData model;
        private final JsonGenerator out;

        Encoder(SpecificData model, JsonGenerator out) {
            this.model = model;
            this.out = out;
        }

        void record(Schema schema, IndexedRecord record, Path path) throws IOException {
            out.writeStartObject();
            for (Schema.Field field : schema.getFields()) {
                Object value = record.get(field.pos());
                if (value == null && field.schema().isNullable()) {
                    continue;
                }
                out.writeFieldName(field.name());
                value(field.schema(), value, Path.field(path, field.name()));
            }
            out.writeEndObject();
        }

        void value(Schema schema, Object value, Path path) throws IOException {
            if (value == null) {
                if (!schema.isNullable()) {
                    throw new IllegalArgumentException("field '" + path + "' is null but "
                            + schema.getType().getName() + " is required");
                }
                out.writeNull();
                return;
            }
            LogicalType logical = schema.getLogicalType();
            if (logical != null && logical(schema, logical, value)) {
                return;
            }
            switch (schema.getType()) {
                case NULL -> out.writeNull();
                case STRING -> out.writeString(value.toString());
                case BOOLEAN -> out.writeBoolean((Boolean) value);
                case INT -> out.writeNumber(((Number) value).intValue());
                case LONG -> out.writeNumber(((Number) value).longValue());
                case FLOAT -> out.writeNumber(((Number) value).floatValue());
                case DOUBLE -> out.writeNumber(((Number) value).doubleValue());
                case ENUM -> out.writeString(value instanceof Enum<?> e ? e.name() : value.toString());
                case ARRAY -> {
                    out.writeStartArray();
                    int i = 0;
                    for (Object item : (Collection<?>) value) {
                        value(schema.getElementType(), item, Path.index(path, i++));
                    }
                    out.writeEndArray();
                }
                case MAP -> {
                    out.writeStartObject();
                    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                        String key = entry.getKey().toString();
                        out.writeFieldName(key);
                        value(schema.getValueType(), entry.getValue(), Path.field(path, key));
                    }
                    out.writeEndObject();
                }
                case RECORD -> record(schema, (IndexedRecord) value, path);
                case UNION -> {
                    int branch;
                    try {
                        branch = model.resolveUnion(schema, value);
                    } catch (AvroRuntimeException e) {
                        throw new IllegalArgumentException("field '" + path + "': " + e.getMessage(), e);
                    }
                    value(schema.getTypes().get(branch), value, path);
                }
                case BYTES -> {
                    ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                    byte[] bytes = new byte[buffer.remaining()];
                    buffer.get(bytes);
                    out.writeString(Base64.getEncoder().encodeToString(bytes));
                }
                case FIXED -> out.writeString(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            }
        }

        /** Writes the JSON form of a logical type this class knows; false to fall back to the raw type. */
        private boolean logical(Schema schema, LogicalType logical, Object value) throws IOException {
            Object raw = value;
            Conversion<?> conversion = model.getConversionFor(logical);
            if (conversion != null && conversion.getConvertedType().isInstance(value)) {
                raw = Conversions.convertToRawType(value, schema, logical, conversion);
            }
            switch (logical.getName()) {
                case "timestamp-millis" -> {
                    if (raw instanceof Long millis) {
                        // Instant prints seconds only when the millis are zero, else exactly three digits.
                        out.writeString(Instant.ofEpochMilli(millis).toString());
                        return true;
                    }
                }
                case "timestamp-micros" -> {
                    if (raw instanceof Long micros) {
                        out.writeString(Instant.ofEpochSecond(
                                        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
                                .toString());
                        return true;
                    }
                }
                case "date" -> {
                    if (raw instanceof Integer days) {
                        out.writeString(LocalDate.ofEpochDay(days).toString());
                        return true;
                    }
                }
                default -> {
                    if (raw != value) {
                        value(stripLogical(schema), raw, null);
                        return true;
                    }
                }
            }
            return false;
        }

        private static Schema stripLogical(Schema schema) {
            return switch (schema.getType()) {
                case FIXED, RECORD, ENUM -> schema;
                default -> Schema.create(schema.getType());
            };
        }
    }

    /** A field's place in the record, rendered only when an error needs it. */
    private record Path(Path parent, String name, int index) {

        static Path field(Path parent, String name) {
            return new Path(parent, name, -1);
        }

        static Path index(Path parent, int index) {
            return new Path(parent, null, index);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            append(text);
            return text.toString();
        }

        private void append(StringBuilder text) {
            if (parent != null) {
                parent.append(text);
            }
            if (name == null) {
                text.append('[').append(index).append(']');
            } else {
                text.append(text.length() == 0 ? "" : ".").append(name);
            }
        }
    }

    private static String symbols(Schema schema) {
        return String.join(", ", schema.getEnumSymbols());
    }

    /** " (did you mean 'x'?)" when one field of the schema is a likely intended name. */
    private static String suggestion(Schema schema, String unknown) {
        String best = Suggestions.closest(
                unknown, schema.getFields().stream().map(Schema.Field::name).toList());
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** A bad value as an error may show it: kind for containers, else its JSON text, shortened. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return '"' + escape(shorten(node.textValue())) + '"';
        }
        return shorten(node.asText());
    }

    /** At most {@link #MAX_VALUE_CHARS} characters, marked when cut. */
    static String shorten(String text) {
        if (text.length() <= MAX_VALUE_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return text.substring(0, end) + "...";
    }

    /** Keeps an error message on one line whatever the value holds. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (!Printable.isSafe(c)) { // bidi overrides too: the message goes to a terminal
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
