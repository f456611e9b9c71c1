package dev.loadtest.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A load test: a loadfile run by N runner pods, with its live and final results in status. */
@Group(LoadTest.GROUP)
@Version(LoadTest.VERSION)
@Kind("LoadTest")
@Singular("loadtest")
@Plural("loadtests")
@ShortNames("lt")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Run", jsonPath = ".status.runId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Users", jsonPath = ".status.users", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "RPS", jsonPath = ".status.summary.aggregated.rps",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "P95", jsonPath = ".status.summary.aggregated.p95Ms",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Failures", jsonPath = ".status.summary.aggregated.failures",
        type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Fail-Ratio", jsonPath = ".status.summary.aggregated.failureRatio",
        type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Succeeded\")].reason",
        type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class LoadTest extends CustomResource<LoadTestSpec, LoadTestStatus> implements Namespaced {

    public static final String GROUP = "loadtest.dev";
    public static final String VERSION = "v1alpha1";
}
