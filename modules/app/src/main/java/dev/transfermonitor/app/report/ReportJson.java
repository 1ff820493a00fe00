package dev.transfermonitor.app.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.events.Printable;
import java.util.Locale;

/**
 * The report as one JSON object. Field names are stable: period {from, to}, generatedAt,
 * subjectsEstimate {method, relativeStandardError, bounds}, totals, decisions, routes, groups,
 * alertsByType, alerts, skippedRecords {ledger, alerts}. Counts objects have transfers, records,
 * bytes and subjects ({estimate, lower95, upper95}, or null when no entry named subjects).
 */
public final class ReportJson {

    /** Printed to a terminal by default: controls and bidi characters in the data are written as escapes. */
    private static final ObjectMapper MAPPER = new ObjectMapper(
                    new JsonFactory().setCharacterEscapes(Printable.jsonEscapes()))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static String render(TransferReport r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    static ObjectNode tree(TransferReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("period").put("from", r.from().toString()).put("to", r.to().toString());
        root.put("generatedAt", r.generatedAt().toString());
        root.putObject("subjectsEstimate")
                .put("method", "union of the ledger entries' HyperLogLog sketches (Apache DataSketches, lgK 12)")
                .put("relativeStandardError", Math.round(TransferReport.SUBJECTS_RSE * 10000) / 10000.0)
                .put("bounds", "lower95 and upper95 are at two standard errors (about 95% confidence)");
        counts(root.putObject("totals"), r.totals());
        ObjectNode decisions = root.putObject("decisions");
        for (LedgerDecision d : LedgerDecision.values()) {
            decisions.put(d.name(), r.decisions().getOrDefault(d, 0L));
        }
        ArrayNode routes = root.putArray("routes");
        for (TransferReport.Route route : r.routes()) {
            ObjectNode node = routes.addObject().put("origin", route.origin()).put("destination", route.destination());
            for (LedgerDecision d : LedgerDecision.values()) {
                node.put(d.name().toLowerCase(Locale.ROOT), route.count(d));
            }
            counts(node, route.counts());
        }
        ArrayNode groups = root.putArray("groups");
        for (TransferReport.Group g : r.groups()) {
            var k = g.key();
            counts(
                    groups.addObject()
                            .put("origin", k.origin())
                            .put("destination", k.destination())
                            .put("dataClass", k.dataClass())
                            .put("kind", k.kind())
                            .put("decision", k.decision())
                            .put("basis", k.basis()),
                    g.counts());
        }
        ObjectNode alerts = root.putObject("alertsByType");
        r.alertsByType().forEach(alerts::put);
        root.put("alerts", r.alerts());
        root.putObject("skippedRecords").put("ledger", r.skippedLedgerRecords()).put("alerts", r.skippedAlertRecords());
        return root;
    }

    private static void counts(ObjectNode node, TransferReport.Counts c) {
        node.put("transfers", c.transfers()).put("records", c.records()).put("bytes", c.bytes());
        if (c.subjects() == null) {
            node.putNull("subjects");
        } else {
            node.putObject("subjects")
                    .put("estimate", c.subjects().estimate())
                    .put("lower95", c.subjects().lower95())
                    .put("upper95", c.subjects().upper95());
        }
    }
}
