package dev.transfermonitor.detection;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.LedgerEntry;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.testkit.Events;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Audit logs name principals and assets as the cloud does; the reference data maps those names. */
class CloudNamesTest {

    private static final String USER_ARN = "arn:aws:iam::111111111111:user/jkim";
    private static final String BUCKET_ARN = "arn:aws:s3:::hanbit-crm-exports";

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private static DataAccessEvent readByUserArn(String credential) {
        return anAccess()
                .by(USER_ARN)
                .withCredential(credential)
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build();
    }

    /** Data of a Seoul database made available elsewhere, in its own region. */
    private static Events.ReplicationBuilder outOfOrdersDb(ReplicationKind kind) {
        return aReplication()
                .by("emp-1007")
                .kind(kind)
                .from("orders-db-seoul")
                .toAsset(null)
                .toRegion("aws:ap-northeast-2");
    }

    private static Principal departed(String id, String... aliases) {
        return new Principal(
                id,
                PrincipalKind.HUMAN,
                PrincipalStatus.DEPARTED,
                Instant.parse("2026-03-31T00:00:00Z"),
                "KR",
                new ArrayList<>(List.of(aliases)));
    }

    @Test
    void aCloudIdentityResolvesToThePrincipalThatListsIt() {
        tm.reference(departed("emp-3001", USER_ARN));

        tm.send(readByUserArn(null));

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.INACTIVE_IDENTITY);
            assertThat(a.getPrincipalId()).isEqualTo("emp-3001");
        });
        assertThat(tm.misses("principal")).isZero();
    }

    @Test
    void furtherNamesOnTheEventAreTriedInOrder() {
        tm.reference(departed("emp-3002", "jkim@hanbit.example"));

        tm.send(anAccess()
                .by("arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Analyst_0a1b/jkim@hanbit.example")
                .withCredential(null)
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .attribute(EventAttributes.PRINCIPAL_ALIASES, "nobody-known jkim@hanbit.example")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getPrincipalId).containsExactly("emp-3002");
    }

    @Test
    void anUnresolvedIdentityKeepsItsArnAndCountsAsAMiss() {
        tm.send(readByUserArn(null));

        assertThat(tm.misses("principal")).isEqualTo(1.0);
        assertThat(tm.alerts()).extracting(TransferAlert::getPrincipalId).containsOnly(USER_ARN);
    }

    @Test
    void aResourceNameResolvesToTheAssetAndItsClasses() {
        Asset crm = new Asset(
                "crm-exports",
                "aws",
                "aws:ap-northeast-2",
                "111111111111",
                new ArrayList<>(List.of("PERSONAL")),
                null,
                new ArrayList<>(List.of("hanbit-crm-exports")));
        tm.reference(crm);

        // The event names the bucket by ARN; the inventory lists its bare name.
        tm.send(anAccess().by("emp-1001").on(BUCKET_ARN).from("203.0.113.77").build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).contains(AlertType.CROSS_BORDER_VIOLATION);
        assertThat(tm.misses("asset")).isZero();
    }

    @Test
    void aSnapshotResolvesByANamePatternWhenTheTrailDoesNotNameItsVolume() {
        tm.reference(new Asset(
                "orders-snapshots",
                "aws",
                "aws:ap-northeast-2",
                "111111111111",
                new ArrayList<>(List.of("PERSONAL", "PAYMENT")),
                null,
                new ArrayList<>(List.of("arn:aws:rds:*:111111111111:snapshot:orders-*", "*"))));

        // A nightly snapshot of the orders database, shared with an account the organisation does not own.
        tm.send(aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("arn:aws:rds:ap-northeast-2:111111111111:snapshot:orders-2026-12-02")
                .toAsset(null)
                .toRegion("aws:ap-northeast-2")
                .toAccount("999988887777")
                .build());
        // Another account's snapshot of the same name is not the organisation's; "*" alone claims nothing.
        tm.send(aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("arn:aws:rds:ap-northeast-2:222222222222:snapshot:orders-2026-12-02")
                .toAsset(null)
                .toRegion("aws:ap-northeast-2")
                .toAccount("888877776666")
                .build());

        assertThat(tm.misses("asset"))
                .as("only the other account's snapshot is unlisted")
                .isEqualTo(1);
        assertThat(tm.alerts())
                .filteredOn(a -> a.getType() == AlertType.EXTERNAL_TRANSFER)
                .extracting(
                        a -> a.getAlertKey().substring(a.getAlertKey().indexOf('>') + 1),
                        a -> a.getDataClasses().contains("PAYMENT"))
                .containsExactlyInAnyOrder(tuple("999988887777", true), tuple("888877776666", false));
    }

    @Test
    void anUnlistedResourceIsWhereTheLogPutsItWithTheRulesClasses() {
        var unlisted = anAccess()
                .by("emp-1001")
                .on(BUCKET_ARN)
                .from("203.0.113.77")
                .attribute(EventAttributes.ASSET_REGION, "aws:ap-northeast-2");
        // Unclassified by default: nothing restricted left the country.
        tm.send(unlisted.build());
        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.misses("asset")).isEqualTo(1.0);

        try (Harness personal =
                Harness.sampleCompany(Harness.statelessOnly().withUnlistedResourceClasses(Set.of("PERSONAL")))) {
            personal.send(unlisted.build());
            assertThat(personal.alerts()).singleElement().satisfies(a -> {
                assertThat(a.getType()).isEqualTo(AlertType.CROSS_BORDER_VIOLATION);
                assertThat(a.getOriginJurisdiction()).isEqualTo("KR");
            });
        }
    }

    @Test
    void aSnapshotMadePublicIsCriticalWhateverItHolds() {
        tm.send(outOfOrdersDb(ReplicationKind.SNAPSHOT_SHARE).toThePublic().build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.EXTERNAL_TRANSFER);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getSummary()).contains("made it public", "orders-db-seoul");
        });
        assertThat(tm.ledger()).extracting(LedgerEntry::getDecision).containsExactly(LedgerDecision.EXTERNAL);
    }

    @Test
    void aGrantToAnotherAccountIsAnExternalTransfer() {
        tm.send(outOfOrdersDb(ReplicationKind.GRANT).toAccount("999988887777").build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.EXTERNAL_TRANSFER);
            assertThat(a.getSummary()).contains("granted access to", "999988887777");
        });
    }

    @Test
    void aKeyRecordedUnderTheUsersArnIsNotBorrowedByThatUser() {
        tm.reference(new Principal(
                "emp-3003",
                PrincipalKind.HUMAN,
                PrincipalStatus.ACTIVE,
                Instant.parse("2025-01-01T00:00:00Z"),
                "KR",
                new ArrayList<>(List.of(USER_ARN))));
        // As key lifecycle from CloudTrail records it: owner = the IAM user's ARN.
        tm.reference(new Credential("AKIAEXAMPLE1", USER_ARN, Instant.parse("2025-06-01T00:00:00Z"), null, null));

        tm.send(readByUserArn("AKIAEXAMPLE1"));

        assertThat(tm.alerts()).isEmpty();
    }

    @Test
    void aReadByTheProvidersOwnServiceStaysWhereTheDataIs() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("crm-db-seoul")
                .from(null)
                .attribute(EventAttributes.SERVICE_CLIENT, "AWS Internal")
                .build());

        assertThat(tm.alerts()).isEmpty();
        assertThat(tm.misses("network")).isZero();
    }
}
