package dev.transfermonitor.app.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Prometheus on 127.0.0.1 that scrapes one target every second as job
 * {@code transfer-monitor} and evaluates the given rule file every second, with its own
 * configuration and storage in a scratch directory, and a client for its HTTP API.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "transfer-monitor";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final URI base;

    private PrometheusServer(ManagedProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    static PrometheusServer start(Path binary, Path dir, String target, Path rules) {
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("prometheus.yml");
            // scrape_timeout must not exceed scrape_interval, hence set explicitly.
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  scrape_timeout: 1s",
                            "  evaluation_interval: 1s",
                            "rule_files:",
                            "  - "
                                    + JSON.writeValueAsString(
                                            rules.toAbsolutePath().toString()),
                            "scrape_configs:",
                            "  - job_name: " + JOB,
                            "    static_configs:",
                            "      - targets: [" + JSON.writeValueAsString(target) + "]",
                            ""),
                    StandardCharsets.UTF_8);
            int port = Tools.freePort();
            ManagedProcess process = ManagedProcess.start(
                    "prometheus",
                    dir,
                    List.of(
                            binary.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port,
                            "--log.level=warn"));
            return new PrometheusServer(process, URI.create("http://127.0.0.1:" + port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ManagedProcess process() {
        return process;
    }

    /** True once Prometheus answers {@code /-/ready} with 200. */
    boolean ready() {
        process.requireAlive();
        try {
            return Http.get(base.resolve("/-/ready")).statusCode() == 200;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    /** An API response (the JSON envelope with {@code status}, {@code data} or {@code error}), whatever the HTTP status. */
    JsonNode api(String pathAndQuery) {
        process.requireAlive();
        HttpResponse<String> response = Http.get(base.resolve(pathAndQuery));
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "not JSON from " + pathAndQuery + " (HTTP " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** An instant query at the current time. */
    JsonNode query(String promql) {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        process.close();
    }
}
