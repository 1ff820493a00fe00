package dev.transfermonitor.app.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** The monitor's ACLs exactly as the README's table lists them, one entry per row. */
enum MonitorAcls {
    /** Topic {@code <topic.prefix>transfer.}: inputs, reference data, alerts, ledger, dead letters. */
    TOPICS,
    /** Topic {@code <application.id>}: Kafka Streams' changelog and repartition topics. */
    INTERNAL_TOPICS,
    /** Group {@code <application.id>}: the consumer group. */
    GROUP,
    /** TransactionalId {@code <application.id>}: exactly-once producers. */
    TRANSACTIONAL_ID;

    List<AclBinding> bindings(String user, String topicPrefix, String applicationId, boolean createTopics) {
        return switch (this) {
            case TOPICS -> createTopics
                    ? allow(user, ResourceType.TOPIC, topicPrefix + "transfer.", AclOperation.READ, AclOperation.WRITE,
                            AclOperation.DESCRIBE, AclOperation.CREATE, AclOperation.DESCRIBE_CONFIGS)
                    : allow(user, ResourceType.TOPIC, topicPrefix + "transfer.", AclOperation.READ, AclOperation.WRITE,
                            AclOperation.DESCRIBE);
            case INTERNAL_TOPICS -> allow(user, ResourceType.TOPIC, applicationId, AclOperation.ALL);
            case GROUP -> allow(user, ResourceType.GROUP, applicationId, AclOperation.READ, AclOperation.DESCRIBE);
            case TRANSACTIONAL_ID -> allow(user, ResourceType.TRANSACTIONAL_ID, applicationId, AclOperation.WRITE,
                    AclOperation.DESCRIBE);
        };
    }

    /** Every row, or every row but one. */
    static Map<MonitorAcls, List<AclBinding>> all(String user, String topicPrefix, String applicationId, boolean createTopics) {
        Map<MonitorAcls, List<AclBinding>> rows = new LinkedHashMap<>();
        for (MonitorAcls row : values()) {
            rows.put(row, row.bindings(user, topicPrefix, applicationId, createTopics));
        }
        return rows;
    }

    static List<AclBinding> allow(String user, ResourceType type, String prefix, AclOperation... operations) {
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        return acls;
    }
}
