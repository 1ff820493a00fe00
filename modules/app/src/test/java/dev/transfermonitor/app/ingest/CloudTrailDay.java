package dev.transfermonitor.app.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import dev.transfermonitor.sources.cloudtrail.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * A day of an organisation trail, made of the real records under the sources module's test
 * resources (see the NOTICE there): each template is copied with a new eventID and an
 * eventTime on 2026-12-02, nothing else changed, and shuffled into delivery order. What each
 * template becomes is what CloudTrailSourceTest shows for it.
 */
final class CloudTrailDay {

    static final String ACCOUNT = "111122223333";
    static final int PER_FILE = 100;

    /** Reads of an unlisted bucket from outside, noise, failed calls: no alert. */
    private static final List<Template> TEMPLATES = List.of(
            new Template("s3-iam/GetObject-assumedrole-bytestransferred-panther.json", Kind.MAPPED, 1200),
            new Template("snapshots/ModifySnapshotAttribute.json", Kind.MAPPED, 3),
            new Template("snapshots/ModifyImageAttribute.json", Kind.MAPPED, 3),
            new Template("snapshots/ModifyDBSnapshotAttribute.json", Kind.MAPPED, 3),
            new Template("s3-iam/PutBucketPolicy-principal-star-vpce.json", Kind.MAPPED, 1),
            new Template("s3-iam/ConsoleLogin-iamuser-mfa-success.json", Kind.IGNORED, 300),
            new Template("s3-iam/ListBuckets-querystring.json", Kind.IGNORED, 400),
            new Template("s3-iam/AssumeRole-iamuser-crossaccount.json", Kind.IGNORED, 300),
            new Template("stratus/GetCallerIdentity-federateduser.json", Kind.IGNORED, 200),
            new Template("snapshots/ExecuteStatement-dynamodb.json", Kind.IGNORED, 200),
            new Template("stratus/RunInstances-failed-unauthorized.json", Kind.FAILED, 150),
            new Template("s3-iam/CreateAccessKey-error-limitexceeded.json", Kind.FAILED, 100),
            new Template("snapshots/StartQueryExecution-failed.json", Kind.FAILED, 100));

    /** The principals whose shares and public grant must alert, one external-transfer alert each. */
    static final Set<String> SHARING_PRINCIPALS = Set.of(
            "arn:aws:iam::756680937392:user/christophe",
            "arn:aws:iam::118238665043:user/christophe",
            "arn:aws:iam::171471557522:user/christophe");

    /**
     * Lines of a JSON-lines file that no CloudTrail reader can take, one dead letter each (a broken
     * stretch runs to the next line that opens a value, so the line that is not JSON comes last).
     */
    static final List<String> BROKEN_LINES = List.of(
            "{\"eventVersion\":\"1.08\",\"eventName\":\"GetObject\",\"eventTime\":\"2026-12-02T10:00:00Z\"",
            "{\"hello\":\"world\"}",
            "{\"eventName\":\"GetObject\",\"eventTime\":\"yesterday\",\"eventID\":\"x-1\",\"userIdentity\":{}}",
            "not json at all");

    enum Kind {
        MAPPED,
        IGNORED,
        FAILED
    }

    record Template(String fixture, Kind kind, int copies) {}

    /** The day's log files: each a {@code Records} batch, in delivery order. */
    final List<String> files = new ArrayList<>();

    /** The reader whose one copy carries an EC2 instance's credential (the only change: ec2RoleDelivery). */
    String instancePrincipal;

    long mapped;
    long ignored;
    long failed;
    String grantingPrincipal;

    CloudTrailDay() {
        List<ObjectNode> records = new ArrayList<>();
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        int n = 0;
        int total = TEMPLATES.stream().mapToInt(Template::copies).sum();
        long step = 86_000L / total;
        for (Template t : TEMPLATES) {
            ObjectNode template = Fixtures.tree(t.fixture());
            if (t.fixture().contains("PutBucketPolicy")) {
                grantingPrincipal = template.path("userIdentity").path("arn").asText();
            }
            for (int i = 0; i < t.copies(); i++) {
                ObjectNode copy = template.deepCopy();
                copy.put(
                        "eventID",
                        UUID.nameUUIDFromBytes(("day-" + n).getBytes(StandardCharsets.UTF_8))
                                .toString());
                records.add(copy);
                n++;
            }
            switch (t.kind()) {
                case MAPPED -> mapped += t.copies();
                case IGNORED -> ignored += t.copies();
                case FAILED -> failed += t.copies();
            }
        }
        // One read made with an instance-profile credential, from the template's outside address.
        ObjectNode instanceRead = records.get(0);
        ((ObjectNode) instanceRead.path("userIdentity").path("sessionContext")).put("ec2RoleDelivery", "2.0");
        instancePrincipal = instanceRead.path("userIdentity").path("arn").asText();
        // Interleave the templates over the day, deterministically, then stamp times in order.
        List<ObjectNode> day = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            day.add(records.get((int) ((i * 7919L) % records.size())));
        }
        if (new LinkedHashSet<>(day).size() != records.size()) {
            throw new IllegalStateException("the interleaving must be a permutation");
        }
        for (int i = 0; i < day.size(); i++) {
            day.get(i).put("eventTime", DateTimeFormatter.ISO_INSTANT.format(start.plusSeconds(i * step)));
        }
        for (int from = 0; from < day.size(); from += PER_FILE) {
            ArrayNode batch = JsonPayloads.mapper().createArrayNode();
            day.subList(from, Math.min(day.size(), from + PER_FILE)).forEach(batch::add);
            ObjectNode file = JsonPayloads.mapper().createObjectNode();
            file.set("Records", batch);
            files.add(file.toString());
        }
    }

    long records() {
        return mapped + ignored + failed + BROKEN_LINES.size();
    }

    /**
     * Writes the day as S3 delivers it: {@code AWSLogs/ACCOUNT/CloudTrail/REGION/2026/12/02/...json.gz},
     * plus a digest file and a note that ingest must skip, and a JSON-lines file of broken lines.
     *
     * @return the number of files that ingest skips
     */
    int writeTo(Path root) throws IOException {
        Path dayDir = root.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail/eu-central-1/2026/12/02");
        Files.createDirectories(dayDir);
        DateTimeFormatter hhmm =
                DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
        Instant delivered = Instant.parse("2026-12-02T00:05:00Z");
        for (int i = 0; i < files.size(); i++) {
            String name = ACCOUNT + "_CloudTrail_eu-central-1_" + hhmm.format(delivered.plusSeconds(i * 600L)) + "_f"
                    + i + ".json.gz";
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dayDir.resolve(name)))) {
                out.write(files.get(i).getBytes(StandardCharsets.UTF_8));
            }
        }
        Files.writeString(dayDir.resolve("broken.jsonl"), String.join("\n", BROKEN_LINES) + "\n");
        Path digests = root.resolve("AWSLogs/" + ACCOUNT + "/CloudTrail-Digest/eu-central-1/2026/12/02");
        Files.createDirectories(digests);
        Files.writeString(digests.resolve(ACCOUNT + "_CloudTrail-Digest_eu-central-1_20261202T0100Z.json.gz"), "{}");
        Files.writeString(root.resolve("README.txt"), "copied down from the trail's bucket\n");
        return 2;
    }
}
