package dev.transfermonitor.app.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.transfermonitor.app.LedgerFixture;
import dev.transfermonitor.app.Main;
import dev.transfermonitor.avro.LedgerDecision;
import dev.transfermonitor.avro.TransferAlert;
import dev.transfermonitor.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report of a real ledger as a browser shows it: headless Chromium loads the file
 * (no network: the page forbids it), runs its script and dumps the DOM, in which the route
 * matrix drawn from the embedded data must show every route of the ledger with its counts,
 * next to the totals and the alert types; and it renders a screenshot.
 */
class ReportSystemIT {

    @RegisterExtension
    static final KafkaBroker KAFKA = KafkaBroker.shared();

    private static final Pattern CELL = Pattern.compile(
            "<g class=\"cell\" data-origin=\"([^\"]+)\" data-destination=\"([^\"]+)\" data-transfers=\"(\\d+)\" "
                    + "data-denied=\"(\\d+)\">(.*?)</g>");

    @TempDir
    Path dir;

    @Test
    void chromiumShowsTheRouteMatrixTotalsAndAlertsOfARealLedger() throws Exception {
        Path chromium = Tools.require("chromium", "chromium");
        LedgerFixture ledger = LedgerFixture.produce(KAFKA, dir.resolve("state"));
        Path html = dir.resolve("report.html");
        assertThat(Main.run(
                        "report",
                        "--from",
                        ledger.earliest().toString(),
                        "--to",
                        ledger.latest().plusSeconds(1).toString(),
                        "--format",
                        "html",
                        "--output",
                        html.toString(),
                        "--bootstrap-servers",
                        KAFKA.bootstrapServers(),
                        "--topic-prefix",
                        ledger.topics().prefix()))
                .isZero();

        String dom = chromium(chromium, "--dump-dom", html.toUri().toString());

        Map<String, String> cells = new HashMap<>();
        Matcher m = CELL.matcher(dom);
        while (m.find()) {
            String route = m.group(1) + ">" + m.group(2);
            cells.put(route, m.group(3) + "/" + m.group(4) + " " + m.group(5));
        }
        Map<String, List<LedgerFixture.Planned>> routes = ledger.byRoute();
        assertThat(cells.keySet())
                .as("the matrix drawn by the page's script")
                .containsExactlyInAnyOrderElementsOf(routes.keySet());
        routes.forEach((route, transfers) -> {
            long denied = transfers.stream()
                    .filter(p -> p.decision() == LedgerDecision.DENIED)
                    .count();
            String cell = cells.get(route);
            assertThat(cell).as(route).startsWith(transfers.size() + "/" + denied + " ");
            assertThat(cell).as(route).contains("class=\"transfers\">" + transfers.size() + "</text>");
            assertThat(cell).as(route).contains(denied > 0 ? ">" + denied + " denied</text>" : ">all allowed</text>");
        });
        long denied = ledger.planned().stream()
                .filter(p -> p.decision() == LedgerDecision.DENIED)
                .count();
        assertThat(dom)
                .contains(
                        "<dd id=\"total-transfers\">" + ledger.planned().size() + "</dd>",
                        "<dd id=\"total-denied\">" + denied + "</dd>",
                        "<dd id=\"total-allowed\">" + (ledger.planned().size() - denied) + "</dd>",
                        "<time id=\"period-from\">" + ledger.earliest() + "</time>");
        Map<String, TransferAlert> alerts = LedgerFixture.distinctAlerts(KAFKA, ledger.topics());
        assertThat(alerts).isNotEmpty();
        alerts.values().stream()
                .map(a -> a.getType().name())
                .distinct()
                .forEach(type -> assertThat(dom)
                        .contains("<tr><td>" + type + "</td><td class=\"n\">"
                                + alerts.values().stream()
                                        .filter(a -> a.getType().name().equals(type))
                                        .count() + "</td></tr>"));

        Path png = dir.resolve("report.png");
        chromium(
                chromium,
                "--window-size=1200,1600",
                "--screenshot=" + png,
                html.toUri().toString());
        byte[] image = Files.readAllBytes(png);
        assertThat(image.length).isGreaterThan(10_000);
        assertThat(new String(image, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    /** Runs headless Chromium with a fresh profile and no background traffic; returns its standard output. */
    private String chromium(Path chromium, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 120 s: " + command + "\n" + Tools.tail(err, 30));
        }
        assertThat(process.exitValue())
                .as("chromium %s:%n%s", command, Tools.tail(err, 30))
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
