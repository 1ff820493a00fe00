package dev.transfermonitor.sources;

/** Object-store URIs named as the monitor names the store, shared by mappers whose jobs write to one. */
public final class StorageUris {

    private StorageUris() {}

    /**
     * A destination as the monitor names the store: {@code gs://B/...} or {@code gcs://B/...}
     * (Snowflake's spelling) -> B (a bucket is named as Cloud Storage reads are),
     * {@code s3://B/...} -> the bucket's ARN (as CloudTrail names it); any other
     * {@code scheme://authority} as written; null for no URI.
     */
    public static String asset(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme <= 0) {
            return null;
        }
        int start = scheme + 3;
        int slash = uri.indexOf('/', start);
        String authority = slash < 0 ? uri.substring(start) : uri.substring(start, slash);
        if (authority.isBlank()) {
            return null;
        }
        return switch (uri.substring(0, scheme)) {
            case "gs", "gcs" -> authority;
            case "s3" -> "arn:aws:s3:::" + authority;
            default -> uri.substring(0, start) + authority;
        };
    }
}
