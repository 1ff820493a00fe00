package dev.transfermonitor.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import dev.transfermonitor.app.kafka.KafkaAccessException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Marker;

/**
 * Drops Kafka's own error lines about refused credentials or permissions: every client of a
 * Kafka Streams application reports the same refusal, some with a stack trace, while the
 * command already ends with one line that says it ({@link KafkaAccessException}). With
 * Kafka's logging at INFO or finer ({@code TM_KAFKA_LOG_LEVEL}) everything is kept.
 */
public final class AccessRefusalLogFilter extends TurboFilter {

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null
                || !level.isGreaterOrEqual(Level.WARN)
                || !logger.getName().startsWith("org.apache.kafka")
                || logger.getEffectiveLevel().toInt() <= Level.INFO_INT) {
            return FilterReply.NEUTRAL;
        }
        Throwable thrown = t != null
                ? t
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                        ? last
                        : null;
        boolean refusal =
                format != null && (format.contains("failed authentication") || format.contains("authorization failed"))
                        || isRefusal(thrown);
        return refusal ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean isRefusal(Throwable thrown) {
        for (Throwable c = thrown; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AuthenticationException || c instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }
}
