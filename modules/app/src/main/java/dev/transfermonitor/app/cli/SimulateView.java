package dev.transfermonitor.app.cli;

import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.simulator.scenarios.Planted;
import dev.transfermonitor.simulator.scenarios.Workload;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The text of {@code simulate} when it sends to a cluster. */
final class SimulateView {

    private SimulateView() {}

    static void sending(PrintWriter out, Set<String> chosen, Workload workload, String bootstrapServers) {
        out.printf(
                Locale.ROOT,
                "Sending %s over %s to %s UTC in event time: %,d events (%,d benign) to %s%n",
                String.join(", ", chosen),
                workload.start(),
                workload.end(),
                workload.totalEvents(),
                workload.benignEvents(),
                bootstrapServers);
    }

    static void referenceLoaded(PrintWriter out, Map<RecordKind, Integer> loaded) {
        out.printf("Reference data loaded: %s%n", loaded);
        out.flush();
    }

    static void sent(PrintWriter out, Workload workload, long sent) {
        out.printf(Locale.ROOT, "Sent %,d events. Planted:%n", sent);
        for (Planted p : workload.planted()) {
            out.printf("  %-28s detectable from %s: expect %s%n", p.scenario(), p.detectableFrom(), p.expected());
        }
        out.println("The monitor's rules must allowlist svc-analytics, svc-orders-api and the jobs backup-* and "
                + "etl-orders-to-bq-* (the sample rules file does), or the nightly jobs alert too.");
        out.flush();
    }

    static void realTime(PrintWriter out, double rate, String bootstrapServers) {
        out.printf("Sending simulated traffic at %.0f events/s to %s (Ctrl-C to stop)%n", rate, bootstrapServers);
        out.flush();
    }
}
