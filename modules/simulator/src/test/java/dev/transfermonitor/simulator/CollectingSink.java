package dev.transfermonitor.simulator;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.emitter.EventSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps what it is given, in order, and counts flushes; safe to read from another thread. */
final class CollectingSink implements EventSink {

    final List<Object> events = new CopyOnWriteArrayList<>();
    final AtomicInteger flushes = new AtomicInteger();

    @Override
    public void access(DataAccessEvent event) {
        events.add(event);
    }

    @Override
    public void replication(ReplicationEvent event) {
        events.add(event);
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }
}
