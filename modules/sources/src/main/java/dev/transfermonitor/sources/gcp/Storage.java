package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import java.util.Set;

/** Cloud Storage object reads, and IAM policy changes that open a bucket (or any resource) to everyone. */
final class Storage {

    /** The members that stand for anyone on the internet, signed in or not. */
    private static final Set<String> PUBLIC_MEMBERS = Set.of("allUsers", "allAuthenticatedUsers");

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

    /**
     * storage.setIamPermissions and SetIamPolicy: a binding added for allUsers or
     * allAuthenticatedUsers, in whatever role, is a public grant of the resource (a bucket by
     * its name, anything else by its resource name), as a CloudTrail bucket policy for
     * {@code *} is. Read from the change the entry records ({@code serviceData.policyDelta}).
     */
    static String iamPolicy(Entry e) {
        String resource = Json.text(e.payload, "resourceName");
        JsonNode delta = Json.get(Json.get(e.payload, "serviceData"), "policyDelta");
        if (resource == null || delta == null) {
            return "no resourceName or serviceData.policyDelta: the change is not shown";
        }
        boolean everyone = false;
        for (JsonNode binding : Json.items(Json.get(delta, "bindingDeltas"))) {
            String member = Json.text(binding, "member");
            if ("ADD".equals(Json.text(binding, "action")) && member != null && PUBLIC_MEMBERS.contains(member)) {
                everyone = true;
                break;
            }
        }
        if (!everyone) {
            return "the change adds no binding for allUsers or allAuthenticatedUsers";
        }
        String bucket = bucketOf(resource);
        String region = e.resourceRegion();
        e.replication(
                ReplicationKind.GRANT,
                null,
                bucket != null ? bucket : resource,
                e.project,
                region,
                null,
                region,
                null,
                true);
        return null;
    }
}
