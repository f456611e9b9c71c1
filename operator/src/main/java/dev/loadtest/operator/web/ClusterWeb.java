package dev.loadtest.operator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.results.PersistedRun;
import dev.loadtest.api.results.ResultsConfigMaps;
import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's web UI on its HTTP port, next to /q/metrics and /q/health: the page ({@code /}), its assets
 * (the stylesheet is the runner's page's own, from the api module) and a read-only JSON API. Only GET is routed:
 * nothing here writes to the cluster, so nobody acts with the operator's rights through it. LoadTests come from
 * the operator's informer cache (no API server call per request), the live figures from {@link LiveRuns} (no
 * call to the runners); only a download reads the cluster (the run's results ConfigMaps, which no informer caches).
 */
@Singleton
public class ClusterWeb {

    static final String CONTROLLER = "loadtest";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page loads nothing from elsewhere, and no other site may frame it. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'";
    private static final String REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

    private final Instance<Operator> operator;
    private final KubernetesClient client;
    private final LiveRuns live = LiveRuns.shared();
    private final String page = resource("/dev/loadtest/operator/web/cluster.html");
    private final String script = resource("/dev/loadtest/operator/web/cluster.js");
    private final String stylesheet = resource("/dev/loadtest/runner/web/app.css");

    @Inject
    public ClusterWeb(Instance<Operator> operator, KubernetesClient client) {
        this.operator = operator;
        this.client = client;
    }

    void routes(@Observes Router router) {
        router.get("/").handler(ctx -> send(ctx, 200, "text/html; charset=utf-8", page));
        router.get("/assets/cluster.js").handler(ctx -> send(ctx, 200, "text/javascript; charset=utf-8", script));
        router.get("/assets/app.css").handler(ctx -> send(ctx, 200, "text/css; charset=utf-8", stylesheet));
        router.get("/api/loadtests").handler(ctx -> json(ctx, 200, ClusterView.list(loadTests(), live)));
        router.get("/api/loadtests/:namespace/:name").handler(this::loadTestPage);
        // reads the run's results ConfigMaps from the API server: off the event loop
        router.get("/api/loadtests/:namespace/:name/runs/:runId/:file").blockingHandler(this::download, false);
    }

    /** A finished run's CSV or HTML report, rendered from its persisted results. */
    private void download(RoutingContext ctx) {
        String namespace = ctx.pathParam("namespace");
        String name = ctx.pathParam("name");
        String runId = ctx.pathParam("runId");
        Optional<RunDownloads.File> file = RunDownloads.File.of(ctx.pathParam("file"));
        Optional<LoadTest> lt = find(namespace, name);
        if (lt.isEmpty() || file.isEmpty()) {
            json(ctx, 404, Map.of("message", lt.isEmpty() ? "no LoadTest " + namespace + "/" + name
                    + " in the namespaces this operator watches" : "no such file: " + ctx.pathParam("file")
                    + " (stats.csv, stats_history.csv, failures.csv, exceptions.csv, report.html)"));
            return;
        }
        if (!RunDownloads.offered(lt.get(), runId)) {
            json(ctx, 404, Map.of("message", "run " + runId + " of " + namespace + "/" + name
                    + " is neither its finished current run nor in its status.history"));
            return;
        }
        List<ConfigMap> found;
        try {
            found = client.configMaps().inNamespace(namespace).withLabelSelector(ResultsConfigMaps.selector(runId))
                    .list().getItems();
        } catch (KubernetesClientException e) {
            json(ctx, 503, Map.of("message", "the API server did not give the results of run " + runId + ": "
                    + e.getMessage()));
            return;
        }
        List<ConfigMap> maps = found.stream()
                .filter(m -> m.getMetadata().getOwnerReferences() != null && m.getMetadata().getOwnerReferences()
                        .stream().anyMatch(o -> Objects.equals(o.getUid(), lt.get().getMetadata().getUid())))
                .toList();
        if (!ResultsConfigMaps.complete(maps)) {
            json(ctx, 404, Map.of("message", "the results of run " + runId + " of " + namespace + "/" + name
                    + " are not in the cluster (a run that finished before results were kept, or their ConfigMaps"
                    + " were deleted)"));
            return;
        }
        PersistedRun run = ResultsConfigMaps.read(maps);
        RunDownloads.File f = file.get();
        boolean inline = f == RunDownloads.File.REPORT && !"1".equals(ctx.request().getParam("download"));
        if (!inline) {
            ctx.response().putHeader("Content-Disposition", "attachment; filename=\"" + f.fileName(name, runId) + "\"");
        }
        // the report is a page of its own: inline styles and SVG, nothing to load, no script
        send(ctx, 200, f.contentType, f.render(run), f == RunDownloads.File.REPORT ? REPORT_CSP : CSP);
    }

    private Optional<LoadTest> find(String namespace, String name) {
        return loadTests().stream()
                .filter(l -> namespace.equals(l.getMetadata().getNamespace()) && name.equals(l.getMetadata().getName()))
                .findFirst();
    }

    private void loadTestPage(RoutingContext ctx) {
        String namespace = ctx.pathParam("namespace");
        String name = ctx.pathParam("name");
        Optional<LoadTest> lt = find(namespace, name);
        if (lt.isEmpty()) {
            json(ctx, 404, Map.of("message", "no LoadTest " + namespace + "/" + name
                    + " in the namespaces this operator watches"));
            return;
        }
        json(ctx, 200, ClusterView.page(lt.get(), live));
    }

    /** The watched LoadTests as the controller's informer holds them; forgets live figures of deleted ones. */
    List<LoadTest> loadTests() {
        List<LoadTest> all = controller().map(c -> c.getEventSourceManager().getControllerEventSource().list()
                .map(LoadTest.class::cast).toList()).orElse(List.of());
        live.retain(all.stream().map(l -> l.getMetadata().getUid()).filter(Objects::nonNull).toList());
        return all;
    }

    @SuppressWarnings("unchecked")
    private Optional<Controller<LoadTest>> controller() {
        return operator.get().getRegisteredController(CONTROLLER)
                .filter(Controller.class::isInstance).map(c -> (Controller<LoadTest>) c);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        try {
            send(ctx, status, "application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            Log.warnf("web UI: %s", e.toString());
            ctx.fail(500, e);
        }
    }

    private static void send(RoutingContext ctx, int status, String type, String body) {
        send(ctx, status, type, body, CSP);
    }

    private static void send(RoutingContext ctx, int status, String type, String body, String csp) {
        HttpServerResponse r = ctx.response().setStatusCode(status);
        r.putHeader("Content-Type", type);
        r.putHeader("Cache-Control", "no-store");
        r.putHeader("X-Content-Type-Options", "nosniff");
        r.putHeader("Content-Security-Policy", csp);
        r.end(body);
    }

    private static String resource(String path) {
        try (InputStream in = ClusterWeb.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("web UI asset " + path + " is missing from the operator's class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
