package dev.transfermonitor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's figures: a table for people, JSON for tools, every throughput also as a ratio to the raw consumer. */
final class Report {

    /** One throughput figure. */
    record Row(String name, long events, double seconds, double eventsPerSecond, Double ratioToRaw, String note) {}

    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Object> sections = new LinkedHashMap<>();
    private double raw = Double.NaN;

    void meta(String key, Object value) {
        meta.put(key, value);
    }

    void section(String key, Object value) {
        sections.put(key, value);
    }

    /** The first row added is the limit the others are compared with. */
    Row add(String name, long events, Duration elapsed, String note) {
        double rate = Stopwatch.perSecond(events, elapsed);
        if (Double.isNaN(raw)) {
            raw = rate;
        }
        Row row = new Row(name, events, elapsed.toMillis() / 1000.0, rate, rate / raw, note);
        rows.add(row);
        return row;
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT, "%-44s %12s %9s %12s %8s  %s%n", "run", "events", "seconds", "events/s", "x raw", "note");
        for (Row r : rows) {
            out.printf(
                    Locale.ROOT,
                    "%-44s %,12d %9.1f %,12.0f %8.3f  %s%n",
                    r.name,
                    r.events,
                    r.seconds,
                    r.eventsPerSecond,
                    r.ratioToRaw,
                    r.note);
        }
        sections.forEach((k, v) -> out.printf(Locale.ROOT, "%s: %s%n", k, v));
    }

    void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meta", meta);
        json.put("throughput", rows);
        json.putAll(sections);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "n/a";
        }
    }
}
