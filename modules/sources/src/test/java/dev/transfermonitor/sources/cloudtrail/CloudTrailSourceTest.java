package dev.transfermonitor.sources.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloudTrailSourceTest {

    private final CloudTrailSource source = new CloudTrailSource(true);

    private List<Outcome> read(byte[] payload) {
        List<Outcome> out = new ArrayList<>();
        source.read(payload, out::add);
        return out;
    }

    private List<Outcome> read(String fixture) {
        return read(Fixtures.bytes(fixture));
    }

    private Outcome one(String fixture) {
        List<Outcome> outcomes = read(fixture);
        assertThat(outcomes).hasSize(1);
        return outcomes.get(0);
    }

    private static ReplicationEvent replication(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        List<?> events = ((Outcome.Mapped) outcome).events();
        assertThat(events).hasSize(1).first().isInstanceOf(ReplicationEvent.class);
        return (ReplicationEvent) events.get(0);
    }

    private Outcome map(ObjectNode record) {
        return source.map(record);
    }

    @Test
    void anEbsSnapshotSharedWithAnotherAccount() {
        ReplicationEvent e = replication(one("snapshots/ModifySnapshotAttribute.json"));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
        assertThat(e.getEventId()).isEqualTo("6897ff63-d738-445c-9e86-43e5b1f8e12f");
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2024-08-01T12:28:02Z"));
        assertThat(e.getPrincipalId()).isEqualTo("arn:aws:iam::756680937392:user/christophe");
        assertThat(e.getCredentialId()).isEqualTo("AKIAYLJU0B35TFSNKCS2");
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:ec2:me-central-3r::snapshot/snap-041993b54a9b3af6f");
        assertThat(e.getDestinationAccount()).isEqualTo("098797384747");
        assertThat(e.getDestinationRegion()).isEqualTo("aws:me-central-3r");
        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SOURCE, "cloudtrail")
                .containsEntry(EventAttributes.SOURCE_EVENT, "ModifySnapshotAttribute")
                .containsEntry(EventAttributes.ASSET_REGION, "aws:me-central-3r")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "756680937392");
    }

    @Test
    void aSnapshotMadePublicIsOneSharePublicAccess() {
        ObjectNode record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        // The real share, with its one userId item replaced by the group "all", as AWS writes a public share.
        ArrayNode items = (ArrayNode) record.at("/requestParameters/createVolumePermission/add/items");
        items.removeAll().addObject().put("group", "all");

        ReplicationEvent e = replication(map(record));

        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getDestinationAccount()).isNull();
    }

    @Test
    void aSnapshotOfAVolumeTheTrailSawIsTheVolume() {
        ObjectNode create = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        // A CreateSnapshot shaped as EC2 logs it: volumeId in the request, snapshotId in the response.
        create.put("eventName", "CreateSnapshot").put("eventID", "create-1");
        create.putObject("requestParameters").put("volumeId", "vol-0abc");
        create.putObject("responseElements").put("snapshotId", "snap-041993b54a9b3af6f");
        assertThat(map(create)).isInstanceOf(Outcome.Ignored.class);

        ReplicationEvent e = replication(one("snapshots/ModifySnapshotAttribute.json"));

        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:ec2:me-central-3r:756680937392:volume/vol-0abc");
    }

    @Test
    void anAmiSharedWithAnotherAccount() {
        ReplicationEvent e = replication(one("snapshots/ModifyImageAttribute.json"));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:ec2:me-south-1r::image/ami-de1fbCab6ccB03e6D");
        assertThat(e.getDestinationAccount()).isEqualTo("846424999548");
    }

    @Test
    void anRdsSnapshotSharedWithAnAccountAndWithEveryone() {
        ReplicationEvent e = replication(one("snapshots/ModifyDBSnapshotAttribute.json"));
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:rds:meiso-eastwest-2r:171471557522:snapshot:exfiltration");
        assertThat(e.getDestinationAccount()).isEqualTo("503161813013");

        ObjectNode record = Fixtures.tree("snapshots/ModifyDBSnapshotAttribute.json");
        // The same call with valuesToAdd ["all"]: the snapshot made public.
        record.withObject("requestParameters").putArray("valuesToAdd").add("all");
        assertThat(replication(map(record)).getPublicAccess()).isTrue();
    }

    @Test
    void aShareThatOnlyRemovesIsIgnored() {
        ObjectNode record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        ObjectNode permission = record.withObject("requestParameters").withObject("createVolumePermission");
        permission.set("remove", permission.remove("add"));

        assertThat(map(record)).isInstanceOf(Outcome.Ignored.class);
    }

    @Test
    void anObjectReadWithItsBytes() {
        Outcome outcome = one("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");

        assertThat(outcome).isInstanceOf(Outcome.Mapped.class);
        DataAccessEvent e =
                (DataAccessEvent) ((Outcome.Mapped) outcome).events().get(0);
        assertThat(e.getAction()).isEqualTo(AccessAction.READ);
        assertThat(e.getAssetId()).isEqualTo("arn:aws:s3:::panther");
        assertThat(e.getByteCount()).isEqualTo(2441);
        assertThat(e.getRecordCount()).isEqualTo(1);
        assertThat(e.getClientIp()).isEqualTo("142.93.204.250");
        assertThat(e.getPrincipalId()).isEqualTo("arn:aws:sts::111122223333:assumed-role/Panther/1629131846392631241");
        // eventTime "2021-08-16 16:39:43", as this export writes it: no T, no zone.
        assertThat(e.getOccurredAt()).isEqualTo(Instant.parse("2021-08-16T16:39:43Z"));
    }

    @Test
    void bytesWrittenAsTextOrAsAFloatCountTheSame() {
        for (String written : new String[] {"\"2441\"", "2441.0", "\"2.441E3\""}) {
            ObjectNode record = Fixtures.tree("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");
            record.withObject("additionalEventData")
                    .set("bytesTransferredOut", JsonPayloads.mapper().valueToTree(parse(written)));
            Outcome outcome = map(record);
            assertThat(((DataAccessEvent) ((Outcome.Mapped) outcome).events().get(0)).getByteCount())
                    .as(written)
                    .isEqualTo(2441);
        }
    }

    private static Object parse(String json) {
        try {
            return JsonPayloads.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anAwsServiceAsClientIsRecordedNotRefused() {
        ObjectNode record = Fixtures.tree("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");
        record.put("sourceIPAddress", "AWS Internal");

        DataAccessEvent e =
                (DataAccessEvent) ((Outcome.Mapped) map(record)).events().get(0);

        assertThat(e.getClientIp()).isNull();
        assertThat(e.getAttributes()).containsEntry(EventAttributes.SERVICE_CLIENT, "AWS Internal");
    }

    @Test
    void aTimestampFieldStandsInForEventTime() {
        ObjectNode record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        record.set("@timestamp", record.remove("eventTime"));

        assertThat(replication(map(record)).getOccurredAt()).isEqualTo(Instant.parse("2024-08-01T12:28:02Z"));
    }

    @Test
    void aFailedCallMovedNothing() {
        assertThat(one("snapshots/StartQueryExecution-failed.json")).isInstanceOf(Outcome.Failed.class);
        assertThat(one("s3-iam/PutBucketAcl-accessdenied-assumedrole.json"))
                .isEqualTo(new Outcome.Failed("PutBucketAcl", "AccessDenied"));
        assertThat(one("s3-iam/CreateAccessKey-error-limitexceeded.json")).isInstanceOf(Outcome.Failed.class);
        assertThat(one("stratus/RunInstances-failed-unauthorized.json")).isInstanceOf(Outcome.Failed.class);
    }

    @Test
    void operationsThatMoveNoDataAreIgnoredByName() {
        for (String fixture : List.of(
                "snapshots/StartQueryExecution.json",
                "snapshots/GetRecords-dynamodb-streams.json",
                "s3-iam/ConsoleLogin-iamuser-mfa-success.json",
                "s3-iam/ConsoleLogin-root-success.json",
                "s3-iam/ListBuckets-querystring.json",
                "stratus/CreateUser-admin-user.json",
                "stratus/AttachUserPolicy-admin-user.json",
                "stratus/GetCallerIdentity-federateduser.json",
                "stratus/AssumeRole-iamuser.json",
                "s3-iam/eventbridge-CreateBucket.json")) {
            assertThat(one(fixture)).as(fixture).isInstanceOf(Outcome.Ignored.class);
        }
    }

    @Test
    void aCopyWithinOneBucketIsNoExportButOneIntoAnotherIs() {
        assertThat(one("stratus/CopyObject-sse-c-sample.json")).isInstanceOf(Outcome.Invalid.class);
        ObjectNode record = Fixtures.tree("stratus/CopyObject-sse-c-sample.json");
        // The sample lacks the header fields; the test gives them, and a source in another bucket.
        record.put("eventTime", "2024-08-01T12:00:00Z").put("eventID", "copy-1");
        record.putObject("userIdentity").put("type", "IAMUser").put("arn", "arn:aws:iam::012345678901:user/u");
        assertThat(map(record)).isInstanceOf(Outcome.Ignored.class);

        record.withObject("requestParameters").put("x-amz-copy-source", "customer-data/target%20file.txt");
        ReplicationEvent e = replication(map(record));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:s3:::customer-data");
        assertThat(e.getDestinationAssetId()).isEqualTo("arn:aws:s3:::target bucket");
        assertThat(e.getDestinationAccount()).isEqualTo("012345678901");
    }

    @Test
    void aBucketPolicyOpenToEveryoneIsAPublicGrant() {
        ObjectNode record = Fixtures.tree("s3-iam/PutBucketPolicy-principal-star-vpce.json");
        ReplicationEvent e = replication(map(record));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.GRANT);
        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:s3:::test");

        // The same statement narrowed to one VPC endpoint grants nobody outside.
        ObjectNode statement = (ObjectNode) record.at("/requestParameters/bucketPolicy/Statement/0");
        statement.putObject("Condition").putObject("StringEquals").put("aws:SourceVpce", "vpce-00000000");
        assertThat(map(record)).isInstanceOf(Outcome.Ignored.class);

        // A statement (one object, not an array) for another account is a grant to it.
        ObjectNode policy = (ObjectNode) record.at("/requestParameters/bucketPolicy");
        ObjectNode one = policy.putObject("Statement").put("Effect", "Allow");
        one.putObject("Principal").put("AWS", "arn:aws:iam::999999999999:root");
        assertThat(replication(map(record)).getDestinationAccount()).isEqualTo("999999999999");
    }

    private static void fillPlaceholders(ObjectNode record) {
        record.put("eventTime", "2019-07-09T21:13:33Z")
                .put("eventID", "policy-1")
                .put("sourceIPAddress", "192.0.2.1");
        record.putObject("userIdentity").put("type", "IAMUser").put("arn", "arn:aws:iam::123456789123:user/u");
    }

    @Test
    void anAclForAllUsersIsAPublicGrantAndOneForTheOwnerIsNothing() {
        ObjectNode record = Fixtures.tree("s3-iam/PutBucketAcl-allusers-placeholders.json");
        fillPlaceholders(record);
        record.put("eventSource", "s3.amazonaws.com");
        assertThat(replication(map(record)).getPublicAccess()).isTrue();

        // Grant as one object, to the owner itself: no one else.
        assertThat(one("s3-iam/PutBucketAcl-canonicaluser.json")).isInstanceOf(Outcome.Ignored.class);
    }

    @Test
    void keyLifecycleKeepsCredentialsCurrent() {
        Outcome created = one("stratus/CreateAccessKey-admin-user.json");
        assertThat(created).isInstanceOf(Outcome.Mapped.class);
        Credential key = ((Outcome.Mapped) created).credentials().get(0);
        assertThat(key.getCredentialId()).isEqualTo("AKIAXAFZN8JEPF6L682H");
        assertThat(key.getPrincipalId()).isEqualTo("arn:aws:iam::229654561268:user/malicious-iam-user");
        assertThat(key.getRevokedAt()).isNull();

        ObjectNode update = Fixtures.tree("stratus/CreateAccessKey-admin-user.json");
        // An UpdateAccessKey of that key to Inactive, as IAM logs it: accessKeyId and status in the request.
        update.put("eventName", "UpdateAccessKey").put("eventTime", "2024-09-01T00:00:00Z");
        update.withObject("requestParameters")
                .put("accessKeyId", "AKIAXAFZN8JEPF6L682H")
                .put("status", "Inactive");
        Credential revoked = ((Outcome.Mapped) map(update)).credentials().get(0);
        assertThat(revoked.getRevokedAt()).isEqualTo(Instant.parse("2024-09-01T00:00:00Z"));

        assertThat(new CloudTrailSource(false).map(Fixtures.tree("stratus/CreateAccessKey-admin-user.json")))
                .isInstanceOf(Outcome.Ignored.class);
    }

    @Test
    void identitiesResolveToArnsWithTheirFurtherNames() {
        ObjectNode record = Fixtures.tree("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");
        ObjectNode session = record.withObject("userIdentity").withObject("sessionContext");
        session.put("sourceIdentity", "jdoe");
        session.putObject("sessionIssuer").put("type", "Role").put("arn", "arn:aws:iam::111122223333:role/Panther");
        session.putObject("attributes").put("mfaAuthenticated", "true");

        DataAccessEvent e =
                (DataAccessEvent) ((Outcome.Mapped) map(record)).events().get(0);

        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.PRINCIPAL_ALIASES, "jdoe arn:aws:iam::111122223333:role/Panther");
        assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.MFA);
        assertThat(e.getCredentialId()).isNull();
        assertThat(e.getAttributes()).containsEntry(EventAttributes.SESSION_CREDENTIAL, "AAAA22222XXXXXBBBBBBB");
    }

    @Test
    void aTrimmedSessionWithoutItsIssuerStillNamesItsRole() {
        ReplicationEvent e = replication(one("copies-exports/CopyDBSnapshot-crossregion-panther-fixture.json"));

        assertThat(e.getPrincipalId()).isEqualTo("arn:aws:sts::123456789012:assumed-role/DeveloperRole/user");
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.PRINCIPAL_ALIASES, "arn:aws:iam::123456789012:role/DeveloperRole");
        assertThat(Identity.roleOfSession("arn:aws-cn:sts::123456789012:assumed-role/r/s"))
                .isEqualTo("arn:aws-cn:iam::123456789012:role/r");
        assertThat(Identity.roleOfSession("arn:aws:iam::123456789012:user/alice"))
                .isNull();
        assertThat(Identity.roleOfSession("arn:aws:sts::123456789012:assumed-role/no-session"))
                .isNull();
    }

    @Test
    void aSessionIssuedToAnInstanceIsKnownWhenItIsUsed() {
        ObjectNode assume = Fixtures.tree("stratus/AssumeRole-iamuser.json");
        // The same AssumeRole made by EC2 for an instance profile: userIdentity AWSService, invokedBy EC2.
        assume.putObject("userIdentity").put("type", "AWSService").put("invokedBy", "ec2.amazonaws.com");
        String key = assume.at("/responseElements/credentials/accessKeyId").asText();
        assertThat(map(assume)).isInstanceOf(Outcome.Ignored.class);

        ObjectNode read = Fixtures.tree("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");
        read.withObject("userIdentity").put("accessKeyId", key);
        DataAccessEvent e =
                (DataAccessEvent) ((Outcome.Mapped) map(read)).events().get(0);

        assertThat(e.getAttributes()).containsEntry(EventAttributes.WORKLOAD, "ec2");
    }

    @Test
    void recordsWithoutTheFieldsEveryRecordHasAreInvalid() {
        List<Outcome> lake = read("snapshots/CloudTrailLake-GetQueryResults-response.json");
        assertThat(lake)
                .hasSize(2)
                .allSatisfy(o -> assertThat(((Outcome.Invalid) o).reason())
                        .isEqualTo("not a CloudTrail record: no userIdentity"));
        assertThat(one("s3-iam/DescribeInstances-assumedrole-minimal.json")).isInstanceOf(Outcome.Invalid.class);
        // AWS's illustration of a service event, without the eventID every real record has.
        assertThat(one("snapshots/SharedSnapshotCopyInitiated.json"))
                .extracting(o -> ((Outcome.Invalid) o).reason())
                .isEqualTo("not a CloudTrail record: no eventID");
        assertThat(read("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
                .singleElement()
                .extracting(o -> ((Outcome.Invalid) o).reason())
                .isEqualTo("not a CloudTrail record: no eventName, eventTime, eventID, userIdentity");
    }

    @Test
    void aLogFileBatchAnEnvelopeAndJsonLinesAllRead() {
        String share = new String(Fixtures.bytes("snapshots/ModifySnapshotAttribute.json"), StandardCharsets.UTF_8);
        String ami = new String(Fixtures.bytes("snapshots/ModifyImageAttribute.json"), StandardCharsets.UTF_8);
        String file = "{\"Records\":[" + share + "," + ami + "]}";
        assertThat(read(file.getBytes(StandardCharsets.UTF_8))).hasSize(2).allMatch(o -> o instanceof Outcome.Mapped);

        assertThat(one("s3-iam/eventbridge-CreateBucket.json").eventName()).isEqualTo("CreateBucket");

        String lines = Fixtures.tree("snapshots/ModifySnapshotAttribute.json") + "\n{\"broken\": \n"
                + Fixtures.tree("snapshots/ModifyImageAttribute.json") + "\n";
        List<Outcome> outcomes = read(lines.getBytes(StandardCharsets.UTF_8));
        assertThat(outcomes).hasSize(3);
        assertThat(outcomes.get(0)).isInstanceOf(Outcome.Mapped.class);
        assertThat(outcomes.get(1)).isInstanceOf(Outcome.Invalid.class);
        assertThat(((Outcome.Invalid) outcomes.get(1)).raw().strip())
                .as("the dead letter holds the broken stretch only, not the good record before it")
                .isEqualTo("{\"broken\":");
        assertThat(outcomes.get(2)).isInstanceOf(Outcome.Mapped.class);
    }

    @Test
    void aByteThatIsNotUtf8DoesNotCostTheRecord() {
        byte[] record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json")
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        String text = new String(record, StandardCharsets.UTF_8);
        int at = text.indexOf("stratus-red-team_");
        record[at] = (byte) 0xC3; // a lead byte without its continuation

        assertThat(read(record)).singleElement().isInstanceOf(Outcome.Mapped.class);
    }

    /** A real EC2 record with its operation and parameters replaced, as the API reference names them. */
    private static ObjectNode ec2Call(String eventName) {
        ObjectNode record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        record.put("eventName", eventName).put("awsRegion", "eu-west-1");
        record.putObject("requestParameters");
        record.putObject("responseElements");
        return record;
    }

    @Test
    void aSnapshotCopiedAcrossRegionsComesFromTheSourceRegion() {
        ObjectNode record = ec2Call("CopySnapshot");
        record.withObject("requestParameters")
                .put("sourceRegion", "ap-northeast-2")
                .put("sourceSnapshotId", "snap-1111");
        record.withObject("responseElements").put("snapshotId", "snap-2222");

        ReplicationEvent e = replication(map(record));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_COPY);
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:ec2:ap-northeast-2::snapshot/snap-1111");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:ap-northeast-2");
        assertThat(e.getDestinationRegion()).isEqualTo("aws:eu-west-1");
    }

    @Test
    void anRdsCopyNamesItsSourceByArn() {
        ObjectNode record = ec2Call("CopyDBSnapshot");
        record.put("eventSource", "rds.amazonaws.com");
        record.withObject("requestParameters")
                .put("sourceDBSnapshotIdentifier", "arn:aws:rds:ap-northeast-2:756680937392:snapshot:crm-daily")
                .put("targetDBSnapshotIdentifier", "crm-daily-copy");

        ReplicationEvent e = replication(map(record));

        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:rds:ap-northeast-2:756680937392:snapshot:crm-daily");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:ap-northeast-2");
        assertThat(e.getDestinationRegion()).isEqualTo("aws:eu-west-1");
    }

    @Test
    void aReplicationRuleIsAStandingReplicaPerEnabledRule() {
        ObjectNode record = ec2Call("PutBucketReplication");
        record.put("eventSource", "s3.amazonaws.com");
        ObjectNode config = record.withObject("requestParameters")
                .put("bucketName", "crm-exports")
                .putObject("ReplicationConfiguration");
        // One rule is an object; the test then gives two, an array, one of them disabled.
        config.putObject("Rule")
                .put("Status", "Enabled")
                .putObject("Destination")
                .put("Bucket", "arn:aws:s3:::elsewhere")
                .put("Account", "999999999999");
        ReplicationEvent e = replication(map(record));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.REPLICA);
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:s3:::crm-exports");
        assertThat(e.getDestinationAssetId()).isEqualTo("arn:aws:s3:::elsewhere");
        assertThat(e.getDestinationAccount()).isEqualTo("999999999999");

        ArrayNode rules = config.putArray("Rule");
        rules.addObject().put("Status", "Disabled").putObject("Destination").put("Bucket", "arn:aws:s3:::a");
        rules.addObject().put("Status", "Enabled").putObject("Destination").put("Bucket", "arn:aws:s3:::b");
        assertThat(replication(map(record)).getDestinationAssetId()).isEqualTo("arn:aws:s3:::b");
    }

    @Test
    void exportsGoToTheBucketTheyName() {
        ObjectNode rds = ec2Call("StartExportTask");
        rds.put("eventSource", "rds.amazonaws.com");
        rds.withObject("requestParameters")
                .put("sourceArn", "arn:aws:rds:ap-northeast-2:756680937392:snapshot:crm-daily")
                .put("s3BucketName", "partner-drop");
        ReplicationEvent e = replication(map(rds));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getDestinationAssetId()).isEqualTo("arn:aws:s3:::partner-drop");
        assertThat(e.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:ap-northeast-2");

        ObjectNode dynamo = ec2Call("ExportTableToPointInTime");
        dynamo.put("eventSource", "dynamodb.amazonaws.com");
        dynamo.withObject("requestParameters")
                .put("tableArn", "arn:aws:dynamodb:eu-west-1:756680937392:table/Customers")
                .put("s3Bucket", "partner-drop")
                .put("s3BucketOwner", "999999999999");
        assertThat(replication(map(dynamo)).getDestinationAccount()).isEqualTo("999999999999");
    }

    @Test
    void aLambdaSessionWhoseKeyTheExportRedactedLinksNothing() {
        Outcome assume = one("s3-iam/AssumeRole-awsservice-lambda-panther.json");
        assertThat(assume)
                .isInstanceOfSatisfying(
                        Outcome.Ignored.class, i -> assertThat(i.reason()).contains("lambda", "does not show"));

        // A read signed with the placeholder is no Lambda's: "REDACTED" names no session.
        ObjectNode read = Fixtures.tree("s3-iam/GetObject-assumedrole-bytestransferred-panther.json");
        read.withObject("userIdentity").put("accessKeyId", "REDACTED");
        DataAccessEvent e =
                (DataAccessEvent) ((Outcome.Mapped) map(read)).events().get(0);
        assertThat(e.getAttributes()).doesNotContainKey(EventAttributes.WORKLOAD);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "copies-exports/ModifySnapshotAttribute-public-all-panther.json",
                "copies-exports/ModifySnapshotAttribute-public-all-streamalert.json",
                "copies-exports/ModifyImageAttribute-public-all-panther.json",
                "copies-exports/ModifyImageAttribute-public-all-streamalert.json",
                "copies-exports/ModifyDBClusterSnapshotAttribute-public-all-streamalert.json"
            })
    void snapshotsAndImagesMadePublicAreOnePublicShare(String fixture) {
        ReplicationEvent e = replication(one(fixture));

        assertThat(e.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_SHARE);
        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getDestinationAccount()).isNull();
        assertThat(e.getSourceAssetId()).startsWith("arn:aws:").containsAnyOf("snapshot", "image/ami-");
    }

    @Test
    void anAmiMadePublicFromTheConsoleArrivesInAnEventBridgeEnvelope() {
        ReplicationEvent e =
                replication(one("copies-exports/ModifyImageAttribute-public-all-console-streamalert.json"));

        assertThat(e.getPublicAccess()).isTrue();
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:ec2:us-east-1::image/ami-6eb72111");
        assertThat(e.getPrincipalId()).isEqualTo("arn:aws:iam::444444444444:user/test");
        assertThat(e.getCredentialId())
                .as("a console session's key is temporary")
                .isNull();
        assertThat(e.getAttributes())
                .containsEntry(EventAttributes.SESSION_CREDENTIAL, "ASIAJZ5FBXW6BLKSCUJQ")
                .containsEntry(EventAttributes.ASSET_ACCOUNT, "444444444444");
    }

    @Test
    void aClusterSnapshotSharedWithOneOtherAccount() {
        ReplicationEvent e =
                replication(one("copies-exports/ModifyDBClusterSnapshotAttribute-share-account-streamalert.json"));

        assertThat(e.getPublicAccess()).isFalse();
        assertThat(e.getDestinationAccount()).isEqualTo("123456789013");
        assertThat(e.getSourceAssetId()).isEqualTo("arn:aws:rds:us-east-1:123456789012:cluster-snapshot:mysnapshot");
    }

    @Test
    void rdsCopiesAcrossRegionsLeaveTheSourceRegionAndCopiesWithinOneStay() {
        ReplicationEvent instance = replication(one("copies-exports/CopyDBSnapshot-crossregion-panther-fixture.json"));
        assertThat(instance.getKind()).isEqualTo(ReplicationKind.SNAPSHOT_COPY);
        assertThat(instance.getSourceAssetId())
                .isEqualTo("arn:aws:rds:us-east-1:123456789012:snapshot:prod-backup-2024");
        assertThat(instance.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:us-east-1");
        assertThat(instance.getDestinationRegion()).isEqualTo("aws:us-west-2");

        ReplicationEvent cluster =
                replication(one("copies-exports/CopyDBClusterSnapshot-crossregion-panther-fixture.json"));
        assertThat(cluster.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:us-east-1");
        assertThat(cluster.getDestinationRegion()).isEqualTo("aws:eu-west-1");
        assertThat(cluster.getCredentialId()).isEqualTo("AKIAIOSFODNN7EXAMPLE");

        ReplicationEvent local = replication(one("copies-exports/CopyDBSnapshot-sameregion-panther-fixture.json"));
        assertThat(local.getAttributes()).containsEntry(EventAttributes.ASSET_REGION, "aws:us-east-1");
        assertThat(local.getDestinationRegion()).isEqualTo("aws:us-east-1");
    }

    @Test
    void anRdsSnapshotExportGoesToItsBucketAndAFailedOneMovesNothing() {
        ReplicationEvent e = replication(one("copies-exports/StartExportTask-external-bucket-panther-fixture.json"));
        assertThat(e.getKind()).isEqualTo(ReplicationKind.EXPORT);
        assertThat(e.getSourceAssetId())
                .isEqualTo("arn:aws:rds:us-east-1:123456789012:snapshot:production-db-snapshot");
        assertThat(e.getDestinationAssetId()).isEqualTo("arn:aws:s3:::temp-export-external-bucket");
        assertThat(replication(one("copies-exports/StartExportTask-panther-fixture.json"))
                        .getDestinationAssetId())
                .isEqualTo("arn:aws:s3:::my-export-bucket");

        assertThat(one("copies-exports/StartExportTask-accessdenied-panther-fixture.json"))
                .isInstanceOfSatisfying(
                        Outcome.Failed.class, f -> assertThat(f.errorCode()).isEqualTo("AccessDenied"));
    }

    @Test
    void theMappedOperationsAreTheDocumentedOnes() {
        assertThat(source.mappedOperations())
                .contains("s3:GetObject", "ec2:ModifySnapshotAttribute", "rds:ModifyDBClusterSnapshotAttribute")
                .hasSize(23);
    }

    @Test
    void anIdTooLongForTheMonitorMakesTheRecordInvalidNotAnEvent() {
        ObjectNode record = Fixtures.tree("snapshots/ModifySnapshotAttribute.json");
        record.withObject("requestParameters").put("snapshotId", "snap-" + "0".repeat(300));

        assertThat(map(record))
                .extracting(o -> ((Outcome.Invalid) o).reason())
                .isEqualTo("the record names an id longer than 256 characters");
    }
}
