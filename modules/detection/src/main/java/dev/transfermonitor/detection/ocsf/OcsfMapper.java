package dev.transfermonitor.detection.ocsf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.AlertType;
import dev.transfermonitor.avro.Evidence;
import dev.transfermonitor.avro.Severity;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.detection.rules.WorkloadCredentialRule;
import dev.transfermonitor.events.Printable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Turns one revision of a {@link TransferAlert} into one OCSF {@value #OCSF_VERSION} Detection
 * Finding (class 2004, category Findings) as a JSON string, for SIEMs reading the OCSF alerts
 * topic. Revision 1 is activity Create, later revisions Update; metadata.uid is unique per
 * revision and metadata.correlation_uid / finding_info.uid group the revisions of one finding.
 * ATT&CK details go in finding_info.attacks: the top-level attacks belong to the
 * security_control profile, which claims an intervening control, and this monitor only
 * observes. Everything the SOC filters on is also under {@code unmapped} with stable names.
 * Stateless and thread-safe.
 */
public final class OcsfMapper {

    /** The OCSF schema version the output follows (metadata.version). */
    public static final String OCSF_VERSION = "1.3.0";

    public static final int CLASS_UID = 2004;
    public static final int CATEGORY_UID = 2;
    static final String PRODUCT_NAME = "Transfer Monitor";

    /** Controls and bidi characters as escapes: a SIEM decodes them alike, a terminal showing a line is not fooled. */
    private static final ObjectMapper MAPPER =
            new ObjectMapper(new JsonFactory().setCharacterEscapes(Printable.jsonEscapes()));

    private static final String PRODUCT_VERSION = productVersion();

    private OcsfMapper() {}

    /** One OCSF Detection Finding, serialized as compact JSON. */
    public static String toJson(TransferAlert alert) {
        try {
            return MAPPER.writeValueAsString(toTree(alert));
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serializes; this would be a Jackson defect.
            throw new IllegalStateException("cannot serialize OCSF finding " + alert.getAlertId(), e);
        }
    }

    static ObjectNode toTree(TransferAlert alert) {
        Objects.requireNonNull(alert, "alert");
        int activityId = alert.getRevision() <= 1 ? 1 : 2;
        int severityId = severityId(alert.getSeverity());
        int riskScore = Math.max(0, Math.min(100, alert.getRiskScore()));
        int riskLevelId = riskLevelId(riskScore);
        long firstSeen = alert.getFirstSeen().toEpochMilli();
        long lastSeen = alert.getLastSeen().toEpochMilli();

        ObjectNode root = MAPPER.createObjectNode();
        root.put("class_uid", CLASS_UID);
        root.put("class_name", "Detection Finding");
        root.put("category_uid", CATEGORY_UID);
        root.put("category_name", "Findings");
        root.put("activity_id", activityId);
        root.put("activity_name", activityId == 1 ? "Create" : "Update");
        root.put("type_uid", CLASS_UID * 100L + activityId);
        root.put("type_name", "Detection Finding: " + (activityId == 1 ? "Create" : "Update"));
        root.put("time", lastSeen);
        root.put("timezone_offset", 0);
        root.put("start_time", firstSeen);
        root.put("end_time", lastSeen);
        root.put("count", alert.getEventCount());
        root.put("severity_id", severityId);
        root.put("severity", severityName(severityId));
        // The consumer moves it on (In Progress, Resolved...): every revision we emit is unreviewed.
        root.put("status_id", 1);
        root.put("status", "New");
        root.put("risk_score", riskScore);
        root.put("risk_level_id", riskLevelId);
        root.put("risk_level", riskLevelName(riskLevelId));
        root.put("message", alert.getSummary());
        root.set("finding_info", findingInfo(alert, firstSeen, lastSeen));
        root.set("actor", actor(alert));
        if (!alert.getDataClasses().isEmpty()) {
            root.set("resources", resources(alert));
        }
        if (!alert.getEvidence().isEmpty()) {
            root.set("evidences", evidences(alert));
        }
        root.set("metadata", metadata(alert));
        root.set("unmapped", unmapped(alert));
        return root;
    }

    private static ObjectNode findingInfo(TransferAlert alert, long firstSeen, long lastSeen) {
        ObjectNode info = MAPPER.createObjectNode();
        info.put("uid", alert.getAlertId());
        info.put("title", title(alert));
        info.put("desc", alert.getSummary());
        info.putArray("types").add(alert.getType().name());
        info.put("first_seen_time", firstSeen);
        info.put("last_seen_time", lastSeen);
        ObjectNode analytic = info.putObject("analytic");
        analytic.put("uid", alert.getRuleId());
        analytic.put("name", humanize(alert.getRuleId()));
        analytic.put("type_id", 1);
        analytic.put("type", "Rule");
        analytic.put("version", alert.getRuleVersion());
        if (!alert.getMitreTechniques().isEmpty()) {
            info.set("attacks", attacks(alert));
        }
        return info;
    }

    /** One attack per (technique, tactic): OCSF gives an attack a single tactic. */
    private static ArrayNode attacks(TransferAlert alert) {
        ArrayNode attacks = MAPPER.createArrayNode();
        for (String uid : alert.getMitreTechniques()) {
            AttackCatalog.Technique technique = AttackCatalog.technique(uid);
            if (technique.tactics().isEmpty()) {
                attack(attacks, technique, null);
            }
            for (AttackCatalog.Tactic tactic : technique.tactics()) {
                attack(attacks, technique, tactic);
            }
        }
        return attacks;
    }

    private static void attack(ArrayNode attacks, AttackCatalog.Technique technique, AttackCatalog.Tactic tactic) {
        ObjectNode attack = attacks.addObject();
        ObjectNode t = attack.putObject("technique");
        t.put("uid", technique.uid());
        if (technique.name() != null) {
            t.put("name", technique.name());
        }
        if (tactic != null) {
            ObjectNode ta = attack.putObject("tactic");
            ta.put("uid", tactic.uid());
            ta.put("name", tactic.name());
        }
        attack.put("version", AttackCatalog.VERSION);
    }

    private static ObjectNode actor(TransferAlert alert) {
        ObjectNode actor = MAPPER.createObjectNode();
        ObjectNode user = actor.putObject("user");
        user.put("uid", alert.getPrincipalId());
        if (alert.getCredentialId() != null) {
            user.put("credential_uid", alert.getCredentialId());
        }
        return actor;
    }

    /** The data classes involved, each as an affected resource with its OCSF classification. */
    private static ArrayNode resources(TransferAlert alert) {
        ArrayNode resources = MAPPER.createArrayNode();
        for (String dataClass : alert.getDataClasses()) {
            ObjectNode resource = resources.addObject();
            resource.put("name", dataClass);
            resource.put("type", "Data Class");
            ObjectNode classification = resource.putObject("data_classification");
            int categoryId = dataCategoryId(dataClass);
            classification.put("category_id", categoryId);
            classification.put("category", categoryId == 99 ? dataClass : dataCategoryName(categoryId));
        }
        return resources;
    }

    private static ArrayNode evidences(TransferAlert alert) {
        ArrayNode evidences = MAPPER.createArrayNode();
        for (Evidence e : alert.getEvidence()) {
            ObjectNode data = evidences.addObject().putObject("data");
            data.put("event_id", e.getEventId());
            data.put("topic", e.getTopic());
            data.put("partition", e.getPartition());
            data.put("offset", e.getOffset());
        }
        return evidences;
    }

    private static ObjectNode metadata(TransferAlert alert) {
        ObjectNode metadata = MAPPER.createObjectNode();
        metadata.put("version", OCSF_VERSION);
        ObjectNode product = metadata.putObject("product");
        product.put("name", PRODUCT_NAME);
        product.put("vendor_name", PRODUCT_NAME);
        if (PRODUCT_VERSION != null) {
            product.put("version", PRODUCT_VERSION);
        }
        metadata.put("uid", alert.getAlertId() + "-" + alert.getRevision());
        metadata.put("correlation_uid", alert.getAlertId());
        // actor comes from the host profile in this class.
        metadata.putArray("profiles").add("host");
        ArrayNode labels = metadata.putArray("labels");
        labels.add("alert_type:" + alert.getType().name());
        for (String dataClass : alert.getDataClasses()) {
            labels.add("data_class:" + dataClass);
        }
        return metadata;
    }

    /** Our own fields, flat and stable, for SIEM filters that do not know OCSF objects. */
    private static ObjectNode unmapped(TransferAlert alert) {
        ObjectNode u = MAPPER.createObjectNode();
        u.put("alert_id", alert.getAlertId());
        u.put("alert_key", alert.getAlertKey());
        u.put("revision", alert.getRevision());
        u.put("alert_type", alert.getType().name());
        u.put("severity", alert.getSeverity().name());
        u.put("rule_id", alert.getRuleId());
        u.put("rule_version", alert.getRuleVersion());
        u.put("principal_id", alert.getPrincipalId());
        putIfPresent(u, "credential_id", alert.getCredentialId());
        putIfPresent(u, "origin_jurisdiction", alert.getOriginJurisdiction());
        putIfPresent(u, "destination_jurisdiction", alert.getDestinationJurisdiction());
        ArrayNode classes = u.putArray("data_classes");
        alert.getDataClasses().forEach(classes::add);
        u.put("event_count", alert.getEventCount());
        u.put("record_count", alert.getRecordCount());
        u.put("byte_count", alert.getByteCount());
        if (alert.getDistinctSubjects() != null) {
            u.put("distinct_subjects", alert.getDistinctSubjects());
        }
        putIfPresent(u, "policy_id", alert.getPolicyId());
        if (alert.getPolicyVersion() != null) {
            u.put("policy_version", alert.getPolicyVersion());
        }
        putIfPresent(u, "window_start", alert.getWindowStart());
        putIfPresent(u, "window_end", alert.getWindowEnd());
        ArrayNode techniques = u.putArray("mitre_techniques");
        alert.getMitreTechniques().forEach(techniques::add);
        return u;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static void putIfPresent(ObjectNode node, String field, Instant value) {
        if (value != null) {
            node.put(field, value.toEpochMilli());
        }
    }

    /** A readable title: what happened, then the route or, without one, who did it. */
    static String title(TransferAlert alert) {
        String label = switch (alert.getType()) {
            case CROSS_BORDER_VIOLATION -> "Cross-border violation";
            case UNKNOWN_LOCATION -> "Transfer to unknown location";
            case EXTERNAL_TRANSFER -> "External transfer";
            case INACTIVE_IDENTITY -> "Inactive identity";
            case CREDENTIAL_MISUSE ->
                WorkloadCredentialRule.ID.equals(alert.getRuleId())
                        ? "Workload credential used outside"
                        : "Credential used by another principal";
            case VOLUME_BURST -> "Volume burst";
            case SLOW_EXFILTRATION -> "Slow exfiltration";
            case BASELINE_DEVIATION -> "Baseline deviation";
        };
        String origin = alert.getOriginJurisdiction();
        String destination = alert.getDestinationJurisdiction();
        if (isRoute(alert.getType()) && (origin != null || destination != null)) {
            return label + ": " + (origin != null ? origin : "unknown") + " -> "
                    + (destination != null ? destination : "unknown");
        }
        return label + ": " + alert.getPrincipalId();
    }

    private static boolean isRoute(AlertType type) {
        return type == AlertType.CROSS_BORDER_VIOLATION
                || type == AlertType.UNKNOWN_LOCATION
                || type == AlertType.EXTERNAL_TRANSFER;
    }

    /** OCSF severity_id of an alert severity. */
    static int severityId(Severity severity) {
        return switch (severity) {
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    static String severityName(int severityId) {
        return switch (severityId) {
            case 2 -> "Low";
            case 3 -> "Medium";
            case 4 -> "High";
            case 5 -> "Critical";
            default -> throw new IllegalArgumentException("unmapped severity_id " + severityId);
        };
    }

    /** OCSF risk_level_id of a 0-100 score, on the same cut-offs as the alert severity. */
    static int riskLevelId(int riskScore) {
        if (riskScore >= 85) {
            return 4;
        }
        if (riskScore >= 65) {
            return 3;
        }
        if (riskScore >= 40) {
            return 2;
        }
        return 1;
    }

    static String riskLevelName(int riskLevelId) {
        return switch (riskLevelId) {
            case 1 -> "Low";
            case 2 -> "Medium";
            case 3 -> "High";
            case 4 -> "Critical";
            default -> throw new IllegalArgumentException("unmapped risk_level_id " + riskLevelId);
        };
    }

    /** OCSF data_classification category_id of one of our data classes; 99 (Other) if unknown. */
    static int dataCategoryId(String dataClass) {
        return switch (dataClass.toUpperCase(Locale.ROOT)) {
            case "PERSONAL", "CONTACT", "HEALTH", "BIOMETRIC", "GENETIC", "CRIMINAL" -> 1;
            case "NATIONAL_ID" -> 2;
            case "PAYMENT" -> 3;
            // OCSF files human-resources data under Business.
            case "HR", "PRODUCT", "TELEMETRY" -> 4;
            default -> 99;
        };
    }

    private static String dataCategoryName(int categoryId) {
        return switch (categoryId) {
            case 1 -> "Personal";
            case 2 -> "Governmental";
            case 3 -> "Financial";
            case 4 -> "Business";
            default -> throw new IllegalArgumentException("unnamed category_id " + categoryId);
        };
    }

    /** "inactive-identity" -> "Inactive identity". */
    static String humanize(String ruleId) {
        String spaced = ruleId.replace('-', ' ').replace('_', ' ').trim();
        if (spaced.isEmpty()) {
            return ruleId;
        }
        return spaced.substring(0, 1).toUpperCase(Locale.ROOT) + spaced.substring(1);
    }

    /** The detection module's version from the jar's Maven metadata; null when run from classes. */
    private static String productVersion() {
        String resource = "/META-INF/maven/dev.transfermonitor/transfer-monitor-detection/pom.properties";
        try (InputStream in = OcsfMapper.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
