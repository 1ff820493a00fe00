package dev.transfermonitor.sources.cloudtrail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its oldest entries past a capacity: what a trail has shown (sessions
 * issued, snapshots taken) is keyed by ids the input chooses, so it must not grow without
 * bound. Not thread-safe; one per source instance.
 */
final class Bounded<V> extends LinkedHashMap<String, V> {

    private static final long serialVersionUID = 1L;
    private final int capacity;

    Bounded(int capacity) {
        super(Math.min(capacity, 1024), 0.75f, true);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
    }
}
