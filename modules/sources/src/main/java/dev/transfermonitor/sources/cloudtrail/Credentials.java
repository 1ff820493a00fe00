package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.Credential;
import dev.transfermonitor.sources.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * IAM access keys and STS sessions. Key lifecycle records keep the credentials reference
 * current (when enabled); a session issued to a workload (an instance profile, a Lambda
 * function, an ECS task) is remembered with its expiry, so that its use can be told apart.
 */
final class Credentials {

    /** Sessions remembered per source instance. */
    static final int SESSION_CAPACITY = 200_000;

    /** The SDK's rendering in STS and IAM responses: {@code Jul 18, 2014 4:07:39 PM}. */
    private static final DateTimeFormatter SDK_TIME = DateTimeFormatter.ofPattern("MMM d yyyy h:mm:ss a", Locale.US);

    private record Session(String workload, Instant expires) {}

    private final Bounded<Session> sessions = new Bounded<>(SESSION_CAPACITY);

    /** CreateAccessKey: a new key of the user named in the request, else of the caller. */
    static String created(Call c) {
        JsonNode key = Json.get(c.response(), "accessKey");
        String id = Json.text(key, "accessKeyId");
        if (id == null) {
            return "no responseElements.accessKey.accessKeyId";
        }
        c.credential(new Credential(id, owner(c, Json.text(key, "userName")), c.occurredAt, null, null));
        return null;
    }

    /** UpdateAccessKey (Inactive revokes, Active restores) and DeleteAccessKey (revokes). */
    static String changed(Call c, boolean deleted) {
        String id = Json.text(c.request(), "accessKeyId");
        if (id == null) {
            return "no accessKeyId";
        }
        String status = Json.text(c.request(), "status");
        if (!deleted && status == null) {
            return "no status";
        }
        Instant revoked = deleted || "Inactive".equalsIgnoreCase(status) ? c.occurredAt : null;
        // The issue date is not in the record; the change's time stands in for it.
        c.credential(new Credential(id, owner(c, Json.text(c.request(), "userName")), c.occurredAt, null, revoked));
        return null;
    }

    /** The user's ARN as the trail writes it for that user's own calls (paths are not in the record). */
    private static String owner(Call c, String userName) {
        if (userName == null || c.account == null) {
            return c.identity.principalId();
        }
        return "arn:aws:iam::" + c.account + ":user/" + userName;
    }

    /** AssumeRole by a workload service: remembers the session key, so that its use can be told apart. */
    String assumed(Call c) {
        String service = workloadOf(c);
        JsonNode credentials = Json.get(c.response(), "credentials");
        String key = Json.text(credentials, "accessKeyId");
        if (service == null || key == null) {
            return "a role session not issued to a workload";
        }
        if (!looksLikeKeyId(key)) {
            return "a role session issued to " + service + " whose access key id the record does not show";
        }
        Instant expires = time(Json.text(credentials, "expiration"));
        sessions.remember(key, new Session(service, expires));
        return "a role session issued to " + service + ": remembered, so that its use outside is told apart";
    }

    /** The workload a session key was issued to, while the session lasts; else null. */
    String workload(String sessionKey, Instant at) {
        if (sessionKey == null) {
            return null;
        }
        Session s = sessions.get(sessionKey);
        if (s == null) {
            return null;
        }
        if (s.expires() != null && at.isAfter(s.expires())) {
            sessions.remove(sessionKey);
            return null;
        }
        return s.workload();
    }

    /** IAM's access key ids are 16 to 128 letters and digits; exports that redact them write a word. */
    static boolean looksLikeKeyId(String key) {
        if (key.length() < 16 || key.length() > 128) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (!(ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static String workloadOf(Call c) {
        if (!"AWSService".equals(c.identity.type())) {
            return null;
        }
        String by = c.identity.principalId();
        return switch (by) {
            case "ec2.amazonaws.com" -> "ec2";
            case "lambda.amazonaws.com" -> "lambda";
            case "ecs-tasks.amazonaws.com" -> "ecs";
            default -> null;
        };
    }

    /**
     * ISO-8601 ({@code 2024-01-01T00:00:00Z}) or the SDK's {@code Jan 1, 2024, 12:00:00 AM} form;
     * null when neither.
     */
    static Instant time(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(",", "").replace('\u202f', ' '), SDK_TIME)
                        .toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notEither) {
                return null;
            }
        }
    }
}
