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
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The run's figures: a table for people, JSON for tools. Each configuration ran once per round;
 * it shows the median, min and max over the rounds, every throughput also as a ratio to the raw
 * consumer's (bytes) of the same round, and the CPU its processes used per thread group.
 */
final class Report {

    static final String RAW = "raw-bytes";

    /** One run of one configuration. */
    record Round(
            int round,
            int position,
            long events,
            double seconds,
            double eventsPerSecond,
            Double startUpSeconds,
            ThreadCpu.Usage cpu,
            ThreadCpu.Usage brokerCpu,
            Map<String, Long> outputs) {}

    /** A configuration; {@code work} is raw, full (every rule) or equal (the engines' equal work). */
    record Config(String id, String name, String work, String cpuOf, String note) {}

    /** A target and where the run stands. */
    record Target(String name, String value, String target, String met) {}

    private final Map<String, Object> meta = new LinkedHashMap<>();
    private final Map<String, Config> configs = new LinkedHashMap<>();
    private final Map<String, List<Round>> rounds = new LinkedHashMap<>();
    private final Map<String, Object> sections = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();

    void meta(String key, Object value) {
        meta.put(key, value);
    }

    void section(String key, Object value) {
        sections.put(key, value);
    }

    void target(String name, String value, String target, Boolean met) {
        targets.add(new Target(name, value, target, met == null ? "n/a" : met ? "met" : "not met"));
    }

    void config(Config config) {
        configs.put(config.id(), config);
        rounds.put(config.id(), new ArrayList<>());
    }

    void add(
            String id,
            int round,
            int position,
            long events,
            Duration elapsed,
            Duration startUp,
            ThreadCpu.Usage cpu,
            ThreadCpu.Usage brokerCpu,
            Map<String, Long> outputs) {
        rounds.get(id)
                .add(new Round(
                        round,
                        position,
                        events,
                        elapsed.toMillis() / 1000.0,
                        Stopwatch.perSecond(events, elapsed),
                        startUp == null ? null : startUp.toMillis() / 1000.0,
                        cpu,
                        brokerCpu,
                        outputs));
    }

    List<Round> rounds(String id) {
        return rounds.getOrDefault(id, List.of());
    }

    /** Events per second of the raw consumer (bytes) in {@code round}. */
    private double raw(int round) {
        return rounds(RAW).stream()
                .filter(r -> r.round() == round)
                .mapToDouble(Round::eventsPerSecond)
                .findFirst()
                .orElse(Double.NaN);
    }

    double ratioToRaw(Round r) {
        return r.eventsPerSecond() / raw(r.round());
    }

    Summary eventsPerSecond(String id) {
        return Summary.of(rounds(id).stream().map(Round::eventsPerSecond).toList());
    }

    Summary ratioToRaw(String id) {
        return Summary.of(rounds(id).stream().map(this::ratioToRaw).toList());
    }

    /** Median cores per group over the rounds. */
    private static Map<String, Double> medianCores(List<Round> rounds, Function<Round, ThreadCpu.Usage> usage) {
        Map<String, Double> cores = new LinkedHashMap<>();
        List<ThreadCpu.Usage> usages =
                rounds.stream().map(usage).filter(u -> u != null).toList();
        if (usages.isEmpty()) {
            return cores;
        }
        cores.put(
                "process",
                Summary.of(usages.stream().map(ThreadCpu.Usage::processCores).toList())
                        .median());
        for (String group : ThreadCpu.GROUPS) {
            cores.put(
                    group,
                    Summary.of(usages.stream()
                                    .map(u -> u.cores().getOrDefault(group, 0.0))
                                    .toList())
                            .median());
        }
        return cores;
    }

    void print(PrintStream out) {
        out.println();
        out.printf(
                Locale.ROOT,
                "%-58s %-5s %-30s %-22s %s%n",
                "run",
                "work",
                "events/s median (min-max)",
                "x raw median (min-max)",
                "per round: events/s (x raw)");
        for (Config c : configs.values()) {
            List<Round> rs = rounds(c.id());
            if (rs.isEmpty()) {
                continue;
            }
            Summary eps = eventsPerSecond(c.id());
            Summary ratio = ratioToRaw(c.id());
            StringJoiner perRound = new StringJoiner(" / ");
            rs.stream()
                    .sorted((a, b) -> Integer.compare(a.round(), b.round()))
                    .forEach(r -> perRound.add(
                            String.format(Locale.ROOT, "%,.0f (%.3f)", r.eventsPerSecond(), ratioToRaw(r))));
            out.printf(
                    Locale.ROOT,
                    "%-58s %-5s %-30s %-22s %s%n",
                    c.name(),
                    c.work(),
                    String.format(Locale.ROOT, "%,.0f (%,.0f-%,.0f)", eps.median(), eps.min(), eps.max()),
                    String.format(Locale.ROOT, "%.3f (%.3f-%.3f)", ratio.median(), ratio.min(), ratio.max()),
                    perRound);
            out.printf(
                    Locale.ROOT,
                    "    cpu, median cores: %s %s; broker %s%s%n",
                    c.cpuOf(),
                    cores(medianCores(rs, Round::cpu)),
                    cores(medianCores(rs, Round::brokerCpu)),
                    c.note().isEmpty() ? "" : "; " + c.note());
            Round first = rs.stream()
                    .min((a, b) -> Integer.compare(a.round(), b.round()))
                    .orElseThrow();
            if (first.outputs() != null) {
                Map<String, Long> o = first.outputs();
                out.printf(
                        Locale.ROOT,
                        "    written in round %d: %,d alert keys (%,d stateless, %,d burst), %,d dead letters%n",
                        first.round(),
                        o.get("alertKeys"),
                        o.get("statelessAlertKeys"),
                        o.get("burstAlertKeys"),
                        o.get("deadLetters"));
            }
        }
        out.println("work: raw = plain consumer; full = the monitor with every rule; equal = the equal work of both"
                + " engines (validate, dead letters, enrich, 4 stateless rules, burst)");
        if (!targets.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-72s %-10s %-10s %s%n", "target", "value", "target", "");
            for (Target t : targets) {
                out.printf(Locale.ROOT, "%-72s %-10s %-10s %s%n", t.name(), t.value(), t.target(), t.met());
            }
        }
        out.println();
        sections.forEach((k, v) -> out.printf(Locale.ROOT, "%s: %s%n", k, v));
    }

    private static String cores(Map<String, Double> cores) {
        if (cores.isEmpty()) {
            return "n/a";
        }
        StringJoiner line = new StringJoiner(" ");
        cores.forEach((group, value) -> {
            if (group.equals("process")) {
                line.add(String.format(Locale.ROOT, "%.2f =", value));
            } else if (value >= 0.005) {
                line.add(String.format(Locale.ROOT, "%s %.2f", group, value));
            }
        });
        return line.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("meta", meta);
        List<Map<String, Object>> throughput = new ArrayList<>();
        for (Config c : configs.values()) {
            List<Round> rs = rounds(c.id());
            if (rs.isEmpty()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", c.id());
            row.put("name", c.name());
            row.put("work", c.work());
            row.put("equalWork", c.work().equals("equal"));
            row.put("note", c.note());
            row.put("eventsPerSecond", eventsPerSecond(c.id()));
            row.put("ratioToRaw", ratioToRaw(c.id()));
            row.put("cpuOf", c.cpuOf());
            row.put("medianCores", medianCores(rs, Round::cpu));
            row.put("brokerMedianCores", medianCores(rs, Round::brokerCpu));
            List<Map<String, Object>> perRound = new ArrayList<>();
            for (Round r : rs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("round", r.round());
                m.put("position", r.position());
                m.put("events", r.events());
                m.put("seconds", r.seconds());
                m.put("eventsPerSecond", Math.round(r.eventsPerSecond()));
                m.put("ratioToRaw", Math.round(ratioToRaw(r) * 10_000) / 10_000.0);
                m.put("startUpSeconds", r.startUpSeconds());
                m.put("cpu", usage(r.cpu()));
                m.put("brokerCpu", usage(r.brokerCpu()));
                m.put("outputs", r.outputs());
                perRound.add(m);
            }
            row.put("rounds", perRound);
            throughput.add(row);
        }
        json.put("throughput", throughput);
        json.put("targets", targets);
        json.putAll(sections);
        return json;
    }

    private static Map<String, Object> usage(ThreadCpu.Usage u) {
        if (u == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("wallSeconds", u.wallSeconds());
        m.put("processCpuSeconds", u.processCpuSeconds());
        m.put("processCores", u.processCores());
        m.put("cpuSeconds", u.cpuSeconds());
        m.put("cores", u.cores());
        m.put("topThreadsCpuSeconds", u.topThreads());
        return m;
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json());
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
