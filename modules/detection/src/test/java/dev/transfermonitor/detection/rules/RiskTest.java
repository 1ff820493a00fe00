package dev.transfermonitor.detection.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.detection.Location;
import dev.transfermonitor.detection.Transfer;
import dev.transfermonitor.testkit.References;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiskTest {

    private static final Location SEOUL = new Location("aws:ap-northeast-2", "KR", "KR", "region");
    private static final Location VIRGINIA = new Location("aws:us-east-1", "US", "US", "region");

    private static Transfer transfer(
            Location destination, AuthMethod auth, List<String> classes, long records, boolean departed) {
        return new Transfer(
                "e-1",
                "t",
                0,
                0,
                Instant.parse("2026-11-27T09:00:00Z"),
                "emp-1",
                null,
                TransferKind.ACCESS,
                auth,
                "crm-db-seoul",
                SEOUL,
                destination,
                null,
                false,
                classes,
                records,
                records * 100,
                References.principal("emp-1", departed ? PrincipalStatus.DEPARTED : PrincipalStatus.ACTIVE)
                        .build(),
                null,
                null,
                List.of(),
                List.of(),
                null,
                false,
                null,
                null);
    }

    @Test
    void eachAggravatingFactorRaisesTheScore() {
        int base = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(SEOUL, AuthMethod.MFA, List.of("PERSONAL"), 1, false),
                        true)
                .riskScore();
        int foreign = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(VIRGINIA, AuthMethod.MFA, List.of("PERSONAL"), 1, false),
                        true)
                .riskScore();
        int weak = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(VIRGINIA, AuthMethod.PASSWORD, List.of("PERSONAL"), 1, false),
                        true)
                .riskScore();
        int sensitive = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(VIRGINIA, AuthMethod.PASSWORD, List.of("PAYMENT"), 1, false),
                        true)
                .riskScore();
        int inactive = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(VIRGINIA, AuthMethod.PASSWORD, List.of("PAYMENT"), 1, true),
                        true)
                .riskScore();
        int volume = Risk.of(
                        AlertType.CROSS_BORDER_VIOLATION,
                        transfer(VIRGINIA, AuthMethod.PASSWORD, List.of("PAYMENT"), 100_000, true),
                        true)
                .riskScore();

        assertThat(List.of(base, foreign, weak, sensitive, inactive, volume))
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(volume).isLessThanOrEqualTo(100);
    }

    @Test
    void severityFollowsTheScore() {
        assertThat(Risk.severityOf(10)).isEqualTo(Severity.LOW);
        assertThat(Risk.severityOf(40)).isEqualTo(Severity.MEDIUM);
        assertThat(Risk.severityOf(65)).isEqualTo(Severity.HIGH);
        assertThat(Risk.severityOf(85)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void mfaAndPasskeysAreStrong() {
        assertThat(Risk.isWeak(AuthMethod.MFA)).isFalse();
        assertThat(Risk.isWeak(AuthMethod.PASSKEY)).isFalse();
        assertThat(Risk.isWeak(AuthMethod.API_KEY)).isTrue();
        assertThat(Risk.isWeak(AuthMethod.PASSWORD)).isTrue();
    }
}
