package dev.transfermonitor.bench.jmh;

import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.events.AvroCodec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Single-object Avro encoding and decoding of the workload's data-access events. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeBench {

    private final AvroCodec<DataAccessEvent> codec = AvroCodec.of(DataAccessEvent.class);
    private DataAccessEvent[] events;
    private byte[][] encoded;
    private int next;

    @Setup
    public void setUp() {
        List<DataAccessEvent> accesses = Samples.events().stream()
                .filter(DataAccessEvent.class::isInstance)
                .map(DataAccessEvent.class::cast)
                .toList();
        events = new DataAccessEvent[Samples.SIZE];
        encoded = new byte[Samples.SIZE][];
        for (int i = 0; i < Samples.SIZE; i++) {
            events[i] = accesses.get(i % accesses.size());
            encoded[i] = codec.encode(events[i]);
        }
    }

    @Benchmark
    public byte[] encodeAccess() {
        return codec.encode(events[next++ & (Samples.SIZE - 1)]);
    }

    @Benchmark
    public DataAccessEvent decodeAccess() {
        return codec.decode(encoded[next++ & (Samples.SIZE - 1)]);
    }
}
