package dev.transfermonitor.simulator;

import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * What a simulated event stands for: steady benign traffic or one of the planted incidents.
 * The simulator writes the label into each event's {@code attributes} under
 * {@link #ATTRIBUTE}, so tests and the demo can tell planted events from benign ones; the
 * monitor itself never reads it.
 */
public enum Scenario {
    BENIGN("benign"),
    /** svc-etl replicates the Seoul CRM database to a bucket in the US: KR personal data to the US. */
    UNAUTHORIZED_REPLICATION_US("unauthorized-replication-us"),
    /** The never-revoked API key of departed emp-2040 exports CRM records from a foreign host. */
    DEPARTED_EMPLOYEE_KEY("departed-employee-key"),
    /** emp-1007 shares an orders snapshot with an AWS account the company does not own. */
    EXTERNAL_SNAPSHOT_SHARE("external-snapshot-share");

    /** The attribute key that carries the label. */
    public static final String ATTRIBUTE = "scenario";

    private final String label;

    Scenario(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The scenario of a label, e.g. {@code "departed-employee-key"}. */
    public static Optional<Scenario> ofLabel(String label) {
        for (Scenario scenario : values()) {
            if (scenario.label.equals(label)) {
                return Optional.of(scenario);
            }
        }
        return Optional.empty();
    }

    /** The scenario a simulated access or replication event was made for, if it carries one. */
    public static Optional<Scenario> of(SpecificRecord event) {
        Schema.Field field = event.getSchema().getField("attributes");
        if (field == null) {
            return Optional.empty();
        }
        Object attributes = event.get(field.pos());
        if (attributes instanceof Map<?, ?> map && map.get(ATTRIBUTE) instanceof CharSequence label) {
            return ofLabel(label.toString());
        }
        return Optional.empty();
    }
}
