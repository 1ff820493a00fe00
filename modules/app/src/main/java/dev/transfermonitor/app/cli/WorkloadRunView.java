package dev.transfermonitor.app.cli;

import dev.transfermonitor.app.evaluation.WorkloadRun;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.RecordKind;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * Renders what a workload run reports as lines of text: the broker, the sending, progress,
 * alerts as they come (in the given format) and warnings on standard error.
 */
class WorkloadRunView implements WorkloadRun.Listener {

    final PrintWriter out;
    final PrintWriter err;
    private final AlertFormat format;

    /** @param format how to print followed alerts; null when the run does not follow them */
    WorkloadRunView(PrintWriter out, PrintWriter err, AlertFormat format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    @Override
    public void brokerUp(String bootstrapServers, Map<RecordKind, Integer> referenceLoaded) {
        out.printf("Broker up at %s; reference data loaded: %s%n", bootstrapServers, referenceLoaded);
        out.flush();
    }

    @Override
    public void sending(long events, boolean followingAlerts) {
        out.printf(
                Locale.ROOT,
                "Monitor running; sending %,d events as fast as the broker takes them%s%n",
                events,
                followingAlerts ? ". Alerts:" : ".");
        out.flush();
    }

    @Override
    public void progress(long sent, long total, long processed, double eventsPerSecond) {
        synchronized (out) {
            out.printf(
                    Locale.ROOT,
                    "  %,d of %,d events sent, %,d processed, %,.0f events/s%n",
                    sent,
                    total,
                    processed,
                    eventsPerSecond);
            out.flush();
        }
    }

    @Override
    public void stopping() {
        out.println("Stopping: judging what was sent so far...");
    }

    @Override
    public void alert(TransferAlert alert) {
        format.println(out, alert);
    }

    @Override
    public void warning(String problem) {
        err.println("warning: " + problem);
    }
}
