package dev.transfermonitor.sources.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.transfermonitor.avro.ReplicationKind;
import dev.transfermonitor.sources.Json;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * EBS snapshots, AMIs and RDS snapshots: shares with other accounts or the public, and copies
 * across regions. A snapshot whose {@code CreateSnapshot} the trail showed stands for its
 * volume, so it resolves to the volume's asset.
 */
final class Snapshots {

    /** Snapshots remembered per source instance. */
    static final int LINEAGE_CAPACITY = 100_000;

    private final Bounded<String> volumeOfSnapshot = new Bounded<>(LINEAGE_CAPACITY);

    /** CreateSnapshot: remembers which volume the snapshot holds. */
    String created(Call c) {
        String volume = Json.text(c.request(), "volumeId");
        String snapshot = Json.text(c.response(), "snapshotId");
        if (volume == null || snapshot == null) {
            return "no volumeId or snapshotId";
        }
        volumeOfSnapshot.remember(snapshot, volume);
        return "a snapshot of an own volume: remembered, so that its shares and copies name the volume";
    }

    /** The asset a snapshot id stands for: its volume where the trail showed it, else the snapshot. */
    private String ebsAsset(String region, String account, String snapshot) {
        String volume = volumeOfSnapshot.get(snapshot);
        return volume != null
                ? "arn:aws:ec2:" + orEmpty(region) + ":" + orEmpty(account) + ":volume/" + volume
                : "arn:aws:ec2:" + orEmpty(region) + "::snapshot/" + snapshot;
    }

    /** ModifySnapshotAttribute (createVolumePermission) and ModifyImageAttribute (launchPermission). */
    String ec2Share(Call c, String idField, String permissionField) {
        String id = Json.text(c.request(), idField);
        JsonNode add = Json.get(Json.get(c.request(), permissionField), "add", "Add");
        if (id == null || add == null) {
            return "no " + idField + " or " + permissionField + ".add: nothing was shared";
        }
        boolean everyone = false;
        Set<String> accounts = new LinkedHashSet<>();
        for (JsonNode item : Json.items(Json.get(add, "items", "item"))) {
            everyone |= "all".equalsIgnoreCase(Json.text(item, "group"));
            String user = Json.text(item, "userId");
            if (user != null) {
                accounts.add(user);
            }
        }
        String asset = idField.equals("snapshotId")
                ? ebsAsset(c.region, c.account, id)
                : "arn:aws:ec2:" + orEmpty(c.region) + "::image/" + id;
        return shares(c, asset, everyone, accounts);
    }

    /** ModifyDBSnapshotAttribute / ModifyDBClusterSnapshotAttribute, attribute restore. */
    String rdsShare(Call c, String idField, String arnType) {
        String id = Json.text(c.request(), idField);
        if (id == null || !"restore".equalsIgnoreCase(Json.text(c.request(), "attributeName"))) {
            return "not a restore permission";
        }
        boolean everyone = false;
        Set<String> accounts = new LinkedHashSet<>();
        for (String value : Json.texts(Json.get(c.request(), "valuesToAdd"))) {
            if (value.equalsIgnoreCase("all")) {
                everyone = true;
            } else {
                accounts.add(value);
            }
        }
        return shares(c, rdsArn(c, arnType, id), everyone, accounts);
    }

    private static String shares(Call c, String asset, boolean everyone, Set<String> accounts) {
        if (everyone) {
            c.replication(ReplicationKind.SNAPSHOT_SHARE, asset, null, null, c.region, null, true, 0);
        }
        for (String account : accounts) {
            if (!account.equals(c.account)) {
                c.replication(ReplicationKind.SNAPSHOT_SHARE, asset, null, null, c.region, account, false, 0);
            }
        }
        return c.events().isEmpty() ? "nothing added: shared with no other account and not made public" : null;
    }

    /** CopySnapshot and CopyImage: logged in the destination region, the source region in the request. */
    String ec2Copy(Call c, String sourceIdField, String newIdField, String kind) {
        String sourceId = Json.text(c.request(), sourceIdField);
        String sourceRegion = Json.text(c.request(), "sourceRegion");
        if (sourceId == null) {
            return "no " + sourceIdField;
        }
        String from = sourceRegion != null ? sourceRegion : c.region;
        String target = Json.text(c.request(), "destinationRegion");
        String to = target != null ? target : c.region;
        String asset = kind.equals("snapshot")
                ? ebsAsset(from, c.account, sourceId)
                : "arn:aws:ec2:" + orEmpty(from) + "::image/" + sourceId;
        String newId = Json.text(c.response(), newIdField);
        String volume = volumeOfSnapshot.get(sourceId);
        if (newId != null && volume != null) {
            volumeOfSnapshot.remember(newId, volume);
        }
        c.replication(ReplicationKind.SNAPSHOT_COPY, asset, from, null, to, c.account, false, 0);
        return null;
    }

    /** CopyDBSnapshot / CopyDBClusterSnapshot: a cross-region source is named by its ARN. */
    static String rdsCopy(Call c, String sourceField, String arnType) {
        String source = Json.text(c.request(), sourceField);
        if (source == null) {
            return "no " + sourceField;
        }
        String from = c.region;
        String asset;
        if (source.startsWith("arn:")) {
            from = Exports.arnRegion(source, c.region);
            asset = source;
        } else {
            String named = Json.text(c.request(), "sourceRegion");
            from = named != null ? named : c.region;
            asset = "arn:aws:rds:" + orEmpty(from) + ":" + orEmpty(c.account) + ":" + arnType + ":" + source;
        }
        c.replication(ReplicationKind.SNAPSHOT_COPY, asset, from, null, c.region, c.account, false, 0);
        return null;
    }

    static String rdsArn(Call c, String arnType, String id) {
        return id.startsWith("arn:")
                ? id
                : "arn:aws:rds:" + orEmpty(c.region) + ":" + orEmpty(c.account) + ":" + arnType + ":" + id;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
