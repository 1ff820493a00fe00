package dev.transfermonitor.testkit;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fluent builders for input events. Every default is a benign fact of the sample company
 * (Hanbit Commerce), so a test states only what matters to it:
 * {@code Events.anAccess().by("emp-2040").from("203.0.113.77").build()}.
 *
 * <p>Defaults: the time is {@link #DEFAULT_TIME}; event and job ids are unique in the JVM; the
 * credential follows the principal ({@code key-svc-x} for a {@code svc-} principal, else
 * {@code sso-emp-x}) unless one is given; data classes are left out (the asset's apply).
 */
public final class Events {

    /** The default time of every event: a Friday morning in Seoul. */
    public static final Instant DEFAULT_TIME = Instant.parse("2026-11-27T09:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    private Events() {}

    /** A domestic read: emp-1001 reads one record of crm-db-seoul from the corporate network. */
    public static AccessBuilder anAccess() {
        return new AccessBuilder();
    }

    /** The nightly backup: svc-backup copies crm-db-seoul to backup-vault-singapore. */
    public static ReplicationBuilder aReplication() {
        return new ReplicationBuilder();
    }

    /** A fresh id, unique in this JVM, e.g. {@code evt-17}. */
    public static String nextId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    static String defaultCredential(String principalId) {
        return principalId.startsWith("svc-") ? "key-" + principalId : "sso-" + principalId;
    }

    /** Builds a {@link DataAccessEvent}. */
    public static final class AccessBuilder {
        private String eventId;
        private Instant occurredAt = DEFAULT_TIME;
        private String principalId = "emp-1001";
        private String credentialId;
        private boolean credentialGiven;
        private AuthMethod authMethod;
        private AccessAction action = AccessAction.READ;
        private String assetId = "crm-db-seoul";
        private List<String> dataClasses;
        private long recordCount = 1;
        private long byteCount = 512;
        private List<String> subjectKeys = List.of();
        private String clientIp = "10.1.2.3";
        private String clientCountry;
        private String application;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private AccessBuilder() {}

        public AccessBuilder eventId(String id) {
            this.eventId = id;
            return this;
        }

        public AccessBuilder at(Instant time) {
            this.occurredAt = time;
            return this;
        }

        public AccessBuilder by(String principal) {
            this.principalId = principal;
            return this;
        }

        /** The credential used; {@code null} for none. */
        public AccessBuilder withCredential(String credential) {
            this.credentialId = credential;
            this.credentialGiven = true;
            return this;
        }

        public AccessBuilder auth(AuthMethod method) {
            this.authMethod = method;
            return this;
        }

        public AccessBuilder action(AccessAction accessAction) {
            this.action = accessAction;
            return this;
        }

        public AccessBuilder on(String asset) {
            this.assetId = asset;
            return this;
        }

        public AccessBuilder classes(String... classes) {
            this.dataClasses = List.of(classes);
            return this;
        }

        public AccessBuilder records(long count) {
            this.recordCount = count;
            return this;
        }

        public AccessBuilder bytes(long count) {
            this.byteCount = count;
            return this;
        }

        public AccessBuilder subjects(String... keys) {
            this.subjectKeys = List.of(keys);
            return this;
        }

        public AccessBuilder subjects(List<String> keys) {
            this.subjectKeys = List.copyOf(keys);
            return this;
        }

        /** The client's address; {@code null} for none. */
        public AccessBuilder from(String ip) {
            this.clientIp = ip;
            return this;
        }

        public AccessBuilder country(String countryCode) {
            this.clientCountry = countryCode;
            return this;
        }

        public AccessBuilder application(String name) {
            this.application = name;
            return this;
        }

        public AccessBuilder attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        public DataAccessEvent build() {
            boolean service = principalId.startsWith("svc-");
            return DataAccessEvent.newBuilder()
                    .setEventId(eventId != null ? eventId : nextId("evt"))
                    .setOccurredAt(occurredAt)
                    .setPrincipalId(principalId)
                    .setCredentialId(credentialGiven ? credentialId : defaultCredential(principalId))
                    .setAuthMethod(
                            authMethod != null ? authMethod : service ? AuthMethod.SERVICE_TOKEN : AuthMethod.MFA)
                    .setAction(action)
                    .setAssetId(assetId)
                    .setDataClasses(dataClasses == null ? null : new ArrayList<>(dataClasses))
                    .setRecordCount(recordCount)
                    .setByteCount(byteCount)
                    .setSubjectKeys(new ArrayList<>(subjectKeys))
                    .setClientIp(clientIp)
                    .setClientCountry(clientCountry)
                    .setApplication(application)
                    .setAttributes(new LinkedHashMap<>(attributes))
                    .build();
        }
    }

    /**
     * Builds a {@link ReplicationEvent}. The default destination asset applies only while the
     * test names no destination at all: {@code toRegion} or {@code toAccount} alone leave the
     * destination asset out, as for a copy to a place outside the inventory.
     */
    public static final class ReplicationBuilder {
        private boolean publicAccess;
        private String eventId;
        private Instant occurredAt = DEFAULT_TIME;
        private String principalId = "svc-backup";
        private String credentialId;
        private boolean credentialGiven;
        private String jobId;
        private ReplicationKind kind = ReplicationKind.BACKUP;
        private String sourceAssetId = "crm-db-seoul";
        private String destinationAssetId;
        private String destinationRegion;
        private String destinationAccount;
        private boolean destinationGiven;
        private List<String> dataClasses;
        private long recordCount = 100_000;
        private long byteCount = 50_000_000;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private ReplicationBuilder() {}

        public ReplicationBuilder eventId(String id) {
            this.eventId = id;
            return this;
        }

        public ReplicationBuilder at(Instant time) {
            this.occurredAt = time;
            return this;
        }

        public ReplicationBuilder by(String principal) {
            this.principalId = principal;
            return this;
        }

        /** The credential used; {@code null} for none. */
        public ReplicationBuilder withCredential(String credential) {
            this.credentialId = credential;
            this.credentialGiven = true;
            return this;
        }

        public ReplicationBuilder job(String id) {
            this.jobId = id;
            return this;
        }

        public ReplicationBuilder kind(ReplicationKind replicationKind) {
            this.kind = replicationKind;
            return this;
        }

        public ReplicationBuilder from(String sourceAsset) {
            this.sourceAssetId = sourceAsset;
            return this;
        }

        public ReplicationBuilder toAsset(String asset) {
            this.destinationAssetId = asset;
            this.destinationGiven = true;
            return this;
        }

        public ReplicationBuilder toRegion(String regionId) {
            this.destinationRegion = regionId;
            this.destinationGiven = true;
            return this;
        }

        public ReplicationBuilder toAccount(String account) {
            this.destinationAccount = account;
            this.destinationGiven = true;
            return this;
        }

        public ReplicationBuilder classes(String... classes) {
            this.dataClasses = List.of(classes);
            return this;
        }

        public ReplicationBuilder records(long count) {
            this.recordCount = count;
            return this;
        }

        public ReplicationBuilder bytes(long count) {
            this.byteCount = count;
            return this;
        }

        public ReplicationBuilder attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        /** Made available to everyone. */
        public ReplicationBuilder toThePublic() {
            publicAccess = true;
            return this;
        }

        public ReplicationEvent build() {
            return ReplicationEvent.newBuilder()
                    .setEventId(eventId != null ? eventId : nextId("evt"))
                    .setOccurredAt(occurredAt)
                    .setPrincipalId(principalId)
                    .setCredentialId(credentialGiven ? credentialId : defaultCredential(principalId))
                    .setJobId(jobId != null ? jobId : nextId("job"))
                    .setKind(kind)
                    .setSourceAssetId(sourceAssetId)
                    .setDestinationAssetId(destinationGiven ? destinationAssetId : "backup-vault-singapore")
                    .setDestinationRegion(destinationRegion)
                    .setDestinationAccount(destinationAccount)
                    .setDataClasses(dataClasses == null ? null : new ArrayList<>(dataClasses))
                    .setRecordCount(recordCount)
                    .setByteCount(byteCount)
                    .setAttributes(new LinkedHashMap<>(attributes))
                    .setPublicAccess(publicAccess)
                    .build();
        }
    }
}
