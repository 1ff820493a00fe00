package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compute Engine snapshots ({@code snapshots.insert}, {@code disks.createSnapshot}) as copies of
 * a disk to the snapshot's storage location. Both are admin-activity entries, always written.
 * Disks are named {@code projects/P/zones/Z/disks/D} (or {@code regions/R}), snapshots
 * {@code projects/P/global/snapshots/S}, as resource names are, whether the log writes a path or
 * a URL.
 */
final class Compute {

    private static final Pattern DISK = Pattern.compile("projects/([^/]+)/(?:zones|regions)/([^/]+)/disks/[^/]+");
    private static final Pattern SNAPSHOT = Pattern.compile("projects/([^/]+)/global/snapshots/[^/]+");
    private static final Pattern ZONE = Pattern.compile("([a-z]+-[a-z]+[0-9]+)-[a-z]");

    private Compute() {}

    /**
     * A SNAPSHOT_COPY of the source disk to the snapshot, destination region the one
     * {@code storageLocations} names (a multi-region such as {@code us} as written; none named:
     * Compute picks the multi-region nearest the disk and the log does not say which), destination
     * account the snapshot's project where the entry names the snapshot. The entry that ends the
     * operation repeats no request and is not counted again.
     */
    static String snapshot(Entry e) {
        JsonNode request = Json.get(e.payload, "request");
        if (request == null) {
            return "no request: the end of an operation, counted at its start";
        }
        String resource = Json.text(e.payload, "resourceName");
        Matcher disk = path(Json.text(request, "sourceDisk"), DISK);
        if (disk == null) {
            disk = path(resource, DISK);
        }
        if (disk == null) {
            return "names no source disk (request.sourceDisk or a disk resourceName)";
        }
        String project = disk.group(1);
        Matcher snapshot = path(Json.text(Json.get(e.payload, "response"), "targetLink"), SNAPSHOT);
        if (snapshot == null) {
            snapshot = path(resource, SNAPSHOT);
        }
        String name = Json.text(request, "name");
        if (snapshot == null && name != null && e.method.endsWith("disks.createSnapshot")) {
            // createSnapshot makes the snapshot in the disk's own project.
            snapshot = path("projects/" + project + "/global/snapshots/" + name, SNAPSHOT);
        }
        List<String> locations = Json.texts(Json.get(request, "storageLocations"));
        e.replication(
                ReplicationKind.SNAPSHOT_COPY,
                null,
                disk.group(),
                project,
                Entry.regionId(region(disk.group(2))),
                snapshot == null ? null : snapshot.group(),
                locations.isEmpty() ? null : Entry.regionId(locations.get(0)),
                snapshot == null ? null : snapshot.group(1),
                false);
        return null;
    }

    /**
     * The resource path in a Compute URL or path ({@code https://.../compute/v1/projects/...}),
     * matched; null if it does not match.
     */
    private static Matcher path(String name, Pattern pattern) {
        if (name == null) {
            return null;
        }
        int projects = name.indexOf("projects/");
        Matcher path = pattern.matcher(projects < 0 ? name : name.substring(projects));
        return path.matches() ? path : null;
    }

    /** The region of a zone ({@code us-central1-a} -> {@code us-central1}); a region as it is. */
    static String region(String location) {
        Matcher zone = ZONE.matcher(location);
        return zone.matches() ? zone.group(1) : location;
    }
}
