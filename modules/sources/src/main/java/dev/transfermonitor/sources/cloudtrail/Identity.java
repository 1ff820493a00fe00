package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.AuthMethod;
import dev.transfermonitor.sources.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Who acted, from a record's {@code userIdentity}: the principal id the events carry, further
 * names to resolve it by, the credential, how it authenticated.
 *
 * @param principalId  the most specific name CloudTrail gives: the user or assumed-role ARN, the
 *                     service for AWSService
 * @param aliases      further names, most specific first, space separated (may be empty):
 *                     sourceIdentity, the Identity Center user, an SSO user name, the issuing role
 * @param credentialId a long-term access key (AKIA...), else null
 * @param sessionKey   a temporary access key (ASIA...), else null
 * @param issuer       the role a session was issued for, else null
 * @param ec2Role      the session is an EC2 instance's role credential (sessionContext.ec2RoleDelivery)
 */
record Identity(
        String principalId,
        String aliases,
        String credentialId,
        String sessionKey,
        AuthMethod authMethod,
        String issuer,
        boolean ec2Role,
        String type) {

    /** Identity Center (SSO) roles: the session name is the user's, set by AWS, not by the caller. */
    private static final String SSO_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

    /** Null when the block names nobody. */
    static Identity of(JsonNode user, JsonNode record) {
        if (user == null || !user.isObject()) {
            return null;
        }
        String type = Json.text(user, "type");
        String arn = Json.text(user, "arn");
        String account = Json.text(user, "accountId");
        JsonNode session = Json.get(user, "sessionContext");
        JsonNode issuerNode = Json.get(session, "sessionIssuer");
        String issuer = Json.text(issuerNode, "arn");
        String key = Json.text(user, "accessKeyId");
        List<String> aliases = new ArrayList<>(4);
        add(aliases, Json.text(session, "sourceIdentity"));
        add(aliases, Json.text(user, "sourceIdentity"));
        add(aliases, Json.text(Json.get(user, "onBehalfOf"), "userId"));
        String principal;
        if ("AWSService".equals(type)) {
            principal = Json.text(user, "invokedBy");
        } else if ("AWSAccount".equals(type)) {
            String id = Json.text(user, "principalId");
            principal = account == null ? id : "aws-account:" + account + (id == null ? "" : ":" + id);
        } else {
            principal = arn != null ? arn : Json.text(user, "userName", "principalId");
        }
        if (issuer != null && issuer.contains(SSO_ROLE_PATH) && arn != null) {
            add(aliases, arn.substring(arn.lastIndexOf('/') + 1));
        }
        add(aliases, issuer != null ? issuer : roleOfSession(arn));
        if (principal == null) {
            principal = aliases.isEmpty() ? null : aliases.remove(0);
        }
        if (principal == null) {
            return null;
        }
        aliases.remove(principal);
        boolean longTerm = key != null && key.startsWith("AKIA");
        boolean temporary = key != null && !longTerm;
        return new Identity(
                principal,
                String.join(" ", aliases),
                longTerm ? key : null,
                temporary ? key : null,
                auth(type, key, session, record),
                issuer,
                Json.get(session, "ec2RoleDelivery") != null,
                type);
    }

    /**
     * {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION} -> {@code arn:aws:iam::ACCOUNT:role/ROLE}, for
     * trimmed records without a sessionIssuer (a role's path is not in the session ARN); else null.
     */
    static String roleOfSession(String arn) {
        if (arn == null) {
            return null;
        }
        int sts = arn.indexOf(":sts::");
        int role = arn.indexOf(":assumed-role/");
        int session = arn.lastIndexOf('/');
        if (sts < 0 || role < sts || session <= role + ":assumed-role/".length()) {
            return null;
        }
        return arn.substring(0, sts) + ":iam::" + arn.substring(sts + ":sts::".length(), role) + ":role/"
                + arn.substring(role + ":assumed-role/".length(), session);
    }

    private static AuthMethod auth(String type, String key, JsonNode session, JsonNode record) {
        boolean mfa = "true".equalsIgnoreCase(Json.text(Json.get(session, "attributes"), "mfaAuthenticated"));
        boolean console = "true".equalsIgnoreCase(Json.text(record, "sessionCredentialFromConsole"));
        if (mfa) {
            return AuthMethod.MFA;
        }
        if (console) {
            return AuthMethod.PASSWORD;
        }
        if ("AWSService".equals(type)) {
            return AuthMethod.SERVICE_TOKEN;
        }
        if (key == null) {
            return AuthMethod.UNKNOWN;
        }
        return key.startsWith("AKIA") ? AuthMethod.API_KEY : AuthMethod.SERVICE_TOKEN;
    }

    /** Names with a space could split the alias list; such a name is not an alias. */
    private static void add(List<String> names, String name) {
        if (name != null && name.indexOf(' ') < 0 && name.length() <= 256 && !names.contains(name)) {
            names.add(name);
        }
    }
}
