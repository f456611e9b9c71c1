package dev.loadtest.runner.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Exposes a family of {@link LatencyHistogram}s, one per (method, name) row, as a Micrometer timer with fixed buckets
 * was exposed: {@code <name>_seconds} (a histogram with {@code le} buckets, {@code _count} and {@code _sum}) and
 * {@code <name>_seconds_max} (a gauge), each with the run's labels. The histograms are read at scrape time only.
 */
final class LatencyCollector implements MultiCollector {

    private final String name;
    private final String help;
    private final Labels runLabels;
    private final List<LatencyHistogram> rows = new CopyOnWriteArrayList<>();

    /** @param name the Prometheus name without unit, e.g. {@code loadtest_requests} */
    LatencyCollector(String name, String help, Labels runLabels) {
        this.name = name;
        this.help = help;
        this.runLabels = runLabels;
    }

    /** A new row's histogram; call once per row and keep it. */
    LatencyHistogram row(String method, String rowName) {
        LatencyHistogram row = new LatencyHistogram(method, rowName);
        rows.add(row);
        return row;
    }

    @Override
    public MetricSnapshots collect() {
        if (rows.isEmpty()) {
            return MetricSnapshots.of();
        }
        long now = System.currentTimeMillis();
        HistogramSnapshot.Builder histogram = HistogramSnapshot.builder().name(name + "_seconds").help(help);
        GaugeSnapshot.Builder max = GaugeSnapshot.builder().name(name + "_seconds_max").help(help);
        for (LatencyHistogram row : rows) {
            Labels labels = runLabels.merge(Labels.of("method", row.method, "name", row.name));
            histogram.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(LatencyHistogram.BOUNDS_SECONDS, row.buckets()))
                    .sum(row.sumSeconds())
                    .build());
            max.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(labels)
                    .value(row.maxSeconds(now))
                    .build());
        }
        List<MetricSnapshot> snapshots = new ArrayList<>(2);
        snapshots.add(histogram.build());
        snapshots.add(max.build());
        return new MetricSnapshots(snapshots);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(name + "_seconds", name + "_seconds_max");
    }
}
