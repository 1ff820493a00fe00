package dev.transfermonitor.detection.rules;

import dev.transfermonitor.detection.Transfer;

/**
 * Alert keys of the stateless rules: one finding per rule, principal and route. Keys carry no
 * day: the lifecycle's episodes (open until a quiet period passes) decide when a case is new.
 */
final class AlertKeys {

    private AlertKeys() {
    }

    static String routeKey(String rule, Transfer t) {
        return rule + '|' + t.principalId() + '|' + code(t.origin().jurisdiction()) + '>'
                + code(t.destination().jurisdiction());
    }

    static String key(String rule, String entity) {
        return rule + '|' + entity;
    }

    private static String code(String jurisdiction) {
        return jurisdiction == null ? "?" : jurisdiction;
    }
}
