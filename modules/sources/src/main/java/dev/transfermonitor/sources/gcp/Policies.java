package dev.transfermonitor.sources.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * IAM policy changes as grants. A member added for allUsers or allAuthenticatedUsers, on any
 * resource, is a public grant (as a CloudTrail bucket policy for {@code *} is); another member
 * added on a bucket, a BigQuery dataset or a Compute disk, image or snapshot is a GRANT to the
 * member's domain or project, which the detection side judges against the organisation's
 * accounts. Read from the change ({@code serviceData.policyDelta}, BigQuery's
 * {@code datasetChange.bindingDeltas}), else from the policy as set ({@code request.policy}:
 * Compute logs no delta, so every member of it counts as added).
 */
final class Policies {

    /** The members that stand for anyone on the internet, signed in or not. */
    private static final Set<String> PUBLIC_MEMBERS = Set.of("allUsers", "allAuthenticatedUsers");

    /** Far above a real policy's; more added members than this are not read from one entry. */
    static final int MAX_MEMBERS = Entry.MAX_EVENTS;

    private static final Pattern GRANTABLE = Pattern.compile("projects/_/buckets/[^/]+"
            + "|projects/[^/]+/datasets/[^/]+"
            + "|projects/[^/]+/(zones|regions)/[^/]+/disks/[^/]+"
            + "|projects/[^/]+/global/(images|snapshots)/[^/]+");
    private static final String SERVICE_ACCOUNT_DOMAIN = ".iam.gserviceaccount.com";
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9.-]{1,253}");

    private Policies() {}

    static String grant(Entry e) {
        String resource = Json.text(e.payload, "resourceName");
        if (resource == null) {
            return "no resourceName: the resource is not named";
        }
        Set<String> members = added(e);
        if (members == null) {
            return "no serviceData.policyDelta, datasetChange or request.policy: the change is not shown";
        }
        String bucket = Storage.bucketOf(resource);
        String asset = bucket != null ? bucket : resource;
        String region = e.resourceRegion();
        if (members.stream().anyMatch(PUBLIC_MEMBERS::contains)) {
            e.replication(ReplicationKind.GRANT, null, asset, e.project, region, null, region, null, true);
            return null;
        }
        if (members.isEmpty()) {
            return "the change adds no member";
        }
        if (!GRANTABLE.matcher(resource).matches()) {
            return "a grant on a resource other than a bucket, dataset, disk, image or snapshot";
        }
        Set<String> accounts = new LinkedHashSet<>();
        for (String member : members) {
            String account = account(member);
            if (account != null) {
                accounts.add(account);
            }
        }
        for (String account : accounts) {
            e.replication(ReplicationKind.GRANT, null, asset, e.project, region, null, region, account, false);
        }
        return accounts.isEmpty() ? "the members added name no domain or project (service agents, pools)" : null;
    }

    /** The members the change adds, at most {@link #MAX_MEMBERS}; null when the entry shows no change. */
    private static Set<String> added(Entry e) {
        List<JsonNode> deltas =
                Json.items(Json.get(Json.get(Json.get(e.payload, "serviceData"), "policyDelta"), "bindingDeltas"));
        if (deltas.isEmpty()) {
            deltas = Json.items(Json.get(Json.get(e.metadata, "datasetChange"), "bindingDeltas"));
        }
        Set<String> members = new LinkedHashSet<>();
        if (!deltas.isEmpty() || Json.get(Json.get(e.payload, "serviceData"), "policyDelta") != null) {
            for (JsonNode delta : deltas) {
                String member = Json.text(delta, "member");
                if ("ADD".equals(Json.text(delta, "action")) && member != null && members.size() < MAX_MEMBERS) {
                    members.add(member);
                }
            }
            return members;
        }
        JsonNode policy = Json.get(Json.get(e.payload, "request"), "policy");
        if (policy == null) {
            return null;
        }
        for (JsonNode binding : Json.items(Json.get(policy, "bindings"))) {
            for (String member : Json.texts(Json.get(binding, "members"))) {
                if (members.size() < MAX_MEMBERS) {
                    members.add(member);
                }
            }
        }
        return members;
    }

    /**
     * The account a member belongs to: the domain of {@code user:}, {@code group:} and
     * {@code domain:} members, the project of {@code serviceAccount:NAME@PROJECT.iam.gserviceaccount.com}
     * and of {@code projectOwner:}/{@code projectEditor:}/{@code projectViewer:}; null for the
     * rest (Google's service agents, {@code deleted:} members, identity pools).
     */
    static String account(String member) {
        int colon = member.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String value = member.substring(colon + 1).toLowerCase(Locale.ROOT);
        String account = switch (member.substring(0, colon)) {
            case "user", "group" -> value.indexOf('@') < 0 ? null : value.substring(value.lastIndexOf('@') + 1);
            case "domain" -> value;
            case "serviceAccount" -> serviceAccountProject(value);
            case "projectOwner", "projectEditor", "projectViewer" -> value;
            default -> null;
        };
        return account != null && DOMAIN.matcher(account).matches() ? account : null;
    }

    /** PROJECT of NAME@PROJECT.iam.gserviceaccount.com; null for Google's own (gcp-sa-*, *-system). */
    private static String serviceAccountProject(String email) {
        if (!email.endsWith(SERVICE_ACCOUNT_DOMAIN)) {
            return null;
        }
        String project = email.substring(email.lastIndexOf('@') + 1, email.length() - SERVICE_ACCOUNT_DOMAIN.length());
        return project.startsWith("gcp-sa-") || project.endsWith("-system") ? null : project;
    }
}
