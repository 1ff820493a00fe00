package dev.transfermonitor.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Golden values: alert ids are derived from keys, so a change to either must fail here first. */
class AlertKeysTest {

    @Test
    void routesNameThePrincipalAndBothJurisdictions() {
        assertThat(AlertKeys.route(AlertType.CROSS_BORDER_VIOLATION, "emp-42", "KR", "US"))
                .isEqualTo("CROSS_BORDER_VIOLATION|emp-42|KR>US");
        assertThat(AlertKeys.route(AlertType.UNKNOWN_LOCATION, "emp-42", "KR", null))
                .isEqualTo("UNKNOWN_LOCATION|emp-42|KR>?");
        assertThat(AlertKeys.route(AlertType.UNKNOWN_LOCATION, "emp-42", null, null))
                .isEqualTo("UNKNOWN_LOCATION|emp-42|?>?");
    }

    @Test
    void accountsAndIdentities() {
        assertThat(AlertKeys.account(AlertType.EXTERNAL_TRANSFER, "svc-etl", "999988887777"))
                .isEqualTo("EXTERNAL_TRANSFER|svc-etl>999988887777");
        assertThat(AlertKeys.account(AlertType.EXTERNAL_TRANSFER, "svc-etl", null))
                .isEqualTo("EXTERNAL_TRANSFER|svc-etl>?");
        assertThat(AlertKeys.identity(AlertType.INACTIVE_IDENTITY, "emp-7", null))
                .isEqualTo("INACTIVE_IDENTITY|emp-7");
        assertThat(AlertKeys.identity(AlertType.CREDENTIAL_MISUSE, "emp-7", "key-emp-9"))
                .isEqualTo("CREDENTIAL_MISUSE|emp-7/key-emp-9");
    }

    @Test
    void volumeEntities() {
        assertThat(AlertKeys.of(AlertType.VOLUME_BURST, AlertKeys.principalEntity("emp-42")))
                .isEqualTo("VOLUME_BURST|p:emp-42");
        assertThat(AlertKeys.of(AlertType.SLOW_EXFILTRATION, AlertKeys.credentialEntity("emp-42", "key-emp-42-api")))
                .isEqualTo("SLOW_EXFILTRATION|c:emp-42/key-emp-42-api");
    }

    @Test
    void aKeyOverTheLimitEndsInTheDigestOfTheWholeKey() {
        String key = "VOLUME_BURST|p:" + "x".repeat(2_100);
        String bounded = AlertKeys.bounded(key);

        assertThat(bounded)
                .hasSize(AlertKeys.MAX_LENGTH)
                .startsWith(key.substring(0, AlertKeys.MAX_LENGTH - 65))
                .endsWith("#966429fa913e79a4050f4aba090f4f0da6c39b56eaf4c4757aba54ed509d0b6c");
        assertThat(AlertKeys.bounded(bounded)).isEqualTo(bounded);
        assertThat(AlertKeys.bounded("VOLUME_BURST|p:emp-42")).isEqualTo("VOLUME_BURST|p:emp-42");
    }

    @Test
    void theAlertIdOfAKnownKeyAndEpisode() {
        assertThat(AlertKeys.alertId("CROSS_BORDER_VIOLATION|emp-42|KR>US", Instant.parse("2026-03-02T09:15:00Z")))
                .isEqualTo("1b7191a7-4daa-3230-8c4c-68cfff0d6d15");
        assertThat(AlertKeys.alertId("VOLUME_BURST|c:emp-42/key-emp-42-api", Instant.parse("2026-03-02T09:15:00.123Z")))
                .isEqualTo("255b9f5d-85d4-3281-b4cb-f3b026d8e1c1");
    }
}
