package dev.loadtest.runner.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.loadtest.api.report.CsvDownloads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web UI's HTTP side: the page and its assets, and Locust's web API ({@code POST /swarm}, {@code GET /stop},
 * {@code /stats/reset}, {@code /stats/requests}, the CSV downloads, {@code /exceptions}, {@code /tasks},
 * {@code /stats/report}), plus {@code /stats/history} and {@code /thresholds} for our page's charts and verdicts.
 * No CORS header: unlike Locust, other origins' pages cannot read the figures.
 */
final class WebServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebServer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ASSETS = "/dev/loadtest/runner/web/";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final WebRun run;
    private final String index;
    private final Map<String, String> assets;

    private WebServer(HttpServer server, WebRun run) {
        this.server = server;
        this.run = run;
        this.index = asset("index.html");
        this.assets = Map.of("app.js", asset("app.js"), "app.css", asset("app.css"));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    static WebServer start(WebRun run, String host, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 64);
        } catch (BindException e) {
            throw new BindException("cannot serve the web UI on " + host + ":" + port + " (" + e.getMessage()
                    + "); pick another port with --web-port, or run with --headless");
        }
        WebServer web = new WebServer(server, run);
        server.start();
        return web;
    }

    String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "0.0.0.0" : a.getHostString();
        return "http://" + host + ":" + a.getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (path.equals("/swarm")) {
                if (!method.equals("POST")) {
                    send(ex, 405, "text/plain; charset=utf-8", "POST /swarm with user_count and spawn_rate");
                    return;
                }
                swarm(ex);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", method + " is not allowed on " + path);
                return;
            }
            if (path.endsWith("/csv") || path.equals("/stats/report")) {
                run.settle();
            }
            switch (path) {
                case "/" -> send(ex, 200, "text/html; charset=utf-8", page());
                case "/stop" -> {
                    run.stop();
                    json(ex, Map.of("success", true, "message", "Test stopped"));
                }
                case "/stats/reset" -> {
                    run.resetStats();
                    send(ex, 200, "text/html; charset=utf-8", "ok");
                }
                case "/stats/requests" -> json(ex, run.statsRequests());
                case "/stats/requests/csv" -> csv(ex, "requests", CsvDownloads.stats(run.snapshot()));
                case "/stats/failures/csv" -> csv(ex, "failures", CsvDownloads.failures(run.snapshot()));
                case "/exceptions/csv" -> csv(ex, "exceptions", CsvDownloads.exceptions(run.snapshot()));
                case "/stats/history/csv" -> csv(ex, "stats_history", run.historyCsv());
                case "/exceptions" -> json(ex, LocustApi.exceptions(run.snapshot()));
                case "/tasks" -> json(ex, run.tasks());
                case "/thresholds" -> json(ex, run.thresholds());
                case "/stats/history" -> json(ex, Map.of("history", run.historyPoints()));
                case "/stats/report" -> report(ex);
                case "/assets/app.js", "/assets/app.css" -> {
                    String name = path.substring("/assets/".length());
                    send(ex, 200, ASSET_TYPES.get(name), assets.get(name));
                }
                // /stats/requests_full_history/csv too: Locust serves it only with --csv-full-history
                default -> send(ex, 404, "text/html; charset=utf-8",
                        "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n");
            }
        } catch (Exception | Error e) {
            LOG.log(Level.WARNING, "web UI request " + ex.getRequestURI() + " failed", e);
        }
    }

    private void swarm(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        SwarmForm form;
        try {
            form = SwarmForm.parse(body);
        } catch (IllegalArgumentException e) {
            json(ex, 400, LocustApi.swarmReply(false, e.getMessage(), null, null));
            return;
        }
        Map<String, Object> reply = run.swarm(form);
        json(ex, Boolean.TRUE.equals(reply.get("success")) ? 200 : 409, reply);
    }

    private void report(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        if (query != null && SwarmForm.fields(query).getOrDefault("download", "").equals("1")) {
            ex.getResponseHeaders().set("Content-Disposition",
                    "attachment;filename=report_" + System.currentTimeMillis() / 1000 + ".html");
        }
        send(ex, 200, "text/html; charset=utf-8", run.reportHtml());
    }

    /** The page with its settings inlined, so the form is filled before the first poll. */
    private String page() throws IOException {
        String settings = JSON.writeValueAsString(run.pageSettings()).replace("<", "\\u003c");
        return index.replace("{{SETTINGS}}", settings);
    }

    private static void csv(HttpExchange ex, String kind, String body) throws IOException {
        ex.getResponseHeaders().set("Content-Disposition",
                "attachment;filename=" + kind + "_" + System.currentTimeMillis() / 1000 + ".csv");
        send(ex, 200, "text/csv; charset=utf-8", body);
    }

    private static void json(HttpExchange ex, Object body) throws IOException {
        json(ex, 200, body);
    }

    private static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String asset(String name) {
        try (InputStream in = WebServer.class.getResourceAsStream(ASSETS + name)) {
            if (in == null) {
                throw new IllegalStateException("web UI asset " + ASSETS + name + " is missing from the runner jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
