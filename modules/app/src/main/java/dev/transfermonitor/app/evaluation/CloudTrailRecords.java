package dev.transfermonitor.app.evaluation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.sources.JsonPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The simulator's traffic told as CloudTrail records, the way AWS would log it for the sample
 * company: staff through Identity Center sessions, services and the departed employee with IAM
 * users' access keys, reads as S3 data events on the databases' export buckets, backups as RDS
 * snapshot copies to Singapore, the planted replication as a bucket replication rule and the
 * planted share as an RDS snapshot shared with another account. The names used here are the
 * aliases, resource names and access keys of the bundled reference data, so the monitor resolves
 * each record back to the simulator's principal and asset.
 */
public final class CloudTrailRecords {

    /** The sample company's account, as in the reference data. */
    static final String ACCOUNT = "111111111111";

    /** Identity Center's role for the staff; the session name is the employee's principal id. */
    static final String SSO_ROLE = "AWSReservedSSO_HanbitStaff_5e1f0c2a9b7d4e31";

    /** Credential id of the reference data -> the access key id AWS shows for it. */
    static final Map<String, String> ACCESS_KEYS = Map.of(
            "key-emp-2040-api", "AKIAHANBIT2040APIKEY",
            "key-svc-backup", "AKIAHANBITSVCBACKUP1",
            "key-svc-etl", "AKIAHANBITSVCETLJOB1",
            "key-svc-analytics", "AKIAHANBITANALYTICS1",
            "key-svc-orders-api", "AKIAHANBITORDERSAPI1");

    /** Asset id -> the bucket its exports are read from, and the AWS region both live in. */
    static final Map<String, Bucket> BUCKETS = Map.of(
            "crm-db-seoul", new Bucket("hanbit-crm-seoul", "ap-northeast-2"),
            "orders-db-seoul", new Bucket("hanbit-orders-seoul", "ap-northeast-2"),
            "backup-vault-singapore", new Bucket("hanbit-backup-singapore", "ap-southeast-1"),
            "telemetry-lake-virginia", new Bucket("hanbit-telemetry-virginia", "us-east-1"),
            "marketing-lake-virginia", new Bucket("hanbit-marketing-virginia", "us-east-1"));

    /** Where the services' calls come from: the Seoul VPC's S3 endpoint. */
    private static final String VPC_ENDPOINT = "vpce-0a1b2c3d4e5f60718";

    record Bucket(String name, String region) {}

    private CloudTrailRecords() {}

    /** One CloudTrail record for a simulated read. */
    public static byte[] of(DataAccessEvent e) {
        Bucket bucket = bucket(e.getAssetId());
        boolean select =
                e.getAction() == AccessAction.QUERY && e.getCredentialId().startsWith("sso-");
        ObjectNode r =
                header(e.getEventId(), e.getOccurredAt(), e.getPrincipalId(), e.getCredentialId(), e.getAuthMethod());
        r.put("eventSource", "s3.amazonaws.com");
        r.put("eventName", select ? "SelectObjectContent" : "GetObject");
        r.put("awsRegion", bucket.region());
        String ip = e.getClientIp() != null ? e.getClientIp() : vpcAddress(e.getEventId());
        r.put("sourceIPAddress", ip);
        r.put("userAgent", userAgent(e.getApplication()));
        String key = "exports/" + day(e.getOccurredAt()) + "/part-"
                + (Math.floorMod(e.getEventId().hashCode(), 10_000)) + (select ? ".csv" : ".parquet");
        ObjectNode request = r.putObject("requestParameters");
        request.put("bucketName", bucket.name());
        request.put("Host", bucket.name() + ".s3." + bucket.region() + ".amazonaws.com");
        request.put("key", key);
        if (select) {
            request.put("select", "");
            request.put("select-type", "2");
        }
        r.putNull("responseElements");
        ObjectNode additional = r.putObject("additionalEventData");
        additional.put("SignatureVersion", "SigV4");
        additional.put("CipherSuite", "TLS_AES_128_GCM_SHA256");
        additional.put("bytesTransferredIn", 0);
        additional.put("AuthenticationMethod", "AuthHeader");
        additional.put("bytesTransferredOut", e.getByteCount());
        trailer(r, e.getEventId(), true, "Data");
        r.withArray("resources")
                .addObject()
                .put("type", "AWS::S3::Object")
                .put("ARN", "arn:aws:s3:::" + bucket.name() + "/" + key);
        r.withArray("resources")
                .addObject()
                .put("accountId", ACCOUNT)
                .put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::" + bucket.name());
        if (e.getClientIp() == null) {
            r.put("vpcEndpointId", VPC_ENDPOINT);
            r.put("vpcEndpointAccountId", ACCOUNT);
        }
        return bytes(r);
    }

    /**
     * One CloudTrail record for a simulated replication: the S3 replication rule, the RDS
     * snapshot copy or share that does it; an ETL run is its read of the source's exports.
     */
    public static byte[] of(ReplicationEvent e) {
        return switch (e.getKind()) {
            case ETL ->
                of(DataAccessEvent.newBuilder()
                        .setEventId(e.getEventId())
                        .setOccurredAt(e.getOccurredAt())
                        .setPrincipalId(e.getPrincipalId())
                        .setCredentialId(e.getCredentialId())
                        .setAuthMethod(AuthMethod.API_KEY)
                        .setAction(AccessAction.READ)
                        .setAssetId(e.getSourceAssetId())
                        .setRecordCount(e.getRecordCount())
                        .setByteCount(e.getByteCount())
                        .setApplication("etl-jobs")
                        .build());
            case REPLICA -> replicationRule(e);
            case BACKUP -> snapshotCopy(e);
            case SNAPSHOT_SHARE -> snapshotShare(e);
            default -> throw new IllegalArgumentException("the simulator sends no " + e.getKind() + " events");
        };
    }

    /** PutBucketReplication on the source's bucket, one rule to the destination's bucket. */
    private static byte[] replicationRule(ReplicationEvent e) {
        Bucket source = bucket(e.getSourceAssetId());
        Bucket target = bucket(e.getDestinationAssetId());
        ObjectNode r = management(e, "s3.amazonaws.com", "PutBucketReplication", source.region());
        ObjectNode request = r.putObject("requestParameters");
        request.put("bucketName", source.name());
        request.put("Host", source.name() + ".s3." + source.region() + ".amazonaws.com");
        request.put("replication", "");
        ObjectNode config = request.putObject("ReplicationConfiguration");
        config.put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
        config.put("Role", "arn:aws:iam::" + ACCOUNT + ":role/s3-replication");
        ObjectNode rule = config.putObject("Rule");
        rule.put("ID", e.getJobId());
        rule.put("Status", "Enabled");
        rule.put("Priority", 1);
        rule.putObject("DeleteMarkerReplication").put("Status", "Disabled");
        rule.putObject("Filter").put("Prefix", "");
        rule.putObject("Destination").put("Bucket", "arn:aws:s3:::" + target.name());
        r.putNull("responseElements");
        trailer(r, e.getEventId(), false, "Management");
        r.withArray("resources")
                .addObject()
                .put("accountId", ACCOUNT)
                .put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::" + source.name());
        return bytes(r);
    }

    /** CopyDBSnapshot, logged in the destination's region, of the source's automated snapshot. */
    private static byte[] snapshotCopy(ReplicationEvent e) {
        Bucket source = bucket(e.getSourceAssetId());
        Bucket target = bucket(e.getDestinationAssetId());
        String snapshot = e.getSourceAssetId() + "-" + snapshotTime(e.getOccurredAt());
        ObjectNode r = management(e, "rds.amazonaws.com", "CopyDBSnapshot", target.region());
        ObjectNode request = r.putObject("requestParameters");
        request.put(
                "sourceDBSnapshotIdentifier",
                "arn:aws:rds:" + source.region() + ":" + ACCOUNT + ":snapshot:rds:" + snapshot);
        request.put("targetDBSnapshotIdentifier", snapshot + "-copy");
        request.put("copyTags", true);
        request.put("sourceRegion", source.region());
        ObjectNode response = r.putObject("responseElements");
        response.put("dBSnapshotIdentifier", snapshot + "-copy");
        response.put("status", "pending");
        response.put("sourceRegion", source.region());
        trailer(r, e.getEventId(), false, "Management");
        return bytes(r);
    }

    /** ModifyDBSnapshotAttribute: restore permission on a manual snapshot for the other account. */
    private static byte[] snapshotShare(ReplicationEvent e) {
        Bucket source = bucket(e.getSourceAssetId());
        String snapshot = e.getSourceAssetId() + "-" + snapshotTime(e.getOccurredAt());
        ObjectNode r = management(e, "rds.amazonaws.com", "ModifyDBSnapshotAttribute", source.region());
        ObjectNode request = r.putObject("requestParameters");
        request.put("dBSnapshotIdentifier", snapshot);
        request.put("attributeName", "restore");
        request.putArray("valuesToAdd").add(e.getDestinationAccount());
        ObjectNode attribute = r.putObject("responseElements")
                .put("dBSnapshotIdentifier", snapshot)
                .putArray("dBSnapshotAttributes")
                .addObject();
        attribute.put("attributeName", "restore");
        attribute.putArray("attributeValues").add(e.getDestinationAccount());
        trailer(r, e.getEventId(), false, "Management");
        return bytes(r);
    }

    private static ObjectNode management(ReplicationEvent e, String service, String name, String region) {
        ObjectNode r = header(
                e.getEventId(),
                e.getOccurredAt(),
                e.getPrincipalId(),
                e.getCredentialId(),
                e.getCredentialId().startsWith("sso-") ? AuthMethod.MFA : AuthMethod.API_KEY);
        r.put("eventSource", service);
        r.put("eventName", name);
        r.put("awsRegion", region);
        r.put("sourceIPAddress", vpcAddress(e.getEventId()));
        r.put("userAgent", userAgent(null));
        return r;
    }

    private static ObjectNode header(String eventId, Instant at, String principal, String credential, AuthMethod auth) {
        ObjectNode r = JsonPayloads.mapper().createObjectNode();
        r.put("eventVersion", "1.09");
        ObjectNode user = r.putObject("userIdentity");
        String key = ACCESS_KEYS.get(credential);
        if (key != null) {
            user.put("type", "IAMUser");
            user.put("principalId", "AIDA" + code(principal, 17));
            user.put("arn", "arn:aws:iam::" + ACCOUNT + ":user/" + principal);
            user.put("accountId", ACCOUNT);
            user.put("accessKeyId", key);
            user.put("userName", principal);
        } else if (credential.startsWith("sso-")) {
            String roleId = "AROA" + code(SSO_ROLE, 17);
            user.put("type", "AssumedRole");
            user.put("principalId", roleId + ":" + principal);
            user.put("arn", "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + SSO_ROLE + "/" + principal);
            user.put("accountId", ACCOUNT);
            user.put("accessKeyId", "ASIA" + code(principal + day(at), 16));
            ObjectNode session = user.putObject("sessionContext");
            session.putObject("sessionIssuer")
                    .put("type", "Role")
                    .put("principalId", roleId)
                    .put(
                            "arn",
                            "arn:aws:iam::" + ACCOUNT + ":role/aws-reserved/sso.amazonaws.com/ap-northeast-2/"
                                    + SSO_ROLE)
                    .put("accountId", ACCOUNT)
                    .put("userName", SSO_ROLE);
            session.putObject("attributes")
                    .put("creationDate", iso(at.truncatedTo(ChronoUnit.HOURS)))
                    .put("mfaAuthenticated", String.valueOf(auth == AuthMethod.MFA));
        } else {
            throw new IllegalArgumentException("no AWS identity for credential " + credential);
        }
        r.put("eventTime", iso(at));
        return r;
    }

    private static void trailer(ObjectNode r, String eventId, boolean readOnly, String category) {
        UUID id = UUID.nameUUIDFromBytes(eventId.getBytes(StandardCharsets.UTF_8));
        r.put("requestID", code(eventId, 16));
        r.put("eventID", id.toString());
        r.put("readOnly", readOnly);
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", category.equals("Management"));
        r.put("recipientAccountId", ACCOUNT);
        r.put("eventCategory", category);
    }

    private static Bucket bucket(String assetId) {
        Bucket bucket = BUCKETS.get(assetId);
        if (bucket == null) {
            throw new IllegalArgumentException("asset " + assetId + " is not in AWS");
        }
        return bucket;
    }

    /** A private address of the Seoul VPC (inside the corp range, outside the Singapore VPN's). */
    private static String vpcAddress(String eventId) {
        int h = eventId.hashCode();
        return "10.1." + ((h >>> 8) & 0xff) + "." + (1 + Math.floorMod(h, 254));
    }

    private static String userAgent(String application) {
        if ("python-requests".equals(application)) {
            return "python-requests/2.31.0";
        }
        return "[aws-sdk-java/2.25.60 Linux/6.1.0 OpenJDK_64-Bit_Server_VM/17.0.12+7 Java/17.0.12"
                + (application == null ? "" : " app/" + application) + "]";
    }

    /** Upper-case letters and digits, stable for the same input: AWS's ids have that shape. */
    private static String code(String seed, int length) {
        UUID uuid = UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8));
        String hex = (Long.toUnsignedString(uuid.getMostSignificantBits(), 36)
                        + Long.toUnsignedString(uuid.getLeastSignificantBits(), 36))
                .toUpperCase(Locale.ROOT);
        return (hex + hex).substring(0, length);
    }

    private static String iso(Instant at) {
        return at.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String day(Instant at) {
        return at.toString().substring(0, 10);
    }

    /** As RDS names automated snapshots: {@code yyyy-mm-dd-hh-mm}. */
    private static String snapshotTime(Instant at) {
        return at.toString().substring(0, 16).replace('T', '-').replace(':', '-');
    }

    private static byte[] bytes(ObjectNode record) {
        return record.toString().getBytes(StandardCharsets.UTF_8);
    }
}
