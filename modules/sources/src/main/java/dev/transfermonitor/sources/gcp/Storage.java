package dev.transfermonitor.sources.gcp;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.sources.Json;

/** Cloud Storage object reads, and the bucket a resource name names. */
final class Storage {

    private static final String BUCKETS = "projects/_/buckets/";

    private Storage() {}

    /** {@code projects/_/buckets/B} or {@code projects/_/buckets/B/objects/O} -> B; else null. */
    static String bucketOf(String resourceName) {
        if (resourceName == null || !resourceName.startsWith(BUCKETS)) {
            return null;
        }
        String rest = resourceName.substring(BUCKETS.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        return bucket.isBlank() ? null : bucket;
    }

    /**
     * storage.objects.get: one read of one object of the bucket (the asset). The audit log gives
     * no size, so a read counts one record and no bytes, as a CloudTrail read without
     * {@code bytesTransferredOut} does.
     */
    static String read(Entry e) {
        String bucket = bucketOf(Json.text(e.payload, "resourceName"));
        if (bucket == null) {
            return "resourceName names no bucket (projects/_/buckets/...)";
        }
        e.access(AccessAction.READ, bucket, e.project, e.resourceRegion(), 1, 0);
        return null;
    }
}
