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

    /** Longer keys are no AWS id: they are not remembered, so no entry outgrows this. */
    static final int MAX_KEY = 128;

    /** Remembers the entry unless the key or a text value is longer than {@link #MAX_KEY}. */
    void remember(String key, V value) {
        if (key.length() <= MAX_KEY && !(value instanceof String s && s.length() > MAX_KEY)) {
            put(key, value);
        }
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
    }
}
