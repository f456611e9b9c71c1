package dev.loadtest.api.stats;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.Histogram;


/**
 * Cumulative statistics of one (method, name) row, or of the Aggregated row.
 *
 * <p>Response times are recorded in microseconds in an HdrHistogram with 3 significant digits. Adding
 * histograms is adding counts, so {@link #merge} is exact: statistics merged from many runners give the
 * same percentiles as one process that saw every sample. Counts, sums, min and max are kept exactly beside
 * the histogram. Per-second counts are kept for the last {@link #RETAINED_SECONDS} seconds, enough for
 * Locust's "current" rates (the 10 s ending 2 s before the last request).
 */
public final class EndpointStats {

    public static final int SIGNIFICANT_DIGITS = 3;
    public static final int RETAINED_SECONDS = 20;

    private final EndpointKey key;
    /** Null while the figures came from JSON and nobody needed the histogram: see {@link #encoded}. */
    private Histogram histogram;
    /** The histogram as received (V2 encoding), kept until needed: merging adds it without decoding it whole. */
    private byte[] encoded;
    /** Counts merged from encoded histograms, by HdrHistogram index, not yet folded into {@link #histogram}. */
    private long[] pendingCounts;
    private long numRequests;
    private long numFailures;
    private long totalResponseTimeMicros;
    private long minResponseTimeMicros = Long.MAX_VALUE;
    private long maxResponseTimeMicros;
    private long totalContentLength;
    private long startTimeEpochMillis;
    private long lastRequestEpochMillis;
    private SecondCounts perSecond = new SecondCounts();

    public EndpointStats(EndpointKey key) {
        this(key, new Histogram(SIGNIFICANT_DIGITS));
    }

    private EndpointStats(EndpointKey key, Histogram histogram) {
        this.key = key;
        this.histogram = histogram;
    }

    public EndpointKey key() {
        return key;
    }

    /** Records one completed request. Not for the engine's hot path, which records into its own recorders. */
    public void record(long responseTimeMicros, long contentLength, boolean failed, long epochMillis) {
        histogram().recordValue(Math.max(0, responseTimeMicros));
        addCounts(1, failed ? 1 : 0, responseTimeMicros, responseTimeMicros, responseTimeMicros, contentLength,
                epochMillis, epochMillis);
        addPerSecond(epochMillis / 1000, 1, failed ? 1 : 0);
    }

    /** Adds a batch of requests that were recorded elsewhere (the engine's recorders) into these totals. */
    public void add(Histogram latencies, long failures, long totalMicros, long minMicros, long maxMicros,
                    long contentLength, long firstEpochMillis, long lastEpochMillis) {
        long requests = latencies.getTotalCount();
        if (requests == 0 && failures == 0) {
            return;
        }
        histogram().add(latencies);
        addCounts(requests, failures, totalMicros, minMicros, maxMicros, contentLength, firstEpochMillis,
                lastEpochMillis);
    }

    /** Counts requests and failures against the second they completed in, for current rates. */
    public void addPerSecond(long epochSecond, long requests, long failures) {
        perSecond.add(epochSecond, requests, failures);
    }

    private void addCounts(long requests, long failures, long totalMicros, long minMicros, long maxMicros,
                           long contentLength, long firstEpochMillis, long lastEpochMillis) {
        numRequests += requests;
        numFailures += failures;
        totalResponseTimeMicros += totalMicros;
        if (requests > 0) {
            minResponseTimeMicros = Math.min(minResponseTimeMicros, minMicros);
            maxResponseTimeMicros = Math.max(maxResponseTimeMicros, maxMicros);
        }
        totalContentLength += contentLength;
        if (startTimeEpochMillis == 0 || (firstEpochMillis > 0 && firstEpochMillis < startTimeEpochMillis)) {
            startTimeEpochMillis = firstEpochMillis;
        }
        lastRequestEpochMillis = Math.max(lastRequestEpochMillis, lastEpochMillis);
    }

    /**
     * A row that sums others and is only read, as a merge's result: it keeps counts by index rather than an
     * HdrHistogram, so that neither adding rows decoded from JSON nor reading percentiles materialises one.
     */
    static EndpointStats accumulator(EndpointKey key) {
        return new EndpointStats(key, null);
    }

    /** Adds another row's statistics to this one, exactly. */
    public EndpointStats merge(EndpointStats other) {
        if (other.histogram == null) { // counts by index, encoded or summed: add them as they are
            if (other.encoded != null) {
                pendingCounts = HistogramCodec.addCounts(sizedFor(other), other.encoded);
            }
            if (other.pendingCounts != null) {
                pendingCounts = HistogramCodec.addCounts(sizedFor(other), other.pendingCounts);
            }
        } else {
            histogram().add(other.histogram());
        }
        addCounts(other.numRequests, other.numFailures, other.totalResponseTimeMicros,
                other.minResponseTimeMicros, other.maxResponseTimeMicros, other.totalContentLength,
                other.startTimeEpochMillis, other.lastRequestEpochMillis);
        perSecond.addAll(other.perSecond);
        return this;
    }

    /**
     * Adds everything of another row but its histogram: counts, sums, extremes, times and per-second counts. For a
     * merge whose histograms are summed elsewhere ({@link RunningMerge}), which then sets them with {@link #useCounts}.
     */
    EndpointStats mergeFigures(EndpointStats other) {
        addCounts(other.numRequests, other.numFailures, other.totalResponseTimeMicros,
                other.minResponseTimeMicros, other.maxResponseTimeMicros, other.totalContentLength,
                other.startTimeEpochMillis, other.lastRequestEpochMillis);
        perSecond.addAll(other.perSecond);
        return this;
    }

    /** Makes {@code counts} (by HdrHistogram index; owned by this row from now on) this accumulator's histogram. */
    void useCounts(long[] counts) {
        histogram = null;
        encoded = null;
        pendingCounts = counts;
    }

    /** A copy of this row's histogram as counts by HdrHistogram index, up to its last non-zero count. */
    long[] countsCopy() {
        if (histogram == null) {
            long[] counts = counts();
            int length = counts.length;
            while (length > 1 && counts[length - 1] == 0) {
                length--;
            }
            return java.util.Arrays.copyOf(counts, length);
        }
        long[] counts = new long[1];
        for (var v : histogram.recordedValues()) {
            int index = HistogramCodec.indexOf(v.getValueIteratedTo());
            if (index >= counts.length) {
                counts = java.util.Arrays.copyOf(counts, Math.max(index + 1, counts.length * 2));
            }
            counts[index] += v.getCountAtValueIteratedTo();
        }
        return counts;
    }

    /** The pending counts, created sized for {@code other}'s max so that they seldom grow. */
    private long[] sizedFor(EndpointStats other) {
        if (pendingCounts == null) {
            pendingCounts = new long[HistogramCodec.indexOf(Math.max(1, other.maxResponseTimeMicros)) + 1];
        }
        return pendingCounts;
    }

    /** Counts by index of a row without an HdrHistogram, its encoding folded in; empty when it has none. */
    private long[] counts() {
        if (encoded != null) {
            pendingCounts = HistogramCodec.addCounts(pendingCounts == null ? new long[1] : pendingCounts, encoded);
            encoded = null;
        }
        return pendingCounts == null ? new long[0] : pendingCounts;
    }

    private long recordedCount() {
        if (histogram != null) {
            return histogram().getTotalCount();
        }
        long n = 0;
        for (long c : counts()) {
            n += c;
        }
        return n;
    }

    public EndpointStats copy(EndpointKey newKey) {
        return new EndpointStats(newKey).merge(this);
    }

    public long numRequests() {
        return numRequests;
    }

    public long numFailures() {
        return numFailures;
    }

    public long totalContentLength() {
        return totalContentLength;
    }

    public long totalResponseTimeMicros() {
        return totalResponseTimeMicros;
    }

    public long startTimeEpochMillis() {
        return startTimeEpochMillis;
    }

    public long lastRequestEpochMillis() {
        return lastRequestEpochMillis;
    }

    /** The histogram itself; callers must not modify it. */
    public Histogram histogram() {
        if (histogram == null) {
            histogram = new Histogram(SIGNIFICANT_DIGITS);
            if (encoded != null) {
                HistogramCodec.addTo(histogram, encoded);
                encoded = null;
            }
        }
        if (pendingCounts != null) {
            HistogramCodec.drain(pendingCounts, histogram);
            pendingCounts = null;
        }
        return histogram;
    }

    public double minResponseTimeMs() {
        return numRequests == 0 ? 0 : minResponseTimeMicros / 1000.0;
    }

    public double maxResponseTimeMs() {
        return maxResponseTimeMicros / 1000.0;
    }

    /** Exact mean of the recorded response times, in milliseconds (Locust: total / count). */
    public double avgResponseTimeMs() {
        return numRequests == 0 ? 0 : totalResponseTimeMicros / 1000.0 / numRequests;
    }

    public double avgContentLength() {
        return numRequests == 0 ? 0 : (double) totalContentLength / numRequests;
    }

    /** Locust's fail ratio: failures / requests, 1.0 when there are failures but no requests. */
    public double failRatio() {
        if (numRequests == 0) {
            return numFailures > 0 ? 1.0 : 0.0;
        }
        return (double) numFailures / numRequests;
    }

    /**
     * The response time at fraction {@code p} (0.95 for p95), in milliseconds: the sample at 0-based rank
     * {@code min(floor(N*p), N-1)} (Locust's rule), reported to 3 significant digits (the histogram's
     * precision; Locust rounds to 2). The lowest and highest ranks are the exact min and max, so p100 is
     * never below max. Zero when there are no requests.
     */
    public double percentileMs(double p) {
        long n = recordedCount();
        if (n == 0) {
            return 0;
        }
        return valueAtRankMs(Math.min((long) (n * p), n - 1), n);
    }

    /** Locust's median: the lower median, rank floor((N-1)/2), clamped into [min, max]. */
    public double medianMs() {
        long n = recordedCount();
        if (n == 0) {
            return 0;
        }
        return valueAtRankMs((n - 1) / 2, n);
    }

    private double valueAtRankMs(long rank, long n) {
        if (rank <= 0) {
            return minResponseTimeMs();
        }
        if (rank >= n - 1) {
            return maxResponseTimeMs();
        }
        long value = histogram != null ? medianValueAtRank(histogram(), rank)
                : HistogramCodec.medianValueAtRank(counts(), rank);
        if (value < 0) {
            return maxResponseTimeMs();
        }
        long micros = toSignificantDigits(value);
        micros = Math.max(minResponseTimeMicros, Math.min(maxResponseTimeMicros, micros));
        return micros / 1000.0;
    }

    private static long medianValueAtRank(Histogram histogram, long rank) {
        long seen = 0;
        for (var value : histogram.recordedValues()) {
            seen += value.getCountAtValueIteratedTo();
            if (seen > rank) {
                return histogram.medianEquivalentValue(value.getValueIteratedTo());
            }
        }
        return -1;
    }

    static long toSignificantDigits(long value) {
        return new java.math.BigDecimal(value)
                .round(new java.math.MathContext(SIGNIFICANT_DIGITS, java.math.RoundingMode.HALF_EVEN))
                .longValue();
    }

    /** Requests per second over [start, last] of the whole test (Locust's total_rps uses global times). */
    public double totalRps(long testStartEpochMillis, long testLastEpochMillis) {
        return perSecondRate(numRequests, testStartEpochMillis, testLastEpochMillis);
    }

    public double totalFailPerSec(long testStartEpochMillis, long testLastEpochMillis) {
        return perSecondRate(numFailures, testStartEpochMillis, testLastEpochMillis);
    }

    private static double perSecondRate(long count, long startMillis, long lastMillis) {
        double seconds = (lastMillis - startMillis) / 1000.0;
        return seconds <= 0 ? 0 : count / seconds;
    }

    /**
     * Locust's current_rps: the mean per-second count over the seconds
     * [max(int(last) - 12, int(start)), int(last) - 2).
     */
    public double currentRps(long testStartEpochMillis, long nowEpochMillis) {
        return currentRate(0, testStartEpochMillis, nowEpochMillis);
    }

    public double currentFailPerSec(long testStartEpochMillis, long nowEpochMillis) {
        return currentRate(1, testStartEpochMillis, nowEpochMillis);
    }

    private double currentRate(int index, long startMillis, long lastMillis) {
        long last = lastMillis / 1000;
        long from = Math.max(last - 12, startMillis / 1000);
        long to = last - 2;
        if (to <= from) {
            return 0;
        }
        return (double) perSecond.sum(index, from, to) / (to - from);
    }

    // ---- JSON form: the histogram travels in HdrHistogram's portable V2 encoding (see HistogramCodec) ----

    @JsonCreator
    static EndpointStats fromJson(@JsonProperty("method") String method, @JsonProperty("name") String name,
                                  @JsonProperty("histogram") byte[] histogram,
                                  @JsonProperty("numRequests") long numRequests,
                                  @JsonProperty("numFailures") long numFailures,
                                  @JsonProperty("totalResponseTimeMicros") long totalMicros,
                                  @JsonProperty("minResponseTimeMicros") long minMicros,
                                  @JsonProperty("maxResponseTimeMicros") long maxMicros,
                                  @JsonProperty("totalContentLength") long contentLength,
                                  @JsonProperty("startTimeEpochMillis") long start,
                                  @JsonProperty("lastRequestEpochMillis") long last,
                                  @JsonProperty("perSecond") SecondCounts perSecond) {
        EndpointStats stats = new EndpointStats(new EndpointKey(method, name), null);
        stats.encoded = histogram == null || histogram.length == 0 ? null : histogram;
        stats.numRequests = numRequests;
        stats.numFailures = numFailures;
        stats.totalResponseTimeMicros = totalMicros;
        stats.minResponseTimeMicros = minMicros;
        stats.maxResponseTimeMicros = maxMicros;
        stats.totalContentLength = contentLength;
        stats.startTimeEpochMillis = start;
        stats.lastRequestEpochMillis = last;
        if (perSecond != null) {
            stats.perSecond = perSecond;
        }
        return stats;
    }

    @JsonProperty("method")
    String jsonMethod() {
        return key.method();
    }

    @JsonProperty("name")
    String jsonName() {
        return key.name();
    }

    /** Base64 in JSON (Jackson's standard alphabet, as {@link HistogramCodec#encode}). */
    @JsonProperty("histogram")
    byte[] jsonHistogram() {
        if (histogram == null && pendingCounts == null) {
            return encoded == null ? new byte[0] : encoded;
        }
        return HistogramCodec.encodeBytes(histogram());
    }

    @JsonProperty("numRequests")
    long jsonNumRequests() {
        return numRequests;
    }

    @JsonProperty("numFailures")
    long jsonNumFailures() {
        return numFailures;
    }

    @JsonProperty("totalResponseTimeMicros")
    long jsonTotalMicros() {
        return totalResponseTimeMicros;
    }

    @JsonProperty("minResponseTimeMicros")
    long jsonMinMicros() {
        return minResponseTimeMicros;
    }

    @JsonProperty("maxResponseTimeMicros")
    long jsonMaxMicros() {
        return maxResponseTimeMicros;
    }

    @JsonProperty("totalContentLength")
    long jsonContentLength() {
        return totalContentLength;
    }

    @JsonProperty("startTimeEpochMillis")
    long jsonStart() {
        return startTimeEpochMillis;
    }

    @JsonProperty("lastRequestEpochMillis")
    long jsonLast() {
        return lastRequestEpochMillis;
    }

    @JsonProperty("perSecond")
    SecondCounts jsonPerSecond() {
        return perSecond;
    }

    @JsonIgnore
    public boolean isEmpty() {
        return numRequests == 0 && numFailures == 0;
    }
}
