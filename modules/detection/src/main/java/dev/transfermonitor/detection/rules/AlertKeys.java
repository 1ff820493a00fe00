package dev.transfermonitor.detection.rules;

import dev.transfermonitor.detection.Transfer;
import java.time.LocalDate;

/** Alert keys of the stateless rules: one finding per rule, principal, route and UTC day. */
final class AlertKeys {

    private static final long DAY_MS = 86_400_000L;

    private AlertKeys() {
    }

    static String routeKey(String rule, Transfer t) {
        return rule + '|' + t.principalId() + '|' + code(t.origin().jurisdiction()) + '>'
                + code(t.destination().jurisdiction()) + '|' + day(t);
    }

    static String key(String rule, String entity, Transfer t) {
        return rule + '|' + entity + '|' + day(t);
    }

    private static String day(Transfer t) {
        return LocalDate.ofEpochDay(Math.floorDiv(t.occurredAt().toEpochMilli(), DAY_MS)).toString();
    }

    private static String code(String jurisdiction) {
        return jurisdiction == null ? "?" : jurisdiction;
    }
}
