package dev.transfermonitor.app.security;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The monitor's ACLs exactly as the README's table lists them, one constant per ACL, all
 * prefixed patterns. Describe is not listed: Kafka implies it from Read and Write.
 */
enum MonitorAcls {
    /** Inputs and reference data. */
    TOPICS_READ(ResourceType.TOPIC, AclOperation.READ),
    /** Alerts, OCSF alerts, ledger, dead letters. */
    TOPICS_WRITE(ResourceType.TOPIC, AclOperation.WRITE),
    /** Only with create.topics=true. */
    TOPICS_CREATE(ResourceType.TOPIC, AclOperation.CREATE),
    /** Kafka Streams' changelog and repartition topics, {@code <application.id>-...}. */
    INTERNAL_TOPICS(ResourceType.TOPIC, AclOperation.ALL),
    /** The consumer group, whose id is the application.id. */
    GROUP(ResourceType.GROUP, AclOperation.READ),
    /** Exactly-once producers, {@code <application.id>-<process id>-<thread>}. */
    TRANSACTIONAL_ID(ResourceType.TRANSACTIONAL_ID, AclOperation.WRITE);

    private final ResourceType type;
    private final AclOperation operation;

    MonitorAcls(ResourceType type, AclOperation operation) {
        this.type = type;
        this.operation = operation;
    }

    AclBinding binding(String user, String topicPrefix, String applicationId) {
        String prefix = this == TOPICS_READ || this == TOPICS_WRITE || this == TOPICS_CREATE
                ? topicPrefix + "transfer."
                : applicationId;
        return allow(user, type, prefix, operation).get(0);
    }

    /** Every ACL of the table but the ones left out. */
    static List<AclBinding> allBut(String user, String topicPrefix, String applicationId, MonitorAcls... leftOut) {
        List<MonitorAcls> skip = List.of(leftOut);
        List<AclBinding> acls = new ArrayList<>();
        for (MonitorAcls acl : values()) {
            if (!skip.contains(acl)) {
                acls.add(acl.binding(user, topicPrefix, applicationId));
            }
        }
        return acls;
    }

    static List<AclBinding> allow(String user, ResourceType type, String prefix, AclOperation... operations) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(
                    new ResourcePattern(type, prefix, PatternType.PREFIXED),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        return acls;
    }
}
