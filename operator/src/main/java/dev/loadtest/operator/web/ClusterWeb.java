package dev.loadtest.operator.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loadtest.api.v1alpha1.LoadTest;
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
 * call to the runners).
 */
@Singleton
public class ClusterWeb {

    static final String CONTROLLER = "loadtest";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page loads nothing from elsewhere, and no other site may frame it. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'none'";

    private final Instance<Operator> operator;
    private final LiveRuns live = LiveRuns.shared();
    private final String page = resource("/dev/loadtest/operator/web/cluster.html");
    private final String script = resource("/dev/loadtest/operator/web/cluster.js");
    private final String stylesheet = resource("/dev/loadtest/runner/web/app.css");

    @Inject
    public ClusterWeb(Instance<Operator> operator) {
        this.operator = operator;
    }

    void routes(@Observes Router router) {
        router.get("/").handler(ctx -> send(ctx, 200, "text/html; charset=utf-8", page));
        router.get("/assets/cluster.js").handler(ctx -> send(ctx, 200, "text/javascript; charset=utf-8", script));
        router.get("/assets/app.css").handler(ctx -> send(ctx, 200, "text/css; charset=utf-8", stylesheet));
        router.get("/api/loadtests").handler(ctx -> json(ctx, 200, ClusterView.list(loadTests(), live)));
        router.get("/api/loadtests/:namespace/:name").handler(this::loadTestPage);
    }

    private void loadTestPage(RoutingContext ctx) {
        String namespace = ctx.pathParam("namespace");
        String name = ctx.pathParam("name");
        Optional<LoadTest> lt = loadTests().stream()
                .filter(l -> namespace.equals(l.getMetadata().getNamespace()) && name.equals(l.getMetadata().getName()))
                .findFirst();
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
        HttpServerResponse r = ctx.response().setStatusCode(status);
        r.putHeader("Content-Type", type);
        r.putHeader("Cache-Control", "no-store");
        r.putHeader("X-Content-Type-Options", "nosniff");
        r.putHeader("Content-Security-Policy", CSP);
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
