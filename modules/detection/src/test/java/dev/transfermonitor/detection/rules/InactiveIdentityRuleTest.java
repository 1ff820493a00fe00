package dev.transfermonitor.detection.rules;

import static dev.transfermonitor.testkit.Events.aReplication;
import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.testkit.References;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InactiveIdentityRuleTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    @Test
    void theDepartedEmployeesNeverRevokedKeyFromAbroadAlertsTwice() {
        tm.send(anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("203.0.113.77")
                .records(400)
                .build());

        assertThat(tm.alerts())
                .extracting(TransferAlert::getType)
                .containsExactlyInAnyOrder(AlertType.INACTIVE_IDENTITY, AlertType.CROSS_BORDER_VIOLATION);
    }

    @Test
    void weakAuthenticationRaisesTheRiskOnlyOnRestrictedData() {
        // The CRM's PERSONAL data is restricted in KR under the sample rules; the US telemetry lake's is not.
        assertThat(risk("crm-db-seoul", AuthMethod.API_KEY) - risk("crm-db-seoul", AuthMethod.MFA))
                .isEqualTo(5);
        assertThat(risk("telemetry-lake-virginia", AuthMethod.API_KEY))
                .isEqualTo(risk("telemetry-lake-virginia", AuthMethod.MFA));
    }

    private static int risk(String asset, AuthMethod auth) {
        try (Harness harness = Harness.sampleCompany()) {
            harness.send(anAccess()
                    .by("emp-2040")
                    .withCredential("key-emp-2040-api")
                    .on(asset)
                    .auth(auth)
                    .from("10.1.1.1")
                    .build());
            return harness.alerts().get(0).getRiskScore();
        }
    }

    @Test
    void aDepartedPrincipalAlertsWithTheReason() {
        tm.send(anAccess()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.INACTIVE_IDENTITY);
            assertThat(a.getMitreTechniques()).containsExactly("T1078");
            assertThat(a.getCredentialId()).isEqualTo("key-emp-2040-api");
            assertThat(a.getSummary()).contains("departed");
        });
    }

    @Test
    void aDepartedPrincipalsCopyGoesToItsDestinationNotFromIt() {
        tm.send(aReplication()
                .by("emp-2040")
                .withCredential("key-emp-2040-api")
                .kind(ReplicationKind.BACKUP)
                .from("crm-db-seoul")
                .toAsset("backup-vault-singapore")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getSummary())
                        .contains("crm-db-seoul", "to SG (aws:ap-southeast-1)")
                        .doesNotContain("from SG"));
    }

    @Test
    void aRevokedCredentialOfAnActivePrincipalAlerts() {
        tm.reference(References.credential("sso-emp-1003", "emp-1003")
                .revokedAt(Instant.parse("2026-11-01T00:00:00Z"))
                .build());

        tm.send(anAccess()
                .by("emp-1003")
                .withCredential("sso-emp-1003")
                .on("crm-db-seoul")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getSummary()).contains("revoked"));
    }

    @Test
    void anExpiredCredentialAlerts() {
        tm.send(anAccess()
                .by("svc-etl")
                .withCredential("key-svc-etl-old")
                .on("orders-db-seoul")
                .build());

        assertThat(tm.alerts())
                .singleElement()
                .satisfies(a -> assertThat(a.getSummary()).contains("expired"));
    }

    @Test
    void aPrincipalWhoLeavesAfterTheEventWasStillActiveThen() {
        tm.reference(References.principal("emp-1004", PrincipalStatus.DEPARTED)
                .since(Instant.parse("2026-12-01T00:00:00Z"))
                .build());

        tm.send(anAccess().by("emp-1004").on("crm-db-seoul").build());

        assertThat(tm.alerts()).isEmpty();
    }

    @Test
    void activePrincipalsWithValidCredentialsPass() {
        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("sso-emp-1001")
                .on("crm-db-seoul")
                .build());

        assertThat(tm.alerts()).isEmpty();
    }

    @Test
    void aDepartedEmployeesKeyUsedUnderAnotherNameJudgesItsOwnerAndIsMisuse() {
        // emp-2040 left; its never-revoked API key turns up in emp-1001's requests.
        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("key-emp-2040-api")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build());

        assertThat(tm.alerts())
                .extracting(TransferAlert::getType)
                .containsExactlyInAnyOrder(AlertType.INACTIVE_IDENTITY, AlertType.CREDENTIAL_MISUSE);
    }

    @Test
    void aLongTermKeyOfAnActiveColleagueIsMisuseNotInactivity() {
        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("key-svc-etl")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build());

        assertThat(tm.alerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CREDENTIAL_MISUSE);
            assertThat(a.getMitreTechniques()).containsExactly("T1078");
            assertThat(a.getSummary()).contains("key-svc-etl", "issued to svc-etl");
        });
    }

    @Test
    void aKeyWhoseDatesMakeNoSenseIsNoShortLivedToken() {
        // Expiring before it was issued must not pass for a one-hour token.
        tm.reference(References.credential("tok-odd", "svc-etl")
                .issuedAt(Instant.parse("2026-11-27T08:00:00Z"))
                .expiresAt(Instant.parse("2026-11-26T08:00:00Z"))
                .build());

        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("tok-odd")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build());

        assertThat(tm.alerts()).extracting(TransferAlert::getType).contains(AlertType.CREDENTIAL_MISUSE);
    }

    @Test
    void aShortLivedTokenHandedOnIsNoMisuse() {
        tm.reference(References.credential("tok-1", "svc-etl")
                .issuedAt(Instant.parse("2026-11-27T08:00:00Z"))
                .expiresAt(Instant.parse("2026-11-27T20:00:00Z"))
                .build());

        tm.send(anAccess()
                .by("emp-1001")
                .withCredential("tok-1")
                .on("crm-db-seoul")
                .from("10.1.1.1")
                .build());

        assertThat(tm.alerts()).isEmpty();
    }
}
