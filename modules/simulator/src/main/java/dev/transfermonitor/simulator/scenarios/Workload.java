package dev.transfermonitor.simulator.scenarios;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.UtcDays;
import dev.transfermonitor.reference.ReferenceData;
import dev.transfermonitor.simulator.Scenario;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * A reproducible month (by default) of the sample company's traffic in event time, with planted
 * incidents: what {@code simulate --evaluate} runs through the monitor, and what {@code demo
 * --scenario} replays. Needs no broker and no threads.
 *
 * <p>The span is {@link WorkloadOptions#days()} whole UTC days ending at the last UTC midnight at
 * or before {@link WorkloadOptions#end()}. Benign traffic ({@link BenignTraffic}) is exactly
 * {@link WorkloadOptions#benignEvents()} events; the incidents ({@link PlantedTraffic}) come on
 * top. Every event carries its scenario label (or {@code benign}) under {@link Scenario#ATTRIBUTE}.
 * Events are made a day at a time when {@link #forEach} asks for them, so a million events never
 * sit in memory together; the same options always give the same events, ids included.
 *
 * <p>{@link #planted()} says, per incident, which alerts it must raise and from which event on it
 * is detectable; both are measured on the generated events with the rules' arithmetic
 * ({@link RuleMirror}, thresholds from {@link WorkloadOptions#model()}), not assumed.
 *
 * <p>Not thread-safe: one thread at a time.
 */
public final class Workload {

    private static final Comparator<SpecificRecord> EVENT_TIME_ORDER =
            Comparator.comparing(Workload::occurredAt).thenComparing(Workload::eventId);
    private static final Instant SINCE = Instant.parse("2024-01-02T00:00:00Z");

    private final WorkloadOptions options;
    private final EventKit kit;
    private final List<Actor> actors = new ArrayList<>();
    private final List<ReferenceData.Loaded> bundled;
    private final List<Planted> planted = new ArrayList<>();
    private long plantedEvents;

    private Workload(WorkloadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        long endDay = UtcDays.of(options.end());
        this.kit = new EventKit(options.seed(), endDay - options.days());
        this.bundled = ReferenceData.bundled();
        PlantedTraffic incidents = new PlantedTraffic(kit, options.days(), options.scenarios(), options.model());
        actors.addAll(new BenignTraffic(kit, options).actors());
        actors.addAll(incidents.incidents());
        measure(incidents.incidents());
    }

    /** Prepares the workload: lays out the traffic and measures the incidents (a second or two). */
    public static Workload generate(WorkloadOptions options) {
        return new Workload(options);
    }

    /**
     * The fewest days a workload with every incident needs under {@code model}: the low-and-slow
     * key reads until five days past the slow-exfiltration threshold, after two days of history
     * (12 days at the default threshold of 10,000).
     */
    public static int minimumDays(RuleModel model) {
        return Math.max(WorkloadOptions.MIN_DAYS, PlantedTraffic.lowAndSlowDays(model) + 2);
    }

    public WorkloadOptions options() {
        return options;
    }

    /** occurredAt of the span's first possible event: midnight UTC of its first day. */
    public Instant start() {
        return Instant.ofEpochMilli(kit.dayStart(0));
    }

    /** The end of the span (exclusive): midnight UTC after its last day. */
    public Instant end() {
        return Instant.ofEpochMilli(kit.dayStart(options.days()));
    }

    public long benignEvents() {
        return options.benignEvents();
    }

    public long plantedEvents() {
        return plantedEvents;
    }

    public long totalEvents() {
        return options.benignEvents() + plantedEvents;
    }

    /** The incidents, in {@link PlantedScenario} order. */
    public List<Planted> planted() {
        return Collections.unmodifiableList(planted);
    }

    /**
     * Emits every event, benign and planted, in event-time order (ties by event id), a day at a
     * time. Each call emits the same events.
     */
    public void forEach(Consumer<? super SpecificRecord> sink) {
        List<SpecificRecord> day = new ArrayList<>();
        for (int d = 0; d < options.days(); d++) {
            day.clear();
            for (Actor actor : actors) {
                actor.day(d, day);
            }
            day.sort(EVENT_TIME_ORDER);
            day.forEach(sink);
        }
    }

    /**
     * The reference data the traffic needs: the sample company (cloud regions are built in), plus
     * the synthetic staff ({@code emp-5xxxx}: people in Korea, active, with an SSO credential
     * {@code sso-emp-5xxxx}) and the service svc-reporting with its key {@code key-svc-reporting}.
     */
    public List<ReferenceData.Loaded> reference() {
        List<ReferenceData.Loaded> all = new ArrayList<>(bundled);
        List<String> staff = BenignTraffic.syntheticStaff(options.staffPrincipals());
        for (String id : staff) {
            all.add(loaded(
                    RecordKind.PRINCIPAL,
                    new Principal(id, PrincipalKind.HUMAN, PrincipalStatus.ACTIVE, SINCE, "KR", new ArrayList<>())));
        }
        all.add(loaded(
                RecordKind.PRINCIPAL,
                new Principal(
                        "svc-reporting",
                        PrincipalKind.SERVICE,
                        PrincipalStatus.ACTIVE,
                        SINCE,
                        "KR",
                        new ArrayList<>())));
        for (String id : staff) {
            all.add(loaded(RecordKind.CREDENTIAL, new Credential("sso-" + id, id, SINCE, null, null)));
        }
        all.add(loaded(RecordKind.CREDENTIAL, new Credential("key-svc-reporting", "svc-reporting", SINCE, null, null)));
        return all;
    }

    /** The scenario label an event carries ({@code benign} or a {@link PlantedScenario} label), or null. */
    public static String scenarioOf(SpecificRecord event) {
        Map<String, String> attributes = event instanceof DataAccessEvent a
                ? a.getAttributes()
                : event instanceof ReplicationEvent r ? r.getAttributes() : null;
        return attributes == null ? null : attributes.get(Scenario.ATTRIBUTE);
    }

    static Instant occurredAt(SpecificRecord event) {
        if (event instanceof DataAccessEvent a) {
            return a.getOccurredAt();
        }
        return ((ReplicationEvent) event).getOccurredAt();
    }

    static String eventId(SpecificRecord event) {
        if (event instanceof DataAccessEvent a) {
            return a.getEventId();
        }
        return ((ReplicationEvent) event).getEventId();
    }

    static long recordCount(SpecificRecord event) {
        if (event instanceof DataAccessEvent a) {
            return a.getRecordCount();
        }
        return ((ReplicationEvent) event).getRecordCount();
    }

    /** Every event of one principal, in event-time order: benign and planted alike. */
    List<SpecificRecord> eventsOf(String principalId) {
        List<SpecificRecord> events = new ArrayList<>();
        List<SpecificRecord> day = new ArrayList<>();
        for (int d = 0; d < options.days(); d++) {
            day.clear();
            for (Actor actor : actors) {
                if (actor.principalId().equals(principalId)) {
                    actor.day(d, day);
                }
            }
            day.sort(EVENT_TIME_ORDER);
            events.addAll(day);
        }
        return events;
    }

    /** The asset inventory's data classes, which events without their own carry. */
    Map<String, List<String>> assetClasses() {
        Map<String, List<String>> classes = new HashMap<>();
        for (Asset asset : ReferenceData.<Asset>valuesOf(bundled, RecordKind.ASSET)) {
            classes.put(asset.getAssetId(), asset.getDataClasses());
        }
        return classes;
    }

    /** Runs each incident's principal through the rules' arithmetic to find what it raises and when. */
    private void measure(List<PlantedTraffic.Incident> incidents) {
        Map<String, List<SpecificRecord>> streams = new HashMap<>();
        Map<String, Map<String, RuleMirror.Firing>> firstFirings = new HashMap<>();
        for (PlantedTraffic.Incident incident : incidents) {
            List<SpecificRecord> stream = streams.computeIfAbsent(incident.principalId, this::eventsOf);
            Map<String, RuleMirror.Firing> first = firstFirings.computeIfAbsent(incident.principalId, p -> {
                Map<String, RuleMirror.Firing> byKey = new LinkedHashMap<>();
                new RuleMirror(options.model(), assetClasses())
                        .run(stream)
                        .forEach(f -> byKey.putIfAbsent(f.alertKey(), f));
                return byKey;
            });
            List<SpecificRecord> own = stream.stream()
                    .filter(e -> incident.name().equals(scenarioOf(e)))
                    .toList();
            if (own.isEmpty()) {
                throw new IllegalStateException(incident.name() + " made no events");
            }
            Instant start = occurredAt(own.get(0));
            Instant end = occurredAt(own.get(own.size() - 1));
            Set<AlertType> expected = EnumSet.noneOf(AlertType.class);
            expected.addAll(incident.statelessTypes);
            Instant detectableFrom = incident.statelessTypes.contains(incident.primary) ? start : null;
            for (RuleMirror.Firing firing : first.values()) {
                if (incident.name().equals(firing.scenario())) {
                    expected.add(firing.type());
                    if (firing.type() == incident.primary
                            && (detectableFrom == null || firing.at().isBefore(detectableFrom))) {
                        detectableFrom = firing.at();
                    }
                }
            }
            if (detectableFrom == null) {
                throw new IllegalStateException(incident.name() + " never crosses the " + incident.primary
                        + " threshold in " + options.days() + " days under the given rules");
            }
            long records = own.stream().mapToLong(Workload::recordCount).sum();
            String description = String.format(
                    "%s (%,d event%s, %,d records, %s to %s)",
                    incident.scenario.summary(),
                    own.size(),
                    own.size() == 1 ? "" : "s",
                    records,
                    LocalDate.ofEpochDay(kit.firstDay() + incident.firstDay),
                    LocalDate.ofEpochDay(kit.firstDay() + incident.lastDay));
            planted.add(new Planted(
                    incident.name(),
                    incident.principalId,
                    incident.credentialId,
                    expected,
                    start,
                    detectableFrom,
                    description,
                    incident.primary,
                    end));
            plantedEvents += own.size();
        }
    }

    private static ReferenceData.Loaded loaded(RecordKind kind, SpecificRecord value) {
        return new ReferenceData.Loaded(kind, kind.keyOf(value), value, "workload");
    }
}
