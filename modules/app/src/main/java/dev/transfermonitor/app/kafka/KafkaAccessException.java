package dev.transfermonitor.app.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * The cluster refused who we are (authentication) or what we asked (authorization). Neither
 * heals by retrying, so commands stop at once with one line that names the user, the
 * mechanism and the resource, never the password. {@link #from} finds such a cause in any
 * wrapping (Kafka Streams, admin futures).
 */
public final class KafkaAccessException extends RuntimeException {

    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"([^\"]*)\"");

    public KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The access failure among {@code e} and its causes, explained for the user of the
     * given client properties; empty when the failure is something else.
     */
    public static Optional<KafkaAccessException> from(Throwable e, Map<String, ?> clientProperties) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KafkaAccessException access) {
                return Optional.of(access);
            }
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return Optional.of(new KafkaAccessException("Kafka: " + explain(t, clientProperties), t));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Optional.empty();
    }

    /** {@code e} itself, or the access failure it hides, explained for the user of these client properties. */
    public static RuntimeException explained(RuntimeException e, Map<String, ?> clientProperties) {
        return from(e, clientProperties).<RuntimeException>map(a -> a).orElse(e);
    }

    private static String explain(Throwable t, Map<String, ?> props) {
        String user = user(props);
        if (t instanceof SslAuthenticationException) {
            return "TLS handshake failed (check ssl.truststore.* and the broker's certificate): " + rootMessage(t);
        }
        if (t instanceof SaslAuthenticationException || t instanceof AuthenticationException) {
            return "authentication failed for " + user + " (SASL/" + setting(props, "sasl.mechanism", "GSSAPI") + "): "
                    + t.getMessage();
        }
        String who = user + " is not authorized to ";
        if (t instanceof TopicAuthorizationException topic) {
            return topic.unauthorizedTopics().isEmpty()
                    ? who + "use a topic it needs (Kafka did not say which)"
                    : who + "use topic(s) " + String.join(", ", new TreeSet<>(topic.unauthorizedTopics()));
        }
        if (t instanceof GroupAuthorizationException group) {
            return who + "use consumer group " + (group.groupId() == null ? "(unknown)" : group.groupId())
                    + " (needs Read on the Group)";
        }
        if (t instanceof TransactionalIdAuthorizationException) {
            return who + "use its transactional ids, which exactly-once needs (Write on TransactionalId, prefixed "
                    + "with the application.id): " + t.getMessage();
        }
        if (t instanceof ClusterAuthorizationException) {
            return who + "perform a cluster operation: " + t.getMessage();
        }
        return who + "do this: " + t.getMessage();
    }

    /** The same failure with a hint where to look appended, e.g. which ACLs the command needs. */
    public KafkaAccessException withHint(String hint) {
        return new KafkaAccessException(getMessage() + "; " + hint, getCause());
    }

    /** "user NAME" from a SASL JAAS configuration; the user name is no secret, the password is never read. */
    public static String user(Map<String, ?> props) {
        Object jaas = props == null ? null : props.get("sasl.jaas.config");
        if (jaas != null) {
            Matcher m = USERNAME.matcher(jaas.toString());
            if (m.find()) {
                return "user " + m.group(1);
            }
        }
        return "the configured Kafka user";
    }

    private static String setting(Map<String, ?> props, String key, String fallback) {
        Object v = props == null ? null : props.get(key);
        return v == null ? fallback : v.toString();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
