package dev.transfermonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import dev.transfermonitor.events.AvroCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void assetTakesItsProviderFromTheRegion() {
        Asset asset = References.asset("crm-db-seoul", "aws:ap-northeast-2", "111111111111", "PERSONAL", "CONTACT");
        Asset onPrem = References.asset("hr-db-seoul-dc1", "onprem:seoul-dc1", null, "PERSONAL", "HR");

        assertThat(asset)
                .isEqualTo(new Asset(
                        "crm-db-seoul",
                        "aws",
                        "aws:ap-northeast-2",
                        "111111111111",
                        List.of("PERSONAL", "CONTACT"),
                        null,
                        new ArrayList<>()));
        assertThat(onPrem.getProvider()).isEqualTo("onprem");
        assertThat(onPrem.getAccountId()).isNull();
    }

    @Test
    void regionAndNetwork() {
        assertThat(References.region("onprem:busan-dc2", "KR").getCountryCode()).isEqualTo("KR");
        assertThat(References.network("2001:db8:100::/48", "KR").getCidr()).isEqualTo("2001:db8:100::/48");
    }

    @Test
    void principalKindFollowsTheId() {
        Instant left = Instant.parse("2026-03-31T00:00:00Z");
        Principal departed = References.principal("emp-2040", PrincipalStatus.DEPARTED)
                .since(left)
                .build();
        Principal service =
                References.principal("svc-etl", PrincipalStatus.ACTIVE).build();
        Principal singapore = References.principal("emp-3001", PrincipalStatus.ACTIVE)
                .home("SG")
                .build();

        assertThat(departed)
                .isEqualTo(new Principal(
                        "emp-2040", PrincipalKind.HUMAN, PrincipalStatus.DEPARTED, left, "KR", new ArrayList<>()));
        assertThat(service.getKind()).isEqualTo(PrincipalKind.SERVICE);
        assertThat(service.getStatusSince()).isEqualTo(References.SINCE);
        assertThat(singapore.getHomeCountry()).isEqualTo("SG");
    }

    @Test
    void credentialDates() {
        Instant revoked = Instant.parse("2026-03-31T00:00:00Z");
        Credential sso = References.credential("sso-emp-2040", "emp-2040")
                .revokedAt(revoked)
                .build();
        Credential old = References.credential("key-svc-etl-old", "svc-etl")
                .issuedAt(Instant.parse("2023-01-02T00:00:00Z"))
                .expiresAt(Instant.parse("2025-01-02T00:00:00Z"))
                .build();

        assertThat(sso).isEqualTo(new Credential("sso-emp-2040", "emp-2040", References.SINCE, null, revoked));
        assertThat(old.getIssuedAt()).isEqualTo(Instant.parse("2023-01-02T00:00:00Z"));
        assertThat(old.getExpiresAt()).isEqualTo(Instant.parse("2025-01-02T00:00:00Z"));
        assertThat(old.getRevokedAt()).isNull();
    }

    @Test
    void policyWithAllowances() {
        ResidencyPolicy payment = References.policy(
                "kr-payment-v1", "KR", "PAYMENT", References.allowance("SG", LegalBasis.CONTRACT, TransferKind.BACKUP));
        ResidencyPolicy hr = References.policy("kr-hr-v1", "KR", "HR");

        assertThat(payment.getVersion()).isEqualTo(1);
        assertThat(payment.getAllowed())
                .containsExactly(new PolicyAllowance(
                        "SG",
                        List.of(TransferKind.BACKUP),
                        LegalBasis.CONTRACT,
                        Instant.parse("2024-01-01T00:00:00Z"),
                        null));
        assertThat(hr.getAllowed()).isEmpty();
        AvroCodec<ResidencyPolicy> codec = AvroCodec.of(ResidencyPolicy.class);
        assertThat(codec.decode(codec.encode(payment))).isEqualTo(payment);
    }
}
