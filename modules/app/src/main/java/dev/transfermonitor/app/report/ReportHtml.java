package dev.transfermonitor.app.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.events.Printable;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The report as one self-contained HTML page for a regulator: inline CSS, an inline script
 * that draws the route matrix (origin x destination jurisdictions) as SVG from the JSON
 * embedded in the page, and the same numbers as tables. A Content-Security-Policy forbids
 * every network request. Every string from the data is escaped for its context.
 */
public final class ReportHtml {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportHtml() {}

    public static String render(TransferReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Cross-border transfers ")
                .append(esc(r.from().toString()))
                .append(" to ")
                .append(esc(r.to().toString()))
                .append("</title>\n<style>")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n");
        header(h, r);
        totals(h, r);
        routes(h, r);
        groups(h, r);
        alerts(h, r);
        footer(h, r);
        h.append("<script type=\"application/json\" id=\"report-data\">")
                .append(matrixJson(r))
                .append("</script>\n")
                .append("<script>")
                .append(SCRIPT)
                .append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void header(StringBuilder h, TransferReport r) {
        h.append(
                        "<header>\n<h1>Cross-border transfers of personal data</h1>\n<p class=\"period\">Period: <time id=\"period-from\">")
                .append(esc(r.from().toString()))
                .append("</time> to <time id=\"period-to\">")
                .append(esc(r.to().toString()))
                .append("</time> (by the time of each transfer; the end is excluded). Generated ")
                .append(esc(r.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString()))
                .append(" from the hash-chained ledger of Transfer Monitor.</p>\n</header>\n");
    }

    private static void totals(StringBuilder h, TransferReport r) {
        h.append("<section id=\"totals\">\n<h2>Totals</h2>\n<dl class=\"totals\">\n");
        item(h, "transfers", "Cross-border transfers", num(r.totals().transfers()));
        for (LedgerDecision d : LedgerDecision.values()) {
            item(
                    h,
                    d.name().toLowerCase(Locale.ROOT),
                    d.name(),
                    num(r.decisions().getOrDefault(d, 0L)));
        }
        item(h, "records", "Records", num(r.totals().records()));
        item(
                h,
                "bytes",
                "Bytes",
                num(r.totals().bytes()) + " (" + human(r.totals().bytes()) + ")");
        item(h, "subjects", "Distinct data subjects (estimate)", subjects(r.totals()));
        item(h, "alerts", "Alerts", num(r.alerts()));
        h.append("</dl>\n</section>\n");
    }

    private static void item(StringBuilder h, String id, String label, String value) {
        h.append("<div><dt>")
                .append(esc(label))
                .append("</dt><dd id=\"total-")
                .append(esc(id))
                .append("\">")
                .append(esc(value))
                .append("</dd></div>\n");
    }

    private static void routes(StringBuilder h, TransferReport r) {
        h.append("<section id=\"routes\">\n<h2>Routes</h2>\n<p>Rows are the jurisdictions data left, columns the "
                        + "jurisdictions it went to. Each cell gives the transfers on that route and those not allowed; green: "
                        + "all allowed, red: some denied, amber: unknown destination or external account.</p>\n")
                .append("<div id=\"route-matrix\" role=\"img\" aria-label=\"Route matrix\"></div>\n")
                .append(
                        "<noscript><p>The matrix needs JavaScript; the table below has the same numbers.</p></noscript>\n")
                .append("<table id=\"route-table\">\n<thead><tr><th>Origin</th><th>Destination</th><th>Transfers</th>");
        for (LedgerDecision d : LedgerDecision.values()) {
            h.append("<th>").append(esc(d.name())).append("</th>");
        }
        h.append("<th>Records</th><th>Bytes</th><th>Subjects (est.)</th></tr></thead>\n<tbody>\n");
        for (TransferReport.Route route : r.routes()) {
            h.append("<tr><td>")
                    .append(esc(route.origin()))
                    .append("</td><td>")
                    .append(esc(route.destination()))
                    .append("</td><td class=\"n\">")
                    .append(num(route.counts().transfers()))
                    .append("</td>");
            for (LedgerDecision d : LedgerDecision.values()) {
                h.append("<td class=\"n\">").append(num(route.count(d))).append("</td>");
            }
            counts(h, route.counts());
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void groups(StringBuilder h, TransferReport r) {
        h.append("<section id=\"groups\">\n<h2>By route, data class, kind, decision and legal basis</h2>\n")
                .append("<p>A transfer of several data classes is counted under each of them.</p>\n")
                .append("<table id=\"group-table\">\n<thead><tr><th>Origin</th><th>Destination</th><th>Data class</th>"
                        + "<th>Kind</th><th>Decision</th><th>Legal basis</th><th>Transfers</th><th>Records</th>"
                        + "<th>Bytes</th><th>Subjects (est.)</th></tr></thead>\n<tbody>\n");
        for (TransferReport.Group g : r.groups()) {
            var k = g.key();
            h.append("<tr class=\"")
                    .append(esc(k.decision().toLowerCase(Locale.ROOT)))
                    .append("\">");
            for (String cell : new String[] {
                k.origin(),
                k.destination(),
                k.dataClass(),
                k.kind(),
                k.decision(),
                k.basis() == null ? "none" : k.basis()
            }) {
                h.append("<td>").append(esc(cell)).append("</td>");
            }
            h.append("<td class=\"n\">").append(num(g.counts().transfers())).append("</td>");
            counts(h, g.counts());
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void counts(StringBuilder h, TransferReport.Counts c) {
        h.append("<td class=\"n\">")
                .append(num(c.records()))
                .append("</td><td class=\"n\">")
                .append(esc(human(c.bytes())))
                .append("</td><td class=\"n\">")
                .append(esc(subjects(c)))
                .append("</td>");
    }

    private static void alerts(StringBuilder h, TransferReport r) {
        h.append("<section id=\"alerts\">\n<h2>Alerts by type</h2>\n<p>Each alert once, at its latest revision, when "
                + "its first to last event overlaps the period.</p>\n<table id=\"alert-table\">\n"
                + "<thead><tr><th>Type</th><th>Alerts</th></tr></thead>\n<tbody>\n");
        if (r.alertsByType().isEmpty()) {
            h.append("<tr><td colspan=\"2\">No alerts in the period.</td></tr>\n");
        }
        r.alertsByType()
                .forEach((type, n) -> h.append("<tr><td>")
                        .append(esc(type))
                        .append("</td><td class=\"n\">")
                        .append(num(n))
                        .append("</td></tr>\n"));
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void footer(StringBuilder h, TransferReport r) {
        h.append(
                        "<footer>\n<p>Distinct data subjects are estimated from HyperLogLog sketches of pseudonymous subject keys "
                                + "(Apache DataSketches, lgK 12): relative standard error ")
                .append(String.format(Locale.ROOT, "%.1f%%", TransferReport.SUBJECTS_RSE * 100))
                .append("; the range shown is two standard errors (about 95%). Replications name no subjects: "
                        + "\u201cn/a\u201d. The ledger holds no subject identifiers.</p>\n");
        if (r.skippedLedgerRecords() > 0 || r.skippedAlertRecords() > 0) {
            h.append("<p class=\"warning\">Skipped undecodable records: ")
                    .append(num(r.skippedLedgerRecords()))
                    .append(" in the ledger, ")
                    .append(num(r.skippedAlertRecords()))
                    .append(" among the alerts. Run <code>transfer-monitor audit verify</code>.</p>\n");
        }
        h.append("</footer>\n");
    }

    private static String subjects(TransferReport.Counts c) {
        if (c.subjects() == null) {
            return "n/a";
        }
        return num(c.subjects().estimate()) + " (" + num(c.subjects().lower95()) + "\u2013"
                + num(c.subjects().upper95()) + ")";
    }

    /** The data the matrix script draws, safe inside a script element. */
    static String matrixJson(TransferReport r) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode jurisdictions = root.putArray("jurisdictions");
        r.jurisdictions().forEach(j -> jurisdictions.add(Printable.of(j)));
        ArrayNode routes = root.putArray("routes");
        for (TransferReport.Route route : r.routes()) {
            // The script draws these as text: escaped like every other string of the page, bidi overrides included.
            ObjectNode node = routes.addObject()
                    .put("origin", Printable.of(route.origin()))
                    .put("destination", Printable.of(route.destination()))
                    .put("transfers", route.counts().transfers());
            for (LedgerDecision d : LedgerDecision.values()) {
                node.put(d.name().toLowerCase(Locale.ROOT), route.count(d));
            }
        }
        try {
            return scriptSafe(MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the matrix data", e);
        }
    }

    /** JSON that cannot end its script element: '<', '>' and '&' appear only inside strings, so escape them there. */
    static String scriptSafe(String json) {
        return json.replace("<", "\\u003c")
                .replace(">", "\\u003e")
                .replace("&", "\\u0026")
                .replace("\u2028", "\\u2028")
                .replace("\u2029", "\\u2029");
    }

    /** HTML-escaped, after {@link Printable}: a browser obeys bidi overrides, and controls have no business in a page. */
    static String esc(String raw) {
        if (raw == null) {
            return "";
        }
        String s = Printable.of(raw);
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String num(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static final String CSS = """
            :root{--ok:#2e7d32;--bad:#c62828;--warn:#ef6c00;--ink:#1d2329;--muted:#5f6b76;--line:#d5dbe1}
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:2rem auto;max-width:72rem;padding:0 1rem}
            h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
            .period{color:var(--muted)}
            dl.totals{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:.6rem}
            dl.totals div{border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem}
            dt{color:var(--muted);font-size:.85rem}dd{margin:0;font-size:1.2rem;font-weight:600}
            table{border-collapse:collapse;width:100%;margin:.6rem 0}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left}
            th{background:#f3f5f7;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
            tr.denied td{color:var(--bad)}tr.unknown td,tr.external td{color:var(--warn)}
            #route-matrix svg{max-width:100%;height:auto}
            .warning{color:var(--bad)}footer{margin-top:2rem;color:var(--muted);font-size:.85rem}
            @media print{body{margin:0}h2{break-after:avoid}table{break-inside:auto}}
            """;

    private static final String SCRIPT = """
            (function () {
              var data = JSON.parse(document.getElementById('report-data').textContent);
              var host = document.getElementById('route-matrix');
              var NS = 'http://www.w3.org/2000/svg';
              var js = data.jurisdictions;
              if (!js.length) { host.textContent = 'No cross-border transfers in the period.'; return; }
              var cw = 120, ch = 74, left = 110, top = 54;
              var svg = document.createElementNS(NS, 'svg');
              svg.setAttribute('viewBox', '0 0 ' + (left + cw * js.length + 10) + ' ' + (top + ch * js.length + 10));
              svg.setAttribute('width', left + cw * js.length + 10);
              function el(name, attrs, text) {
                var e = document.createElementNS(NS, name);
                for (var k in attrs) { e.setAttribute(k, attrs[k]); }
                if (text !== undefined) { e.textContent = text; }
                return e;
              }
              svg.appendChild(el('text', {x: 4, y: 16, 'font-size': 12, fill: '#5f6b76'}, 'origin \\u2193  destination \\u2192'));
              js.forEach(function (j, i) {
                svg.appendChild(el('text', {x: left + cw * i + cw / 2, y: top - 10, 'text-anchor': 'middle', 'font-weight': 600, 'class': 'col-label'}, j));
                svg.appendChild(el('text', {x: left - 10, y: top + ch * i + ch / 2 + 5, 'text-anchor': 'end', 'font-weight': 600, 'class': 'row-label'}, j));
              });
              var byRoute = {};
              data.routes.forEach(function (r) { byRoute[r.origin + '\\u0000' + r.destination] = r; });
              js.forEach(function (o, i) {
                js.forEach(function (d, k) {
                  var x = left + cw * k, y = top + ch * i, r = byRoute[o + '\\u0000' + d];
                  var g = el('g', {'class': r ? 'cell' : 'cell empty', 'data-origin': o, 'data-destination': d});
                  var fill = '#f6f7f8';
                  if (r) {
                    fill = r.denied > 0 ? 'rgba(198,40,40,' + (0.25 + 0.6 * r.denied / r.transfers) + ')'
                      : (r.unknown + r.external > 0 ? 'rgba(239,108,0,0.35)' : 'rgba(46,125,50,0.25)');
                    g.setAttribute('data-transfers', r.transfers);
                    g.setAttribute('data-denied', r.denied);
                  }
                  g.appendChild(el('rect', {x: x + 2, y: y + 2, width: cw - 4, height: ch - 4, rx: 5, fill: fill, stroke: '#d5dbe1'}));
                  if (r) {
                    var t = el('title', {}, o + ' \\u2192 ' + d + ': ' + r.transfers + (r.transfers === 1 ? ' transfer, ' : ' transfers, ') + r.allowed + ' allowed, '
                      + r.denied + ' denied, ' + r.unknown + ' unknown, ' + r.external + ' external');
                    g.appendChild(t);
                    g.appendChild(el('text', {x: x + cw / 2, y: y + 26, 'text-anchor': 'middle', 'font-size': 18, 'font-weight': 700, 'class': 'transfers'}, String(r.transfers)));
                    var lines = [];
                    if (r.denied > 0) { lines.push(r.denied + ' denied'); }
                    if (r.unknown > 0) { lines.push(r.unknown + ' unknown'); }
                    if (r.external > 0) { lines.push(r.external + ' external'); }
                    if (!lines.length) { lines.push('all allowed'); }
                    lines.forEach(function (line, n) {
                      g.appendChild(el('text', {x: x + cw / 2, y: y + 44 + 13 * n, 'text-anchor': 'middle', 'font-size': 12, 'class': 'status'}, line));
                    });
                  }
                  svg.appendChild(g);
                });
              });
              host.appendChild(svg);
            })();
            """;
}
