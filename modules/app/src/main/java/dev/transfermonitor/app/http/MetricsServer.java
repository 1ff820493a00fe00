package dev.transfermonitor.app.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operator's endpoints: {@code /metrics} (Prometheus text format), {@code /health}
 * (the process and the stream are alive) and {@code /ready} (the stream is processing).
 * Plain JDK HTTP server on one daemon thread: it serves a scrape every few seconds.
 */
public final class MetricsServer implements AutoCloseable {

    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param host    address to bind: 127.0.0.1 for this machine only, 0.0.0.0 for a container
     * @param port    0 picks a free port
     * @param healthy whether the monitor is alive (not failed or stopped)
     * @param ready   whether the monitor is processing
     */
    public static MetricsServer start(
            String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy, BooleanSupplier ready) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve metrics on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
        server.createContext("/metrics", exchange -> respond(exchange, 200, TEXT_FORMAT, registry.scrape()));
        server.createContext("/health", exchange -> status(exchange, healthy.getAsBoolean()));
        server.createContext("/ready", exchange -> status(exchange, ready.getAsBoolean()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange exchange, boolean up) throws IOException {
        respond(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(code, "HEAD".equals(exchange.getRequestMethod()) ? -1 : bytes.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
