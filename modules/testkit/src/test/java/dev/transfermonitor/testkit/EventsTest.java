package dev.transfermonitor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AccessAction;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.avro.DataAccessEvent;
import dev.transfermonitor.avro.ReplicationEvent;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.events.AvroCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventsTest {

    @Test
    void accessDefaultsAreABenignDomesticRead() {
        DataAccessEvent event = Events.anAccess().build();

        assertThat(event.getPrincipalId()).isEqualTo("emp-1001");
        assertThat(event.getCredentialId()).isEqualTo("sso-emp-1001");
        assertThat(event.getAuthMethod()).isEqualTo(AuthMethod.MFA);
        assertThat(event.getAction()).isEqualTo(AccessAction.READ);
        assertThat(event.getAssetId()).isEqualTo("crm-db-seoul");
        assertThat(event.getClientIp()).isEqualTo("10.1.2.3");
        assertThat(event.getClientCountry()).isNull();
        assertThat(event.getDataClasses()).isNull();
        assertThat(event.getSubjectKeys()).isEmpty();
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
    }

    @Test
    void everyAccessFieldCanBeSet() {
        Instant at = Instant.parse("2026-12-01T03:04:05Z");
        DataAccessEvent event = Events.anAccess()
                .by("emp-42")
                .withCredential("k")
                .on("orders-db-seoul")
                .from("203.0.113.77")
                .country("KR")
                .records(10)
                .bytes(1000)
                .at(at)
                .classes("PERSONAL")
                .auth(AuthMethod.API_KEY)
                .action(AccessAction.EXPORT)
                .subjects("h1", "h2")
                .eventId("e-1")
                .application("crm-ui")
                .attribute("session", "s-9")
                .build();

        assertThat(event)
                .isEqualTo(DataAccessEvent.newBuilder()
                        .setEventId("e-1")
                        .setOccurredAt(at)
                        .setPrincipalId("emp-42")
                        .setCredentialId("k")
                        .setAuthMethod(AuthMethod.API_KEY)
                        .setAction(AccessAction.EXPORT)
                        .setAssetId("orders-db-seoul")
                        .setDataClasses(List.of("PERSONAL"))
                        .setRecordCount(10)
                        .setByteCount(1000)
                        .setSubjectKeys(List.of("h1", "h2"))
                        .setClientIp("203.0.113.77")
                        .setClientCountry("KR")
                        .setApplication("crm-ui")
                        .setAttributes(Map.of("session", "s-9"))
                        .build());
    }

    @Test
    void aServiceGetsItsKeyAndAServiceToken() {
        DataAccessEvent event = Events.anAccess().by("svc-etl").build();

        assertThat(event.getCredentialId()).isEqualTo("key-svc-etl");
        assertThat(event.getAuthMethod()).isEqualTo(AuthMethod.SERVICE_TOKEN);
        assertThat(Events.anAccess().by("svc-etl").withCredential(null).build().getCredentialId())
                .isNull();
    }

    @Test
    void defaultIdsAreUnique() {
        DataAccessEvent first = Events.anAccess().build();
        DataAccessEvent second = Events.anAccess().build();
        ReplicationEvent replication = Events.aReplication().build();

        assertThat(List.of(first.getEventId(), second.getEventId(), replication.getEventId()))
                .doesNotHaveDuplicates();
        assertThat(Events.aReplication().build().getJobId()).isNotEqualTo(replication.getJobId());
    }

    @Test
    void replicationDefaultsAreTheNightlyBackup() {
        ReplicationEvent event = Events.aReplication().build();

        assertThat(event.getPrincipalId()).isEqualTo("svc-backup");
        assertThat(event.getCredentialId()).isEqualTo("key-svc-backup");
        assertThat(event.getKind()).isEqualTo(ReplicationKind.BACKUP);
        assertThat(event.getSourceAssetId()).isEqualTo("crm-db-seoul");
        assertThat(event.getDestinationAssetId()).isEqualTo("backup-vault-singapore");
        assertThat(event.getDestinationRegion()).isNull();
        assertThat(event.getDestinationAccount()).isNull();
    }

    @Test
    void aDestinationOutsideTheInventoryDropsTheDefaultAsset() {
        ReplicationEvent event = Events.aReplication()
                .by("emp-1007")
                .kind(ReplicationKind.SNAPSHOT_SHARE)
                .from("orders-db-seoul")
                .toRegion("aws:ap-northeast-2")
                .toAccount("999988887777")
                .build();

        assertThat(event.getDestinationAssetId()).isNull();
        assertThat(event.getDestinationRegion()).isEqualTo("aws:ap-northeast-2");
        assertThat(event.getDestinationAccount()).isEqualTo("999988887777");
        assertThat(event.getCredentialId()).isEqualTo("sso-emp-1007");
    }

    @Test
    void everyReplicationFieldCanBeSet() {
        ReplicationEvent event = Events.aReplication()
                .by("svc-etl")
                .withCredential("key-svc-etl-old")
                .kind(ReplicationKind.REPLICA)
                .from("crm-db-seoul")
                .toAsset("marketing-lake-virginia")
                .toRegion("aws:us-east-1")
                .toAccount("111111111111")
                .job("j-1")
                .classes("PERSONAL", "CONTACT")
                .records(5)
                .bytes(6)
                .eventId("e-2")
                .attribute("tool", "dms")
                .build();

        assertThat(event)
                .isEqualTo(ReplicationEvent.newBuilder()
                        .setEventId("e-2")
                        .setOccurredAt(Events.DEFAULT_TIME)
                        .setPrincipalId("svc-etl")
                        .setCredentialId("key-svc-etl-old")
                        .setJobId("j-1")
                        .setKind(ReplicationKind.REPLICA)
                        .setSourceAssetId("crm-db-seoul")
                        .setDestinationAssetId("marketing-lake-virginia")
                        .setDestinationRegion("aws:us-east-1")
                        .setDestinationAccount("111111111111")
                        .setDataClasses(List.of("PERSONAL", "CONTACT"))
                        .setRecordCount(5)
                        .setByteCount(6)
                        .setAttributes(Map.of("tool", "dms"))
                        .build());
    }

    @Test
    void builtEventsEncodeAndDecode() {
        DataAccessEvent access =
                Events.anAccess().subjects("h1").classes("PERSONAL").build();
        ReplicationEvent replication =
                Events.aReplication().toRegion("aws:us-east-1").build();

        AvroCodec<DataAccessEvent> accessCodec = AvroCodec.of(DataAccessEvent.class);
        AvroCodec<ReplicationEvent> replicationCodec = AvroCodec.of(ReplicationEvent.class);
        assertThat(accessCodec.decode(accessCodec.encode(access))).isEqualTo(access);
        assertThat(replicationCodec.decode(replicationCodec.encode(replication)))
                .isEqualTo(replication);
    }
}
