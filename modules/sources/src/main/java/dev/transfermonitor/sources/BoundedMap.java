package dev.transfermonitor.sources;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that forgets its oldest entry past a capacity: what a mapper remembers of a log is keyed
 * by names the input chooses, so it must not grow without bound. Not thread-safe; one per source
 * instance.
 */
public final class BoundedMap<V> extends LinkedHashMap<String, V> {

    private static final long serialVersionUID = 1L;
    private final int capacity;

    public BoundedMap(int capacity) {
        super(Math.min(capacity, 64), 0.75f, false);
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > capacity;
    }
}
