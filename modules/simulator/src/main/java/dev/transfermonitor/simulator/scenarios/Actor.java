package dev.transfermonitor.simulator.scenarios;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One source of events in a {@link Workload}: a person, a nightly job or a planted incident. An
 * actor's events of a day depend only on the workload's seed, its name and the day, never on
 * other actors, so one principal's traffic can be made on its own (to measure an incident)
 * and equals what the whole workload emits for it.
 */
interface Actor {

    /** Unique in the workload; part of the random seed and of the event ids. */
    String name();

    /** The principal all its events carry. */
    String principalId();

    /** Adds the actor's events of {@code day} (0 = the first day of the span), in any order. */
    void day(int day, List<SpecificRecord> out);
}
