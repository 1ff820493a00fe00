package dev.transfermonitor.detection.enrich;

import dev.transfermonitor.detection.DetectionMetrics;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import java.util.Locale;
import java.util.function.BiConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * The six reference topics as global stores (in memory: they are small and rebuilt from
 * their compacted topics at start), each feeding the shared {@link ReferenceIndex}.
 */
public final class ReferenceStores {

    private ReferenceStores() {}

    public static ReferenceIndex addTo(StreamsBuilder builder, Topics topics, DetectionMetrics metrics) {
        ReferenceIndex index = new ReferenceIndex();
        add(builder, topics, RecordKind.ASSET, index::putAsset, metrics);
        add(builder, topics, RecordKind.REGION, index::putRegion, metrics);
        add(builder, topics, RecordKind.NETWORK, index::putNetwork, metrics);
        add(builder, topics, RecordKind.PRINCIPAL, index::putPrincipal, metrics);
        add(builder, topics, RecordKind.CREDENTIAL, index::putCredential, metrics);
        add(builder, topics, RecordKind.POLICY, index::putPolicy, metrics);
        return index;
    }

    public static String storeName(RecordKind kind) {
        return "ref-" + kind.name().toLowerCase(Locale.ROOT);
    }

    private static <V extends SpecificRecord> void add(
            StreamsBuilder builder,
            Topics topics,
            RecordKind kind,
            BiConsumer<String, V> updater,
            DetectionMetrics metrics) {
        String store = storeName(kind);
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topics.of(kind),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(store + "-source"),
                () -> new ReferenceUpdater<>(kind, store, updater, metrics));
    }
}
