package dev.transfermonitor.detection.validate;

import static dev.transfermonitor.testkit.Events.aReplication;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.testkit.Events;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A replication's destination fields flow into alert keys, summaries and the ledger: they are
 * checked like ids, so no value of theirs can make an output too large or disguise an alert.
 */
class DestinationFieldsTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void aSixHundredKilobyteAccountIsADeadLetterNotAnAlert() {
        tm.send(share().toAccount("9".repeat(600_000)).build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(reasons())
                .containsExactly("INVALID_FIELD: destinationAccount must be 1 to 256 characters without"
                        + " control, invisible or bidi-control characters");
    }

    @Test
    void oversizedOrDisguisedDestinationsAreDeadLetters() {
        tm.send(share().toAccount("9999\u202e8888").build());
        tm.send(share().toAccount("acct\u001b]0;owned\u0007").build());
        tm.send(share().toAsset("x".repeat(257)).build());
        tm.send(share().toAsset("vault\nforged").build());
        tm.send(share().toRegion("aws:" + "x".repeat(100)).build());
        tm.send(share().toRegion("aws:us-east-1\u2066").build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(reasons()).hasSize(6).allSatisfy(r -> assertThat(r).startsWith("INVALID_FIELD: destination"));
        assertThat(tm.events("replication", "dlq")).isEqualTo(6);
    }

    @Test
    void theLongestValidDestinationStillMakesASmallAlert() {
        ReplicationEvent worst = share().by("p".repeat(256))
                .withCredential("c".repeat(256))
                .toAccount("\ud83d\ude00".repeat(256))
                .toRegion("aws:" + "z".repeat(63))
                .build();
        tm.send(worst);

        List<TransferAlert> alerts = tm.alerts();
        assertThat(alerts).isNotEmpty();
        assertThat(tm.alertRecords()).allSatisfy(r -> assertThat(r.value.length).isLessThan(20_000));
        assertThat(tm.ocsf())
                .allSatisfy(r -> assertThat(r.value.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThan(40_000));
        assertThat(tm.ledgerBytes()).allSatisfy(b -> assertThat(b.length).isLessThan(20_000));
        assertThat(alerts).allSatisfy(a -> assertThat(a.getSummary().length()).isLessThanOrEqualTo(2_000));
    }

    private static Events.ReplicationBuilder share() {
        return aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("orders-db-seoul");
    }

    private List<String> reasons() {
        return tm.deadLetters().stream().map(DestinationFieldsTest::reason).toList();
    }

    private static String reason(TestRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8) + ": "
                + new String(r.headers().lastHeader(DeadLetters.MESSAGE).value(), StandardCharsets.UTF_8);
    }
}
