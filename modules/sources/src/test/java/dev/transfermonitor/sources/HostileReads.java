package dev.transfermonitor.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A hostile stream read through a source as {@code ingest} reads a file (cut into payloads at
 * record boundaries), with every outcome held to its bounds on the way: event names, the raw
 * text and reason of an invalid record, a failed call's code, an ignored record's reason.
 */
public final class HostileReads {

    /** What the stream became: the tally of every outcome, and the mapped ones to check further. */
    public record Result(Tally tally, List<Outcome.Mapped> mapped) {}

    private HostileReads() {}

    public static Result read(Source source, byte[] stream, int maxEventName) throws IOException {
        Tally tally = new Tally();
        List<Outcome.Mapped> mapped = new ArrayList<>();
        PayloadChunks.split(new ByteArrayInputStream(stream), new PayloadChunks.Handler() {
            @Override
            public void payload(byte[] payload) {
                source.read(payload, o -> {
                    tally.count(o);
                    assertThat(o.eventName() == null ? 0 : o.eventName().length())
                            .isLessThanOrEqualTo(maxEventName);
                    if (o instanceof Outcome.Mapped m) {
                        mapped.add(m);
                    } else if (o instanceof Outcome.Invalid invalid) {
                        assertThat(invalid.raw().length()).isLessThanOrEqualTo(JsonPayloads.MAX_RAW);
                        assertThat(invalid.reason().length()).isLessThan(1_000);
                    } else if (o instanceof Outcome.Failed failed) {
                        assertThat(failed.errorCode().length()).isLessThan(100);
                    } else if (o instanceof Outcome.Ignored ignored) {
                        assertThat(ignored.reason().length()).isLessThan(1_000);
                    }
                });
            }

            @Override
            public void tooLarge(byte[] head) {
                throw new AssertionError("no line is near the payload limit");
            }
        });
        return new Result(tally, mapped);
    }
}
