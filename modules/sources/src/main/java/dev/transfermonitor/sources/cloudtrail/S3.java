package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** S3: object reads, copies out of a bucket, replication rules, bucket policies and ACLs. */
final class S3 {

    private static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
    private static final String AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
    private static final Set<String> PUBLIC_CANNED = Set.of("public-read", "public-read-write", "authenticated-read");

    private S3() {}

    static String bucketArn(String bucket) {
        return bucket == null ? null : "arn:aws:s3:::" + bucket;
    }

    /** GetObject, SelectObjectContent: one read of one object of the bucket (asset). */
    static String read(Call c, AccessAction action) {
        String bucket = Json.text(c.request(), "bucketName");
        if (bucket == null) {
            return "no bucketName in requestParameters";
        }
        long bytes = Json.count(c.additional(), "bytesTransferredOut");
        c.access(action, bucketArn(bucket), bytes);
        return null;
    }

    /** CopyObject into another bucket: an export to that bucket, in whatever account owns it. */
    static String copyObject(Call c) {
        String target = Json.text(c.request(), "bucketName");
        String copySource = Json.text(c.request(), "x-amz-copy-source");
        String source = sourceBucket(copySource);
        if (target == null || source == null) {
            return "no bucketName or x-amz-copy-source in requestParameters";
        }
        if (source.equals(target)) {
            return "a copy within one bucket";
        }
        c.replication(
                ReplicationKind.EXPORT,
                bucketArn(source),
                null,
                bucketArn(target),
                null,
                resourceAccount(c.record, bucketArn(target)),
                false,
                Json.count(c.additional(), "bytesTransferredIn"));
        return null;
    }

    /** {@code /bucket/key?versionId=...}, URL-encoded or not, -> bucket. */
    static String sourceBucket(String copySource) {
        if (copySource == null) {
            return null;
        }
        String s = copySource;
        try {
            s = URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // not encoded after all
        }
        if (s.startsWith("/")) {
            s = s.substring(1);
        }
        int slash = s.indexOf('/');
        String bucket = slash < 0 ? s : s.substring(0, slash);
        return bucket.isBlank() ? null : bucket;
    }

    /** The account a record's resources list gives for an ARN, or null. */
    static String resourceAccount(JsonNode record, String arn) {
        for (JsonNode resource : Json.items(Json.get(record, "resources"))) {
            if (arn.equals(Json.text(resource, "ARN", "arn"))) {
                return Json.text(resource, "accountId");
            }
        }
        return null;
    }

    /** PutBucketReplication: a standing replica to each enabled rule's destination bucket. */
    static String replication(Call c) {
        String bucket = Json.text(c.request(), "bucketName");
        JsonNode config = Json.get(c.request(), "ReplicationConfiguration", "replicationConfiguration");
        if (bucket == null || config == null) {
            return "no bucketName or ReplicationConfiguration in requestParameters";
        }
        int rules = 0;
        for (JsonNode rule : Json.items(Json.get(config, "Rule", "Rules", "rule"))) {
            if ("Disabled".equalsIgnoreCase(Json.text(rule, "Status"))) {
                continue;
            }
            JsonNode destination = Json.get(rule, "Destination", "destination");
            String target = Json.text(destination, "Bucket", "bucket");
            if (target == null) {
                continue;
            }
            rules++;
            c.replication(
                    ReplicationKind.REPLICA,
                    bucketArn(bucket),
                    null,
                    target.startsWith("arn:") ? target : bucketArn(target),
                    null,
                    Json.text(destination, "Account", "account"),
                    false,
                    0);
        }
        return rules == 0 ? "no enabled rule with a destination bucket" : null;
    }

    /**
     * PutBucketPolicy: every Allow statement whose principal is another account, or anyone
     * without a condition that narrows who, is a grant of the bucket to that account or the public.
     */
    static String policy(Call c) {
        String bucket = Json.text(c.request(), "bucketName");
        JsonNode policy = Json.get(c.request(), "bucketPolicy", "policy");
        if (policy != null && policy.isTextual()) {
            policy = parsePolicy(policy.asText());
        }
        if (bucket == null || policy == null) {
            return "no bucketName or bucketPolicy in requestParameters";
        }
        boolean everyone = false;
        Set<String> accounts = new LinkedHashSet<>();
        for (JsonNode statement : Json.items(Json.get(policy, "Statement"))) {
            if (!"Allow".equalsIgnoreCase(Json.text(statement, "Effect"))) {
                continue;
            }
            JsonNode principal = Json.get(statement, "Principal");
            boolean narrowed = Policies.narrowsWho(Json.get(statement, "Condition"));
            for (String p : Policies.awsPrincipals(principal)) {
                if (p.equals("*")) {
                    everyone |= !narrowed;
                } else {
                    String account = Policies.accountOf(p);
                    if (account != null && !account.equals(c.account)) {
                        accounts.add(account);
                    }
                }
            }
        }
        return grants(c, bucket, everyone, accounts, "the policy grants no other account and not the public");
    }

    /** PutBucketAcl: a canned public ACL, or grants to AllUsers / AuthenticatedUsers or to another canonical user. */
    static String acl(Call c) {
        String bucket = Json.text(c.request(), "bucketName");
        if (bucket == null) {
            return "no bucketName in requestParameters";
        }
        boolean everyone = false;
        for (String canned : Json.texts(Json.get(c.request(), "x-amz-acl"))) {
            everyone |= PUBLIC_CANNED.contains(canned);
        }
        JsonNode policy = Json.get(c.request(), "AccessControlPolicy");
        String owner = Json.text(Json.get(policy, "Owner"), "ID");
        Set<String> accounts = new LinkedHashSet<>();
        for (JsonNode grant : Json.items(Json.get(Json.get(policy, "AccessControlList"), "Grant"))) {
            JsonNode grantee = Json.get(grant, "Grantee");
            String uri = Json.text(grantee, "URI");
            String id = Json.text(grantee, "ID");
            if (ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri)) {
                everyone = true;
            } else if (id != null && !id.equals(owner)) {
                accounts.add("canonical:" + id);
            }
        }
        return grants(c, bucket, everyone, accounts, "the ACL grants no other account and not the public");
    }

    private static String grants(Call c, String bucket, boolean everyone, Set<String> accounts, String none) {
        if (everyone) {
            c.replication(ReplicationKind.GRANT, bucketArn(bucket), null, null, c.region, null, true, 0);
        }
        for (String account : accounts) {
            c.replication(ReplicationKind.GRANT, bucketArn(bucket), null, null, c.region, account, false, 0);
        }
        return everyone || !accounts.isEmpty() ? null : none;
    }

    private static JsonNode parsePolicy(String text) {
        try {
            return JsonPayloads.mapper().readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
