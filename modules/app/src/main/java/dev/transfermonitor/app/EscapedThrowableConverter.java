package dev.transfermonitor.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import dev.transfermonitor.events.Printable;

/**
 * The text log's stack traces ({@code %escEx} in logback.xml) with each exception message shown
 * through {@link Printable}: a message may quote input (a key, a field, a parser's excerpt), and a
 * newline in it would start what looks like a log line of its own. The frames keep their lines.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return super.throwableProxyToString(Escaped.of(tp));
    }

    private record Escaped(IThrowableProxy tp) implements IThrowableProxy {

        static IThrowableProxy of(IThrowableProxy tp) {
            return tp == null ? null : new Escaped(tp);
        }

        @Override
        public String getMessage() {
            return tp.getMessage() == null ? null : Printable.of(tp.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return tp.getOverridingMessage() == null ? null : Printable.of(tp.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return tp.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return tp.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return tp.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return of(tp.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = tp.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = of(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return tp.isCyclic();
        }
    }
}
