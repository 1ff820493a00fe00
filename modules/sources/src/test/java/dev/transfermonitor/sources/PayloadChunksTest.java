package dev.transfermonitor.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadChunksTest {

    private final List<String> payloads = new ArrayList<>();
    private final List<String> tooLarge = new ArrayList<>();

    private void split(String text, int target, int max) throws IOException {
        split(text, PayloadChunks.Boundary.JSON, target, max);
    }

    private void split(String text, PayloadChunks.Boundary boundary, int target, int max) throws IOException {
        PayloadChunks.split(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                boundary,
                new PayloadChunks.Handler() {
                    @Override
                    public void payload(byte[] payload) {
                        payloads.add(new String(payload, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void tooLarge(byte[] head) {
                        tooLarge.add(new String(head, StandardCharsets.UTF_8));
                    }
                },
                target,
                max);
    }

    @Test
    void jsonLinesAreGroupedAndCutOnlyBeforeALineThatOpensAValue() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            text.append("{\"eventID\":\"e-").append(i).append("\"}\n");
        }

        split(text.toString(), 40, 10_000);

        assertThat(payloads).hasSizeGreaterThan(5);
        assertThat(String.join("", payloads)).isEqualTo(text.toString());
        assertThat(payloads).allSatisfy(p -> assertThat(p).startsWith("{").endsWith("}\n"));
        assertThat(tooLarge).isEmpty();
    }

    @Test
    void csvRecordsAreCutOnlyWhereNoQuotedFieldIsOpen() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            // A statement over three lines, one of them starting like a record, and a doubled quote.
            text.append("2015-08-12 16:13:44.887 UTC,user2,postgres,\"SELECT \"\"x\"\"\n2015-08-12 00:00:00\n  FROM t")
                    .append(i)
                    .append(";\",\n");
        }

        split(text.toString(), PayloadChunks.Boundary.CSV, 30, 10_000);

        assertThat(payloads).hasSizeGreaterThan(5);
        assertThat(String.join("", payloads)).isEqualTo(text.toString());
        assertThat(payloads)
                .allSatisfy(
                        p -> assertThat(p).startsWith("2015-08-12 16:13:44.887").endsWith(";\",\n"));
        assertThat(tooLarge).isEmpty();
    }

    @Test
    void anUnbalancedQuoteInCsvIsOneTooLargeStretchThenCuttingGoesOn() throws IOException {
        String good = "2015-08-12 16:13:44.887 UTC,user2,postgres,\"SELECT 1\",\n";
        StringBuilder text = new StringBuilder("2015-08-12 16:13:44.887 UTC,x,\"never closed\n");
        while (text.length() < 500) {
            text.append("more\n");
        }
        for (int i = 0; i < 20; i++) {
            text.append(good);
        }

        split(text.toString(), PayloadChunks.Boundary.CSV, 30, 200);

        assertThat(tooLarge).hasSize(1);
        assertThat(String.join("", payloads)).endsWith(good.repeat(5));
    }

    @Test
    void aPrettyPrintedDocumentStaysWhole() throws IOException {
        String doc = "{\n  \"Records\": [\n    {\n      \"eventID\": \"a\"\n    },\n    {\n      \"eventID\": \"b\"\n"
                + "    }\n  ]\n}\n";

        split(doc + doc, 8, 10_000);

        assertThat(payloads).containsExactly(doc, doc);
    }

    @Test
    void aStretchOverTheLimitIsReportedWithItsHeadAndReadingGoesOnAtTheNextRecord() throws IOException {
        String huge = "{\"eventID\":\"big\",\"pad\":\"" + "x".repeat(300_000) + "\"}\n";
        String after = "{\"eventID\":\"after\"}\n";

        split("{\"eventID\":\"before\"}\n" + huge + after, 10, 100_000);

        assertThat(payloads).containsExactly("{\"eventID\":\"before\"}\n", after);
        assertThat(tooLarge).singleElement().satisfies(head -> {
            assertThat(head).startsWith("{\"eventID\":\"big\"");
            assertThat(head.length()).isEqualTo(JsonPayloads.MAX_RAW);
        });
    }

    @Test
    void aSingleLineLogFileOfAnySizeIsOnePayload() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write("{\"Records\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            file.write(("{\"eventID\":\"e-" + i + "\"},").getBytes(StandardCharsets.UTF_8));
        }
        file.write("{}]}".getBytes(StandardCharsets.UTF_8));

        split(file.toString(StandardCharsets.UTF_8), 1000, PayloadChunks.MAX);

        assertThat(payloads).singleElement().isEqualTo(file.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailingStreamSaysSo() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Unexpected end of ZLIB input stream");
            }
        };

        assertThatThrownBy(() -> PayloadChunks.split(broken, new PayloadChunks.Handler() {
                    @Override
                    public void payload(byte[] payload) {}

                    @Override
                    public void tooLarge(byte[] head) {}
                }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ZLIB");
    }
}
