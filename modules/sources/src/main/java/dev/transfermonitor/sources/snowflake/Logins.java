package dev.transfermonitor.sources.snowflake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.events.Printable;
import dev.transfermonitor.reference.Cidr;
import dev.transfermonitor.sources.BoundedMap;
import dev.transfermonitor.sources.Json;
import dev.transfermonitor.sources.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * LOGIN_HISTORY: one row per login attempt, with the client's address, which QUERY_HISTORY
 * and ACCESS_HISTORY never name. A login moves no data: a successful one is ignored (its
 * address is kept), a failed one is a failed call. A statement's read gets the address of its
 * user's latest successful login at or before it, within {@link #MAX_AGE} of event time.
 * That is an approximation of Snowflake's exact join (QUERY_HISTORY.SESSION_ID to
 * SESSIONS.LOGIN_EVENT_ID to LOGIN_HISTORY.EVENT_ID): two sessions of one user from two
 * places at once are told apart only by SESSIONS, which is not read (no real row to test it).
 *
 * <p>State, bounded: at most {@link #MAX_USERS} users (the least recently logged in evicted),
 * each with their last {@link #MAX_PER_USER} successful logins.
 */
final class Logins {

    static final String VIEW = "LOGIN_HISTORY";
    static final int MAX_USERS = SnowflakeSource.MAX_REMEMBERED;
    /** A day of logins of a user who reconnects every hour, so that a day's reads find theirs. */
    static final int MAX_PER_USER = 32;
    /** A login older than this (event time) is no longer taken for a statement's. */
    static final Duration MAX_AGE = Duration.ofHours(24);

    private static final int MAX_ERROR = 64;
    private static final int MAX_USER = 256;

    /** A successful login; a null address is one that CLIENT_IP did not give. */
    private record Login(Instant at, String address) {}

    private final Map<String, Deque<Login>> byUser = new BoundedMap<>(MAX_USERS);

    Outcome map(JsonNode node) {
        String type = Json.text(node, "EVENT_TYPE", "event_type");
        String event = SnowflakeSource.eventName(
                VIEW, type == null ? null : Json.cut(type.toUpperCase(Locale.ROOT), MAX_ERROR));
        Row row = new Row(node, VIEW, event);
        String id = row.text("EVENT_ID");
        Instant at = row.time("EVENT_TIMESTAMP");
        String success = row.text("IS_SUCCESS");
        if (id == null || row.get("EVENT_TIMESTAMP") == null || success == null) {
            return SnowflakeSource.invalid(event, VIEW + " row without EVENT_ID, EVENT_TIMESTAMP or IS_SUCCESS", node);
        }
        if (at == null) {
            return SnowflakeSource.invalid(event, "EVENT_TIMESTAMP is not a time", node);
        }
        if (type != null && !type.equalsIgnoreCase("LOGIN")) {
            return new Outcome.Ignored(event, "not a login (" + Json.cut(Printable.of(type), MAX_ERROR) + ")");
        }
        if (!success.equalsIgnoreCase("YES")) {
            String error = row.text("ERROR_MESSAGE");
            if (error == null) {
                error = row.text("ERROR_CODE");
            }
            return new Outcome.Failed(
                    event, Json.cut(Printable.of(error == null ? "IS_SUCCESS " + success : error), MAX_ERROR));
        }
        String user = row.text("USER_NAME");
        if (user == null || user.length() > MAX_USER) {
            return new Outcome.Ignored(
                    event, "a successful login moves no data; it names no user to give its address to");
        }
        String ip = row.text("CLIENT_IP");
        // Kept even without an address: a later read is then from an unknown place, not the last known one.
        byte[] parsed = ip == null ? null : Cidr.parseAddress(ip);
        String address = parsed == null ? null : Cidr.format(parsed);
        remember(user, new Login(at, address));
        return new Outcome.Ignored(
                event,
                address != null
                        ? "a successful login moves no data; its CLIENT_IP is given to the user's reads"
                        : "a successful login moves no data; its CLIENT_IP is not an address, so the user's"
                                + " reads after it have none");
    }

    /** The address of the user's latest successful login at or before this time and within a day, or null. */
    String addressOf(String user, Instant at) {
        Deque<Login> logins = byUser.get(key(user));
        if (logins == null) {
            return null;
        }
        for (Iterator<Login> it = logins.descendingIterator(); it.hasNext(); ) {
            Login login = it.next();
            if (!login.at().isAfter(at)) {
                return Duration.between(login.at(), at).compareTo(MAX_AGE) <= 0 ? login.address() : null;
            }
        }
        return null;
    }

    int users() {
        return byUser.size();
    }

    int logins() {
        return byUser.values().stream().mapToInt(Deque::size).sum();
    }

    private void remember(String user, Login login) {
        String key = key(user);
        Deque<Login> logins = byUser.remove(key);
        if (logins == null) {
            logins = new ArrayDeque<>(4);
        }
        byUser.put(key, logins); // re-inserted: the user who logged in last is evicted last
        if (logins.isEmpty() || !logins.peekLast().at().isAfter(login.at())) {
            logins.addLast(login);
        } else {
            insertInOrder(logins, login); // rows of one view may arrive out of order
        }
        while (logins.size() > MAX_PER_USER) {
            logins.removeFirst();
        }
    }

    private static void insertInOrder(Deque<Login> logins, Login login) {
        Deque<Login> later = new ArrayDeque<>();
        while (!logins.isEmpty() && logins.peekLast().at().isAfter(login.at())) {
            later.addFirst(logins.removeLast());
        }
        logins.addLast(login);
        logins.addAll(later);
    }

    /** Snowflake user names are case-insensitive unless quoted; exports write them upper case. */
    private static String key(String user) {
        return user.toUpperCase(Locale.ROOT);
    }
}
