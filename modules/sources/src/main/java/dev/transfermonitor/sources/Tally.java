package dev.transfermonitor.sources;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of outcomes, in total and by event name, for summaries and metrics. Event names come
 * from the input, so at most {@link #MAX_NAMES} are told apart; the rest count as {@link #OTHER}.
 */
public final class Tally {

    public static final int MAX_NAMES = 500;
    public static final String OTHER = "(other)";
    public static final String NONE = "(none)";
    static final int MAX_NAME_LENGTH = 128;

    /** Outcome counts of one event name. */
    public static final class Counts {
        long mapped;
        long ignored;
        long failed;
        long invalid;
        long events;

        public long mapped() {
            return mapped;
        }

        public long ignored() {
            return ignored;
        }

        public long failed() {
            return failed;
        }

        public long invalid() {
            return invalid;
        }

        /** Monitor events the mapped records became. */
        public long events() {
            return events;
        }

        public long records() {
            return mapped + ignored + failed + invalid;
        }

        void add(Counts other) {
            mapped += other.mapped;
            ignored += other.ignored;
            failed += other.failed;
            invalid += other.invalid;
            events += other.events;
        }
    }

    private final Counts total = new Counts();
    private final Map<String, Counts> byName = new TreeMap<>();

    public void count(Outcome outcome) {
        bump(total, outcome);
        bump(countsOf(outcome.eventName()), outcome);
    }

    private Counts countsOf(String eventName) {
        String name = eventName == null ? NONE : eventName;
        Counts counts = byName.get(name);
        if (counts == null) {
            String key = byName.size() < MAX_NAMES && name.length() <= MAX_NAME_LENGTH ? name : OTHER;
            counts = byName.computeIfAbsent(key, n -> new Counts());
        }
        return counts;
    }

    private static void bump(Counts c, Outcome outcome) {
        if (outcome instanceof Outcome.Mapped m) {
            c.mapped++;
            c.events += m.events().size();
        } else if (outcome instanceof Outcome.Ignored) {
            c.ignored++;
        } else if (outcome instanceof Outcome.Failed) {
            c.failed++;
        } else {
            c.invalid++;
        }
    }

    public void addAll(Tally other) {
        total.add(other.total);
        other.byName.forEach((name, counts) -> {
            countsOf(name).add(counts);
        });
    }

    public Counts total() {
        return total;
    }

    /** By event name, in name order. */
    public Map<String, Counts> byName() {
        return Collections.unmodifiableMap(byName);
    }
}
