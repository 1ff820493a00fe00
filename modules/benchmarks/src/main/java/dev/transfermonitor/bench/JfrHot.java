package dev.transfermonitor.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Hot spots of a JFR recording, for the threads whose name contains a filter (the stream
 * threads: the broker shares the JVM): the top frames by share of samples (self time), and the
 * project's methods by share of samples they appear in (inclusive time: which stage costs what).
 */
final class JfrHot {

    private JfrHot() {}

    static void print(Path file, String threadFilter, int top, PrintStream out) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> components = new HashMap<>();
        Map<String, Integer> streams = new HashMap<>();
        int samples = 0;
        int all = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                all++;
                String thread = event.getThread("sampledThread") == null
                        ? "?"
                        : event.getThread("sampledThread").getJavaName();
                threads.merge(thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
                RecordedStackTrace stack = event.getStackTrace();
                if (thread == null
                        || !thread.contains(threadFilter)
                        || stack == null
                        || stack.getFrames().isEmpty()) {
                    continue;
                }
                samples++;
                self.merge(name(stack.getFrames().get(0)), 1, Integer::sum);
                components.merge(component(stack.getFrames().get(0)), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String method = name(frame);
                    if (method.startsWith("dev.transfermonitor") && seen.add(method)) {
                        inclusive.merge(method, 1, Integer::sum);
                    } else if (method.startsWith("org.apache.kafka") && seen.add(method)) {
                        streams.merge(method, 1, Integer::sum);
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%,d execution samples in all; by thread (digits folded):%n", all);
        printTop(threads, all, 10, out);
        out.printf(
                Locale.ROOT,
                "%n%,d samples on threads containing '%s'. Self time, top frames:%n",
                samples,
                threadFilter);
        printTop(self, samples, top, out);
        out.printf(Locale.ROOT, "%nSelf time by package of the top frame (first four segments):%n");
        printTop(components, samples, 15, out);
        out.printf(Locale.ROOT, "%nInclusive time of the project's methods:%n");
        printTop(inclusive, samples, top, out);
        out.printf(Locale.ROOT, "%nInclusive time of Kafka's methods (clients and Streams):%n");
        printTop(streams, samples, top, out);
    }

    private static void printTop(Map<String, Integer> counts, int total, int top, PrintStream out) {
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.printf(
                        Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }

    private static String component(RecordedFrame frame) {
        String[] parts = frame.getMethod().getType().getName().split("\\.");
        return String.join(".", Arrays.copyOf(parts, Math.min(4, parts.length - 1)));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
