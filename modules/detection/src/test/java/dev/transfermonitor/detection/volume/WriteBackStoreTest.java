package dev.transfermonitor.detection.volume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteBackStoreTest {

    private KeyValueStore<String, byte[]> below;
    private WriteBackStore<String> store;

    @BeforeEach
    void open() {
        below = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("below"), Serdes.String(), Serdes.ByteArray())
                .withLoggingDisabled()
                .build();
        store = new WriteBackStore<>(
                below,
                value -> value.isEmpty() ? null : value.getBytes(StandardCharsets.UTF_8),
                bytes -> new String(bytes, StandardCharsets.UTF_8),
                3);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @Test
    void valuesReachTheStoreBelowOnlyWhenTheCommitFlushesAndThenOnlyTheLastOne() {
        store.put("p:a", "1");
        store.put("p:a", "2");
        store.put("p:b", "x");

        assertThat(store.get("p:a")).isEqualTo("2");
        assertThat(below.get("p:a")).isNull();

        store.flushCache();

        assertThat(stored()).containsOnlyKeys("p:a", "p:b");
        assertThat(new String(below.get("p:a"), StandardCharsets.UTF_8)).isEqualTo("2");
        assertThat(store.buffered()).isZero();
        assertThat(store.get("p:a")).isEqualTo("2");
    }

    @Test
    void deletesAreBufferedTooAndAnEmptyEncodingDeletes() {
        store.put("p:a", "1");
        store.put("p:b", "1");
        store.flushCache();

        store.put("p:a", null);
        store.put("p:b", "");

        assertThat(store.get("p:a")).isNull();
        assertThat(stored()).containsOnlyKeys("p:a", "p:b");
        store.flushCache();
        assertThat(stored()).isEmpty();
    }

    @Test
    void anAbortedOrRevokedTaskLosesWhatWasNotWritten() {
        store.put("p:a", "kept");
        store.flushCache();
        store.put("p:a", "uncommitted");
        store.put("p:b", "uncommitted");

        store.clearCache();

        assertThat(store.get("p:a")).isEqualTo("kept");
        assertThat(store.get("p:b")).isNull();
        store.flushCache();
        assertThat(stored()).containsOnlyKeys("p:a");
    }

    @Test
    void aFullBufferIsWrittenWholeSoMemoryStaysBounded() {
        for (int i = 0; i < 3; i++) {
            store.put("p:" + i, "v");
        }
        assertThat(store.buffered()).isEqualTo(3);
        assertThat(stored()).isEmpty();

        store.put("p:3", "v");

        assertThat(store.buffered()).isZero();
        assertThat(stored()).hasSize(4);
    }

    @Test
    void aScanSeesTheBufferedValues() {
        store.put("p:a", "1");
        store.flushCache();
        store.put("p:a", "2");
        store.put("p:b", "3");

        TreeMap<String, String> seen = new TreeMap<>();
        store.forEach(seen::put);

        assertThat(seen).containsEntry("p:a", "2").containsEntry("p:b", "3").hasSize(2);
    }

    @Test
    void aValueTakenForUpdateIsACopyWhileBufferedSoAFailedEventLeavesItAsItWas() {
        store.put("p:a", "buffered");

        assertThat(store.getForUpdate("p:a", v -> v + " (copy)")).isEqualTo("buffered (copy)");
        store.flushCache();
        assertThat(store.getForUpdate("p:a", v -> v + " (copy)")).isEqualTo("buffered");
        assertThat(store.getForUpdate("p:none", v -> v + " (copy)")).isNull();
    }

    private TreeMap<String, byte[]> stored() {
        TreeMap<String, byte[]> copy = new TreeMap<>();
        try (var all = below.all()) {
            all.forEachRemaining(kv -> copy.put(kv.key, kv.value));
        }
        return copy;
    }
}
