package dev.transfermonitor.sources.cloudtrail;

import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;

/** Exports of a database, table, instance or image into an S3 bucket, which may be anyone's. */
final class Exports {

    private Exports() {}

    /** RDS StartExportTask: a snapshot or cluster (sourceArn) into s3BucketName. */
    static String rds(Call c) {
        String source = Json.text(c.request(), "sourceArn");
        String bucket = Json.text(c.request(), "s3BucketName");
        if (source == null || bucket == null) {
            return "no sourceArn or s3BucketName";
        }
        return export(c, source, arnRegion(source, c.region), bucket, null);
    }

    /** DynamoDB ExportTableToPointInTime: tableArn into s3Bucket, owned by s3BucketOwner when given. */
    static String dynamo(Call c) {
        String table = Json.text(c.request(), "tableArn");
        String bucket = Json.text(c.request(), "s3Bucket");
        if (table == null || bucket == null) {
            return "no tableArn or s3Bucket";
        }
        return export(c, table, arnRegion(table, c.region), bucket, Json.text(c.request(), "s3BucketOwner"));
    }

    /** EC2 CreateInstanceExportTask: instanceId into exportToS3.s3Bucket. */
    static String instance(Call c) {
        String instance = Json.text(c.request(), "instanceId");
        String bucket = Json.text(Json.get(c.request(), "exportToS3", "ExportToS3"), "s3Bucket", "S3Bucket");
        if (instance == null || bucket == null) {
            return "no instanceId or exportToS3.s3Bucket";
        }
        String asset = "arn:aws:ec2:" + Snapshots.orEmpty(c.region) + ":" + Snapshots.orEmpty(c.account) + ":instance/"
                + instance;
        return export(c, asset, c.region, bucket, null);
    }

    /** EC2 ExportImage: imageId into s3ExportLocation.s3Bucket. */
    static String image(Call c) {
        String image = Json.text(c.request(), "imageId");
        String bucket =
                Json.text(Json.get(c.request(), "s3ExportLocation", "S3ExportLocation"), "s3Bucket", "S3Bucket");
        if (image == null || bucket == null) {
            return "no imageId or s3ExportLocation.s3Bucket";
        }
        return export(c, "arn:aws:ec2:" + Snapshots.orEmpty(c.region) + "::image/" + image, c.region, bucket, null);
    }

    private static String export(Call c, String source, String sourceRegion, String bucket, String owner) {
        c.replication(ReplicationKind.EXPORT, source, sourceRegion, S3.bucketArn(bucket), null, owner, false, 0);
        return null;
    }

    /** The region of {@code arn:partition:service:region:...}, else the fallback. */
    static String arnRegion(String arn, String fallback) {
        String[] parts = arn.split(":", 5);
        return parts.length > 3 && parts[0].equals("arn") && !parts[3].isEmpty() ? parts[3] : fallback;
    }
}
