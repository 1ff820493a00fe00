package dev.transfermonitor.app.ingest;

import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.detection.validate.DeadLetters;
import dev.transfermonitor.events.RecordKind;
import dev.transfermonitor.events.Topics;
import dev.transfermonitor.sources.Outcome;
import dev.transfermonitor.sources.Source;
import dev.transfermonitor.sources.Sources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * {@code run --sources}: one sub-topology per source, from its raw topic
 * ({@code transfer.source.<name>.v1}: one record, a {@code Records} batch or JSON lines per
 * message, any key) to the input topics keyed by principal, credential updates to the
 * credentials topic (with key tracking on) and invalid records to the dead-letter topic.
 * It runs in the monitor's own application, so the mapped events are written in the same
 * transaction as the raw offsets are committed: exactly-once with the rest.
 *
 * <pre>
 * transfer.source.NAME.v1 --> source-NAME --> map-NAME (Source) --> source-NAME-sink --> access | replication
 *                                                                                        | credentials | dlq
 * </pre>
 */
public final class SourceStreams {

    /** A mapped output: its topic and value; the key and headers travel on the record. */
    record Routed(String topic, byte[] value) {}

    /** Writes a routed value's bytes; nothing reads this type back. */
    private static final Serde<Routed> ROUTED = Serdes.serdeFrom((topic, routed) -> routed.value(), (topic, bytes) -> {
        throw new UnsupportedOperationException("routed values are written only");
    });

    private SourceStreams() {}

    public static void addTo(
            StreamsBuilder builder,
            Topics topics,
            List<String> names,
            Sources.Options options,
            MeterRegistry registry) {
        for (String name : names) {
            Sources.create(name, options); // an unknown name fails here, before anything starts
            builder.stream(
                            topics.source(name),
                            Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("source-" + name))
                    .process(() -> new Mapper(Sources.create(name, options), topics, registry), Named.as("map-" + name))
                    .to(
                            (key, routed, context) -> routed.topic(),
                            Produced.with(Serdes.String(), ROUTED).withName("source-" + name + "-sink"));
        }
    }

    /** The source mapper of one task: its state (snapshots, sessions) is that task's, in memory. */
    static final class Mapper implements Processor<String, byte[], String, Routed> {

        private final Source source;
        private final Topics topics;
        private final Map<Kind, Counter> counters = new EnumMap<>(Kind.class);
        private ProcessorContext<String, Routed> context;
        private Record<String, byte[]> current;

        private enum Kind {
            MAPPED,
            IGNORED,
            FAILED,
            INVALID
        }

        Mapper(Source source, Topics topics, MeterRegistry registry) {
            this.source = source;
            this.topics = topics;
            for (Kind kind : Kind.values()) {
                counters.put(
                        kind,
                        Counter.builder("transfer.source.records")
                                .description("audit-log records read from the raw source topics, by outcome")
                                .tag("source", source.name())
                                .tag("outcome", kind.name().toLowerCase(Locale.ROOT))
                                .register(registry));
            }
        }

        @Override
        public void init(ProcessorContext<String, Routed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            current = record;
            if (record.value() == null || record.value().length == 0) {
                invalid(new Outcome.Invalid(null, "an empty message", ""));
                return;
            }
            source.read(record.value(), this::handle);
        }

        private void handle(Outcome outcome) {
            if (outcome instanceof Outcome.Mapped m) {
                counters.get(Kind.MAPPED).increment();
                for (SpecificRecord event : m.events()) {
                    write(RecordKind.of(event), event);
                }
                for (Credential c : m.credentials()) {
                    write(RecordKind.CREDENTIAL, c);
                }
            } else if (outcome instanceof Outcome.Ignored) {
                counters.get(Kind.IGNORED).increment();
            } else if (outcome instanceof Outcome.Failed) {
                counters.get(Kind.FAILED).increment();
            } else {
                invalid((Outcome.Invalid) outcome);
            }
        }

        private void write(RecordKind kind, SpecificRecord record) {
            byte[] value = kind.<SpecificRecord>codec().encode(record);
            String key = kind.keyOf(record);
            if (value.length > DeadLetters.MAX_RECORD_BYTES / 2) {
                // The mapper bounds what it copies, so this is a fault of ours: withheld, said where;
                // the record was counted as mapped already.
                deadLetter(new Outcome.Invalid(
                        null, "the " + kind.name().toLowerCase(Locale.ROOT) + " it maps to is too large", ""));
                return;
            }
            context.forward(
                    new Record<>(key, new Routed(topics.of(kind), value), current.timestamp(), new RecordHeaders()));
        }

        private void invalid(Outcome.Invalid invalid) {
            counters.get(Kind.INVALID).increment();
            deadLetter(invalid);
        }

        private void deadLetter(Outcome.Invalid invalid) {
            Headers headers = KafkaSink.deadLetterHeaders(source.name(), invalid);
            context.recordMetadata().ifPresent(m -> {
                headers.add(DeadLetters.TOPIC, bytes(m.topic()));
                headers.add(DeadLetters.PARTITION, bytes(Integer.toString(m.partition())));
                headers.add(DeadLetters.OFFSET, bytes(Long.toString(m.offset())));
            });
            context.forward(
                    new Record<>(null, new Routed(topics.dlq(), bytes(invalid.raw())), current.timestamp(), headers));
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
    }
}
