package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.reference.ReferenceData;
import java.util.List;

/**
 * Fills a {@link ReferenceIndex} straight from reference records, for benchmarks that run the
 * enrichment and rules outside Kafka Streams (JMH, the Flink peer). It lives in the index's
 * package because the index is written only by the global-store processors in production.
 */
public final class IndexLoader {

    private IndexLoader() {
    }

    public static ReferenceIndex of(List<ReferenceData.Loaded> records) {
        ReferenceIndex index = new ReferenceIndex();
        for (ReferenceData.Loaded r : records) {
            switch (r.kind()) {
                case ASSET -> index.putAsset(r.key(), (Asset) r.value());
                case REGION -> index.putRegion(r.key(), (Region) r.value());
                case NETWORK -> index.putNetwork(r.key(), (NetworkRange) r.value());
                case PRINCIPAL -> index.putPrincipal(r.key(), (Principal) r.value());
                case CREDENTIAL -> index.putCredential(r.key(), (Credential) r.value());
                case POLICY -> index.putPolicy(r.key(), (ResidencyPolicy) r.value());
                default -> throw new IllegalArgumentException("not reference data: " + r.kind());
            }
        }
        return index;
    }
}
