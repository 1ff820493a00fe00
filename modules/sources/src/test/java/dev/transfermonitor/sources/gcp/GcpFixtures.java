package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.sources.JsonPayloads;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The real Cloud Audit Logs entries under test resources (see NOTICE there). */
public final class GcpFixtures {

    /** Every fixture file, each one entry. */
    public static final String STORAGE_GET = "storage.objects.get-gsutil-cp-user.json";

    public static final String STORAGE_GET_DELEGATED = "storage.objects.get-sa-delegation-thanos-gateway.json";
    public static final String STORAGE_LIST = "storage.objects.list-gsutil-cp-user.json";
    public static final String STORAGE_GET_DENIED = "google.storage.objects.get-vpcsc-denied-no-access-level.json";
    public static final String STORAGE_PUBLIC = "storage.setIamPermissions-bucket-allUsers-objectViewer.json";
    public static final String QUERY_REDDIT = "jobservice.jobcompleted-query-select-reddit-sample.json";
    public static final String QUERY_AUSTIN = "jobservice.jobcompleted-query-select-austin-incidents.json";
    public static final String TABLE_DATA_READ =
            "google.cloud.bigquery.v2.JobService.InsertJob-tableDataRead-bq-sink-export.json";
    public static final String PUBSUB_KEY = "google.pubsub.v1.Publisher.CreateTopic-serviceAccountKeyName.json";

    private GcpFixtures() {}

    public static byte[] bytes(String path) {
        try (InputStream in = GcpFixtures.class.getResourceAsStream("/gcp-audit/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture's entry as a tree, to derive a variant from (the caller says what it changes). */
    public static ObjectNode tree(String path) {
        try {
            return (ObjectNode) JsonPayloads.mapper().readTree(bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
