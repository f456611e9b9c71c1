package dev.loadtest.operator;

import dev.loadtest.api.v1alpha1.LoadTest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Kubernetes Events (core v1, which 1.20 serves) on a LoadTest, for its notable transitions and errors. */
public class EventRecorder implements LoadTestEvents {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final String COMPONENT = "loadtest-operator";

    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public void record(LoadTest loadTest, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String ns = loadTest.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(loadTest.getMetadata().getName() + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
                .withNamespace(ns)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(loadTest.getApiVersion())
                .withKind(loadTest.getKind())
                .withName(loadTest.getMetadata().getName())
                .withNamespace(ns)
                .withUid(loadTest.getMetadata().getUid())
                .withResourceVersion(loadTest.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(event).create();
        } catch (RuntimeException e) {
            // an event is worth a log line, never a failed reconcile
            Log.warnf("Could not record event %s on LoadTest %s/%s: %s", reason, ns, loadTest.getMetadata().getName(),
                    e.getMessage());
        }
    }
}
