package dev.transfermonitor.detection.rules;

import static dev.transfermonitor.testkit.Events.anAccess;
import static org.assertj.core.api.Assertions.assertThat;

import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.NetworkRange;
import dev.transfermonitor.avro.NetworkScope;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.Harness;
import dev.transfermonitor.events.EventAttributes;
import dev.transfermonitor.testkit.Events;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkloadCredentialRuleTest {

    private final Harness tm = Harness.sampleCompany();

    @AfterEach
    void close() {
        tm.close();
    }

    private static Events.AccessBuilder instanceRead(String ip) {
        return anAccess()
                .by("emp-1001")
                .on("telemetry-lake-virginia")
                .from(ip)
                .attribute(EventAttributes.WORKLOAD, "ec2")
                .attribute(EventAttributes.SESSION_CREDENTIAL, "ASIA" + Events.nextId("S"));
    }

    private List<TransferAlert> workloadAlerts() {
        return tm.alerts().stream()
                .filter(a -> a.getRuleId().equals(WorkloadCredentialRule.ID))
                .toList();
    }

    @Test
    void anInstanceCredentialUsedFromAHostingProviderIsAFinding() {
        tm.send(instanceRead("203.0.113.77").build()); // the sample's "hosting provider", no scope

        assertThat(workloadAlerts()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo(AlertType.CREDENTIAL_MISUSE);
            assertThat(a.getMitreTechniques()).containsExactly("T1552.005");
            assertThat(a.getSummary())
                    .contains("with a workload's credential (ec2)")
                    .contains("left its workload");
            assertThat(a.getAlertKey()).endsWith("/workload:ec2");
        });
    }

    @Test
    void anAddressInNoKnownRangeIsOutsideToo() {
        tm.send(instanceRead("198.18.0.9").build());

        assertThat(workloadAlerts()).hasSize(1);
    }

    @Test
    void fromTheOrganisationsNetworksOrTheProvidersRangesItIsWhereItBelongs() {
        tm.reference(NetworkRange.newBuilder()
                .setCidr("198.18.0.0/15")
                .setCountryCode("US")
                .setLabel("aws us-east-1 EC2")
                .setScope(NetworkScope.PROVIDER)
                .build());
        tm.send(instanceRead("10.1.1.1").build()); // corp internal, ORGANISATION
        tm.send(instanceRead("198.18.0.9").build()); // the provider's range

        assertThat(workloadAlerts()).isEmpty();
    }

    @Test
    void withoutAWorkloadOrAClientAddressThereIsNothingToJudge() {
        tm.send(anAccess()
                .by("emp-1001")
                .on("telemetry-lake-virginia")
                .from("203.0.113.77")
                .build());
        tm.send(anAccess()
                .by("emp-1001")
                .on("telemetry-lake-virginia")
                .attribute(EventAttributes.WORKLOAD, "ec2")
                .attribute(EventAttributes.SERVICE_CLIENT, "s3.amazonaws.com")
                .build());
        tm.send(instanceRead("203.0.113.77")
                .attribute(EventAttributes.WORKLOAD, "EC2 <b>") // not a workload name the monitor knows the form of
                .build());

        assertThat(workloadAlerts()).isEmpty();
    }

    @Test
    void everySessionOfOneRoleIsOneCase() {
        tm.send(instanceRead("203.0.113.77").build());
        tm.send(instanceRead("203.0.113.78").build());
        tm.send(instanceRead("203.0.113.79").build());

        assertThat(workloadAlerts().stream().map(TransferAlert::getAlertId).distinct())
                .hasSize(1);
    }
}
