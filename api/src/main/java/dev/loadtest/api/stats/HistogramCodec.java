package dev.loadtest.api.stats;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * HdrHistogram's portable V2 encoding (base64 in JSON). The counts are run-length and varint coded, so a
 * histogram's encoding is as small as its populated buckets; {@link #addCounts} adds an encoded histogram to
 * a counts array by walking only those buckets, without materialising the sender's full counts array (128 kB
 * for 3 digits up to a minute). That is what makes merging 100 runners x 100 endpoints cheap.
 */
public final class HistogramCodec {

    private static final int V2_COOKIE = 0x1c849303;
    private static final int V2_COMPRESSED_COOKIE = 0x1c849304;
    private static final int HEADER_BYTES = 40;

    private HistogramCodec() {
    }

    public static String encode(Histogram histogram) {
        return Base64.getEncoder().encodeToString(encodeBytes(histogram));
    }

    /** The V2 encoding itself, uncompressed: what {@link EndpointStats} carries (Jackson base64s it). */
    public static byte[] encodeBytes(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoByteBuffer(buffer);
        return java.util.Arrays.copyOf(buffer.array(), length);
    }

    public static Histogram decode(String base64) {
        Histogram histogram = new Histogram(EndpointStats.SIGNIFICANT_DIGITS);
        if (base64 != null && !base64.isEmpty()) {
            addTo(histogram, Base64.getDecoder().decode(base64));
        }
        return histogram;
    }

    /** Adds the encoded histogram's counts to {@code target} (3 significant digits, unit 1). */
    public static void addTo(Histogram target, byte[] encoded) {
        if (payload(encoded) == null) {
            target.add(translated(encoded));
        } else {
            drain(addCounts(new long[1], encoded), target);
        }
    }

    /**
     * Adds the encoded histogram's counts into {@code counts}, indexed as HdrHistogram indexes a 3-digit
     * histogram, growing it as needed; returns the (possibly new) array. Adding counts by index is the
     * cheapest exact merge there is: no value arithmetic, no per-bucket bookkeeping.
     */
    static long[] addCounts(long[] counts, byte[] encoded) {
        byte[] in = payload(encoded);
        if (in == null) {
            for (var v : translated(encoded).recordedValues()) {
                counts = addCount(counts, indexOf(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
            }
            return counts;
        }
        int end = HEADER_BYTES + ByteBuffer.wrap(in).getInt(4);
        int index = 0;
        int pos = HEADER_BYTES;
        while (pos < end) {
            // LEB128 zig-zag, inlined: this loop is most of what merging a big run costs
            long raw = 0;
            int shift = 0;
            long b;
            do {
                b = in[pos++];
                raw |= (b & 0x7f) << shift;
                shift += 7;
            } while ((b & 0x80) != 0 && shift < 56);
            if ((b & 0x80) != 0) {
                raw |= (in[pos++] & 0xffL) << 56;
            }
            long count = (raw >>> 1) ^ -(raw & 1);
            if (count < 0) {
                index += (int) -count;
            } else {
                if (count > 0) {
                    if (index >= counts.length) {
                        counts = java.util.Arrays.copyOf(counts, Math.max(index + 1, counts.length * 2));
                    }
                    counts[index] += count;
                }
                index++;
            }
        }
        return counts;
    }

    /** Adds counts by index into {@code counts}, growing it as needed; returns the (possibly new) array. */
    static long[] addCounts(long[] counts, long[] more) {
        if (more.length > counts.length) {
            counts = java.util.Arrays.copyOf(counts, more.length);
        }
        for (int i = 0; i < more.length; i++) {
            counts[i] += more[i];
        }
        return counts;
    }

    /**
     * The value HdrHistogram reports for the sample at 0-based {@code rank} of counts by index (the middle of its
     * bucket, as {@code medianEquivalentValue}), or -1 when there are not that many samples.
     */
    static long medianValueAtRank(long[] counts, long rank) {
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                int bucket = Math.max(0, (i >> 10) - 1);
                return valueAtIndex(i) + ((1L << bucket) >> 1);
            }
        }
        return -1;
    }

    /** Records counts gathered by {@link #addCounts} into a histogram. */
    static void drain(long[] counts, Histogram target) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                target.recordValueWithCount(valueAtIndex(i), counts[i]);
            }
        }
    }

    private static long[] addCount(long[] counts, int index, long count) {
        if (index >= counts.length) {
            counts = java.util.Arrays.copyOf(counts, Math.max(index + 1, counts.length * 2));
        }
        counts[index] += count;
        return counts;
    }

    /** The uncompressed V2 bytes, or null when the layout is not 3 digits with unit 1. */
    private static byte[] payload(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        int cookie = in.getInt(0) & ~0xf0;
        if (cookie == V2_COMPRESSED_COOKIE) {
            in = inflate(in);
            cookie = in.getInt(0) & ~0xf0;
        }
        if (cookie != V2_COOKIE) {
            throw new IllegalArgumentException("histogram is not in HdrHistogram's V2 encoding (cookie "
                    + Integer.toHexString(cookie) + ")");
        }
        int normalizingOffset = in.getInt(8);
        int digits = in.getInt(12);
        long lowest = in.getLong(16);
        if (digits != EndpointStats.SIGNIFICANT_DIGITS || lowest != 1 || normalizingOffset != 0) {
            return null;
        }
        return in.array();
    }

    /** Another layout: let HdrHistogram translate it, at the cost of materialising it. */
    private static Histogram translated(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        if ((in.getInt(0) & ~0xf0) == V2_COMPRESSED_COOKIE) {
            in = inflate(in);
        }
        return Histogram.decodeFromByteBuffer(in, 0);
    }

    /** The counts index of a value, the inverse of {@link #valueAtIndex} for 3 digits and unit 1. */
    static int indexOf(long value) {
        final int subBucketHalfCountMagnitude = 10;
        final long subBucketMask = (1L << 11) - 1;
        int bucket = 53 - Long.numberOfLeadingZeros(value | subBucketMask); // 64 - 11 leading bits kept
        int subBucket = (int) (value >>> bucket);
        return ((bucket + 1) << subBucketHalfCountMagnitude) + (subBucket - (1 << subBucketHalfCountMagnitude));
    }

    /** HdrHistogram's index-to-value mapping for 3 significant digits and a unit of 1 (2048 sub-buckets). */
    static long valueAtIndex(int index) {
        final int subBucketHalfCountMagnitude = 10;
        final int subBucketHalfCount = 1 << subBucketHalfCountMagnitude;
        int bucket = (index >> subBucketHalfCountMagnitude) - 1;
        int subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
        if (bucket < 0) {
            subBucket -= subBucketHalfCount;
            bucket = 0;
        }
        return ((long) subBucket) << bucket;
    }

    private static ByteBuffer inflate(ByteBuffer compressed) {
        int length = compressed.getInt(4);
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed.array(), 8, length);
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            inflater.inflate(header.array());
            int payload = header.getInt(4);
            ByteBuffer whole = ByteBuffer.allocate(HEADER_BYTES + payload);
            whole.put(header.array());
            inflater.inflate(whole.array(), HEADER_BYTES, payload);
            return whole.position(0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("histogram is not a valid compressed HdrHistogram: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
