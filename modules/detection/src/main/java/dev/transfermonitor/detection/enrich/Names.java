package dev.transfermonitor.detection.enrich;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Other names of reference records (principal aliases, asset resource names) -> the id that
 * claims each. Two records may claim one name; the lowest id wins, whatever order the records
 * arrived in, so a restore or a replay resolves the same way. One writer, many readers.
 */
final class Names {

    private final Map<String, TreeSet<String>> claims = new ConcurrentHashMap<>();
    private final Map<String, String> owners = new ConcurrentHashMap<>();

    String owner(String name) {
        return owners.get(name);
    }

    /** The record {@code id} named itself {@code before} and now names itself {@code after}. */
    synchronized void replace(String id, List<String> before, List<String> after) {
        for (String name : before) {
            if (!after.contains(name)) {
                unclaim(name, id);
            }
        }
        for (String name : after) {
            TreeSet<String> ids = claims.computeIfAbsent(name, n -> new TreeSet<>());
            ids.add(id);
            owners.put(name, ids.first());
        }
    }

    private void unclaim(String name, String id) {
        TreeSet<String> ids = claims.get(name);
        if (ids == null) {
            return;
        }
        ids.remove(id);
        if (ids.isEmpty()) {
            claims.remove(name);
            owners.remove(name);
        } else {
            owners.put(name, ids.first());
        }
    }
}
