package dev.transfermonitor.testkit;

import dev.transfermonitor.avro.Asset;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.avro.LegalBasis;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.PolicyAllowance;
import dev.transfermonitor.avro.Principal;
import dev.transfermonitor.avro.PrincipalKind;
import dev.transfermonitor.avro.PrincipalStatus;
import dev.transfermonitor.avro.Region;
import dev.transfermonitor.avro.ResidencyPolicy;
import dev.transfermonitor.avro.TransferKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Short factories for reference records, in the shape of the sample company:
 * {@code References.asset("crm-db-seoul", "aws:ap-northeast-2", "111111111111", "PERSONAL")}.
 * Records come back mutable (Avro setters) for the odd field a test wants to change;
 * principals and credentials have small builders because their dates matter to the rules.
 */
public final class References {

    /** When the sample company's staff, services and keys came into being. */
    public static final Instant SINCE = Instant.parse("2024-01-02T00:00:00Z");
    /** The start of every sample policy allowance. */
    public static final Instant POLICY_START = Instant.parse("2024-01-01T00:00:00Z");

    private References() {}

    /** An asset; the provider is the region's prefix ({@code aws} of {@code aws:us-east-1}). */
    public static Asset asset(String assetId, String regionId, String accountId, String... dataClasses) {
        int colon = regionId.indexOf(':');
        String provider = colon > 0 ? regionId.substring(0, colon) : regionId;
        return new Asset(
                assetId, provider, regionId, accountId, new ArrayList<>(List.of(dataClasses)), null, new ArrayList<>());
    }

    public static Region region(String regionId, String countryCode) {
        return new Region(regionId, countryCode, null, List.of());
    }

    public static NetworkRange network(String cidr, String countryCode) {
        return new NetworkRange(cidr, countryCode, null, NetworkScope.UNSPECIFIED);
    }

    /** A principal; HUMAN unless the id starts with {@code svc-}, in that status since {@link #SINCE}, home KR. */
    public static PrincipalBuilder principal(String principalId, PrincipalStatus status) {
        return new PrincipalBuilder(principalId, status);
    }

    /** A credential issued at {@link #SINCE}, never expiring, never revoked. */
    public static CredentialBuilder credential(String credentialId, String principalId) {
        return new CredentialBuilder(credentialId, principalId);
    }

    /** A version 1 residency policy; with no allowance it forbids every transfer. */
    public static ResidencyPolicy policy(
            String policyId, String originJurisdiction, String dataClass, PolicyAllowance... allowed) {
        return new ResidencyPolicy(policyId, 1, originJurisdiction, dataClass, new ArrayList<>(List.of(allowed)));
    }

    /** A residency policy of the given version, to supersede (higher) or replay (lower) another. */
    public static ResidencyPolicy policy(
            String policyId, int version, String originJurisdiction, String dataClass, PolicyAllowance... allowed) {
        return new ResidencyPolicy(policyId, version, originJurisdiction, dataClass, new ArrayList<>(List.of(allowed)));
    }

    /** An allowance valid from {@link #POLICY_START} with no end. */
    public static PolicyAllowance allowance(String destination, LegalBasis basis, TransferKind... kinds) {
        return new PolicyAllowance(destination, new ArrayList<>(List.of(kinds)), basis, POLICY_START, null);
    }

    /** Builds a {@link Principal}. */
    public static final class PrincipalBuilder {
        private final String principalId;
        private final PrincipalStatus status;
        private PrincipalKind kind;
        private Instant statusSince = SINCE;
        private String homeCountry = "KR";

        private PrincipalBuilder(String principalId, PrincipalStatus status) {
            this.principalId = principalId;
            this.status = status;
            this.kind = principalId.startsWith("svc-") ? PrincipalKind.SERVICE : PrincipalKind.HUMAN;
        }

        public PrincipalBuilder kind(PrincipalKind principalKind) {
            this.kind = principalKind;
            return this;
        }

        public PrincipalBuilder since(Instant time) {
            this.statusSince = time;
            return this;
        }

        /** The home country; {@code null} for unknown. */
        public PrincipalBuilder home(String countryCode) {
            this.homeCountry = countryCode;
            return this;
        }

        public Principal build() {
            return new Principal(principalId, kind, status, statusSince, homeCountry, new ArrayList<>());
        }
    }

    /** Builds a {@link Credential}. */
    public static final class CredentialBuilder {
        private final String credentialId;
        private final String principalId;
        private Instant issuedAt = SINCE;
        private Instant expiresAt;
        private Instant revokedAt;

        private CredentialBuilder(String credentialId, String principalId) {
            this.credentialId = credentialId;
            this.principalId = principalId;
        }

        public CredentialBuilder issuedAt(Instant time) {
            this.issuedAt = time;
            return this;
        }

        public CredentialBuilder expiresAt(Instant time) {
            this.expiresAt = time;
            return this;
        }

        public CredentialBuilder revokedAt(Instant time) {
            this.revokedAt = time;
            return this;
        }

        public Credential build() {
            return new Credential(credentialId, principalId, issuedAt, expiresAt, revokedAt);
        }
    }
}
