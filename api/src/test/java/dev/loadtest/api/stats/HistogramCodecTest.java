package dev.loadtest.api.stats;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HistogramCodecTest {

    private static Histogram spread(long seed) {
        Random random = new Random(seed);
        Histogram h = new Histogram(3);
        for (int i = 0; i < 50_000; i++) {
            // from 1 us to about an hour, every magnitude populated
            h.recordValue((long) Math.pow(10, random.nextDouble() * 9.5));
        }
        h.recordValueWithCount(0, 3);
        h.recordValueWithCount(1, 5);
        return h;
    }

    @Test
    void encodedHistogramsDecodeToEqualCounts() {
        Histogram original = spread(1);
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(original));
        assertThat(back).isEqualTo(original);
        assertThat(back.getTotalCount()).isEqualTo(original.getTotalCount());
        assertThat(back.getMaxValue()).isEqualTo(original.getMaxValue());
    }

    @Test
    void addingEncodedHistogramsEqualsAddingTheHistograms() {
        Histogram a = spread(2);
        Histogram b = spread(3);
        Histogram viaCodec = a.copy();
        HistogramCodec.addTo(viaCodec, HistogramCodec.encodeBytes(b));
        Histogram direct = a.copy();
        direct.add(b);
        assertThat(viaCodec).isEqualTo(direct);
    }

    @Test
    void readsHdrHistogramsCompressedEncodingToo() {
        Histogram original = spread(4);
        ByteBuffer buffer = ByteBuffer.allocate(original.getNeededByteBufferCapacity());
        int length = original.encodeIntoCompressedByteBuffer(buffer);
        String base64 = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        assertThat(HistogramCodec.decode(base64)).isEqualTo(original);
    }

    @Test
    void histogramsOfAnotherLayoutAreTranslated() {
        Histogram twoDigits = new Histogram(2);
        twoDigits.recordValue(12_345);
        Histogram back = HistogramCodec.decode(HistogramCodec.encode(twoDigits));
        assertThat(back.getTotalCount()).isEqualTo(1);
        assertThat(back.getMaxValue()).isBetween(12_000L, 12_500L);
    }

    @Test
    void statsReceivedAsJsonMergeWithoutMaterialisingTheSendersHistograms() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        EndpointStats sent = new EndpointStats(new EndpointKey("GET", "/x"));
        for (int i = 1; i <= 1000; i++) {
            sent.record(i * 100L, 10, false, 1_000_000);
        }
        String json = mapper.writeValueAsString(sent);
        EndpointStats received = mapper.readValue(json, EndpointStats.class);
        EndpointStats merged = new EndpointStats(new EndpointKey("GET", "/x")).merge(received).merge(received);
        assertThat(merged.numRequests()).isEqualTo(2000);
        assertThat(merged.histogram().getTotalCount()).isEqualTo(2000);
        assertThat(merged.percentileMs(0.5)).isEqualTo(sent.percentileMs(0.5));
        // a received entry still serialises as it came
        assertThat(mapper.writeValueAsString(received)).isEqualTo(json);
    }

    @Test
    void indexAndValueMappingsMatchHdrHistograms() {
        Histogram h = new Histogram(3);
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            long v = (long) Math.pow(10, random.nextDouble() * 12);
            assertThat(HistogramCodec.valueAtIndex(HistogramCodec.indexOf(v))).as("value %d", v)
                    .isEqualTo(h.lowestEquivalentValue(v));
        }
    }

    @Test
    void countsGatheredByIndexDrainIntoTheSameHistogram() {
        Histogram a = spread(6);
        Histogram b = spread(7);
        long[] counts = HistogramCodec.addCounts(new long[16], HistogramCodec.encodeBytes(a));
        counts = HistogramCodec.addCounts(counts, HistogramCodec.encodeBytes(b));
        Histogram drained = new Histogram(3);
        HistogramCodec.drain(counts, drained);
        Histogram direct = a.copy();
        direct.add(b);
        assertThat(drained).isEqualTo(direct);
    }

    @Test
    void theValueAtARankOfCountsIsHdrHistogramsMedianEquivalent() {
        Histogram h = spread(8);
        long[] counts = HistogramCodec.addCounts(new long[1], HistogramCodec.encodeBytes(h));
        long n = h.getTotalCount();
        for (long rank = 0; rank < n; rank += Math.max(1, n / 997)) {
            long seen = 0;
            long expected = -1;
            for (var v : h.recordedValues()) {
                seen += v.getCountAtValueIteratedTo();
                if (seen > rank) {
                    expected = h.medianEquivalentValue(v.getValueIteratedTo());
                    break;
                }
            }
            assertThat(HistogramCodec.medianValueAtRank(counts, rank)).as("rank %d", rank).isEqualTo(expected);
        }
        assertThat(HistogramCodec.medianValueAtRank(counts, n)).isEqualTo(-1);
    }
}
