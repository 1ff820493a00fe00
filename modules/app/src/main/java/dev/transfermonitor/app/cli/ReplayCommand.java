package dev.transfermonitor.app.cli;

import static dev.transfermonitor.app.config.SettingsRegistry.BOOTSTRAP_SERVERS;

import dev.transfermonitor.app.Interrupted;
import dev.transfermonitor.app.config.ConfigException;
import dev.transfermonitor.app.config.MonitorConfig;
import dev.transfermonitor.app.replay.AlertDiff;
import dev.transfermonitor.app.replay.AlertPublisher;
import dev.transfermonitor.app.replay.EventFiles;
import dev.transfermonitor.app.replay.Replay;
import dev.transfermonitor.app.replay.ReplayPeriod;
import dev.transfermonitor.app.sandbox.Sandbox;
import dev.transfermonitor.app.sandbox.WorkDir;
import dev.transfermonitor.detection.RuleSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transfer-monitor replay}: the detection topology over a past period of the retained input. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs the monitor's detection over a past period of the input topics and prints the alerts it raises. "
                    + "For the same input and rules they are the live monitor's alerts: same ids, revisions and "
                    + "contents, with the same evidence (topic, partition, offset), because the input is read where "
                    + "it is. The live monitor, its alerts topic and its consumer group are not touched. Without "
                    + "--bootstrap-servers it uses a broker on " + ConnectionOptions.LOCAL_BROKER + ", as alerts does.",
            "The period [--from, --to) is taken by the time each event was written to Kafka (its record timestamp), "
                    + "so it is one offset range per partition, fixed when the replay starts: events written later, "
                    + "or while it runs, are not part of it. Without --from it starts at the oldest retained event; "
                    + "without --to it ends at the events written before it started.",
            "The replay starts with empty state at --from: a finding the live monitor opened before --from comes out "
                    + "as revision 1, and windowed rules (bursts, slow exfiltration, baselines) see only the period. "
                    + "Replay from the start of the retained input for the live revisions.",
            "Reference data (assets, principals, credentials, policies, ...) is read from the reference topics as it "
                    + "is now, not as it was during the period.",
            "It runs under a fresh application id (transfer-monitor-replay-<run>) with the live processing guarantee "
                    + "(exactly-once by default), writes to private topics (replay-<run>.*) and removes them, its "
                    + "internal topics, its consumer group and its state when it ends, also on failure or Ctrl-C.",
            "--compare replays the period twice, with the current rules (rules.file, or the defaults) and with "
                    + "--rules FILE, and lists the findings the new rules would add, drop or change.",
            "--events FILE... replays JSON-lines files instead (a backtest, no cluster needed): it starts its own "
                    + "broker, loads the reference data (the sample company, or --reference), sends the events and "
                    + "replays them; there --from and --to select events by occurredAt."
        },
        footer = {
            "",
            "Exit codes: 0 done (also when --compare finds differences), 1 failure, 2 bad options or input, "
                    + "130 interrupted.",
            "",
            "Examples:",
            "  transfer-monitor replay -b kafka:9092 --from 2026-11-01 --to 2026-11-08 \\",
            "      --output week44.jsonl",
            "  transfer-monitor replay -b kafka:9092 --from 7d --rules new.yaml --compare",
            "  transfer-monitor replay --events incident.jsonl --reference my-ref-dir/"
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description = "Start of the period, included: 2026-11-27T10:00:00Z, 2026-11-27 (midnight UTC), now, "
                    + "or a time ago such as 24h or 7d (default: the oldest retained event).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "End of the period, excluded; same forms (default: now).")
    String to;

    @Mixin
    RulesOptions rulesOptions;

    @Mixin
    AlertOutputOptions alerts;

    @Mixin
    EventFileOptions offline;

    private GracefulStop stop;
    private Path work;

    @Override
    public Integer call() throws IOException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant start = from == null ? null : TimeArgument.parseOption("--from", from, now);
        Instant end = to == null ? null : TimeArgument.parseOption("--to", to, now);
        check(start, end);
        try (GracefulStop stopping = new GracefulStop()) {
            try (WorkDir dir = WorkDir.of(null, "transfer-monitor-replay-")) {
                stop = stopping;
                work = dir.path();
                return offline.given() ? offline(start, end) : online(start, end);
            } catch (Interrupted e) {
                spec.commandLine().getErr().println("Replay interrupted; what it created was removed.");
                return ExitCodes.INTERRUPTED;
            }
        }
    }

    private void check(Instant start, Instant end) {
        if (start != null && end != null && !start.isBefore(end)) {
            throw new ConfigException("--from (" + start + ") must be before --to (" + end + ")");
        }
        alerts.check();
        rulesOptions.check(alerts.redirected());
        offline.check(alerts.topic != null, connection.bootstrapServers != null);
    }

    /** Against the cluster of the configuration (default: a broker on this machine). */
    private int online(Instant start, Instant end) throws IOException {
        MonitorConfig live = connection.clientConfig();
        alerts.checkTopic(live.topics());
        RuleSet proposed = rulesOptions.proposed(connection, Map.of(BOOTSTRAP_SERVERS.key(), live.bootstrapServers()));
        ReplayPeriod period = ReplayPeriod.resolve(live, start, end);
        return replayAndReport(live, proposed, period, ReplayView.period(start, end, "written"));
    }

    /** On a broker of its own, from JSON-lines files. */
    private int offline(Instant start, Instant end) throws IOException {
        EventFiles files = new EventFiles(offline.events, offline.eventsKind);
        EventFiles.Count count = files.count(start, end);
        try (Sandbox sandbox = offline.sandbox(connection)) {
            MonitorConfig live = sandbox.config();
            files.send(live, start, end);
            ReplayView.sent(spec.commandLine().getOut(), count);
            ReplayPeriod period = ReplayPeriod.resolve(live, null, null);
            return replayAndReport(
                    live,
                    rulesOptions.proposed(connection, sandbox.settings()),
                    period,
                    ReplayView.period(start, end, "occurred"));
        }
    }

    private int replayAndReport(MonitorConfig live, RuleSet proposed, ReplayPeriod period, String when)
            throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (rulesOptions.compare) {
            Replay.Result current = replay(live, live.rules(), period, "current rules ");
            Replay.Result candidate = replay(live, proposed, period, "proposed rules");
            ReplayView.summary(out, current, when, null);
            ReplayView.summary(out, candidate, when, null);
            ReplayView.diff(out, AlertDiff.of(current.alerts(), candidate.alerts()), current, candidate);
            return ExitCodes.OK;
        }
        Replay.Result result = replay(live, proposed != null ? proposed : live.rules(), period, "replay");
        alerts.write(out, result.alerts());
        if (alerts.topic != null) {
            AlertPublisher.publish(
                    live, alerts.topic, period.partitions(live.topics().access()), result.alerts());
        }
        ReplayView.summary(out, result, when, alerts.destination());
        return ExitCodes.OK;
    }

    private Replay.Result replay(MonitorConfig live, RuleSet rules, ReplayPeriod period, String label) {
        var progress = new ReplayProgress(spec.commandLine().getErr(), System.console() != null, label);
        return Replay.run(live, rules, period, work, stop::isRequested, progress);
    }
}
