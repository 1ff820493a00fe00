package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.sources.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reading IAM policy documents: who a statement lets in. */
final class Policies {

    /**
     * Condition keys that narrow a {@code *} principal to the organisation, an account, a network
     * or an endpoint. Keys such as {@code aws:SecureTransport} narrow nothing.
     */
    private static final Set<String> NARROWING = Set.of(
            "aws:principalorgid",
            "aws:principalorgpaths",
            "aws:principalaccount",
            "aws:principalarn",
            "aws:sourceaccount",
            "aws:sourcearn",
            "aws:sourceorgid",
            "aws:sourceip",
            "aws:sourcevpc",
            "aws:sourcevpce",
            "aws:userid",
            "aws:username");

    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    private Policies() {}

    /** The AWS principals of a statement: {@code "*"}, ARNs or account ids. */
    static List<String> awsPrincipals(JsonNode principal) {
        List<String> out = new ArrayList<>();
        if (principal == null) {
            return out;
        }
        if (principal.isTextual()) {
            out.add(principal.asText());
            return out;
        }
        out.addAll(Json.texts(Json.get(principal, "AWS")));
        return out;
    }

    /** The account of {@code arn:aws:iam::123456789012:root} or of a bare account id, else null. */
    static String accountOf(String principal) {
        if (ACCOUNT.matcher(principal).matches()) {
            return principal;
        }
        String[] parts = principal.split(":", 6);
        return parts.length >= 5
                        && parts[0].equals("arn")
                        && ACCOUNT.matcher(parts[4]).matches()
                ? parts[4]
                : null;
    }

    /** Whether a Condition block narrows who may act (any operator over a narrowing key). */
    static boolean narrowsWho(JsonNode condition) {
        if (condition == null || !condition.isObject()) {
            return false;
        }
        for (Iterator<JsonNode> operators = condition.elements(); operators.hasNext(); ) {
            JsonNode keys = operators.next();
            for (Iterator<String> names = keys.fieldNames(); names.hasNext(); ) {
                if (NARROWING.contains(names.next().toLowerCase(Locale.ROOT))) {
                    return true;
                }
            }
        }
        return false;
    }
}
