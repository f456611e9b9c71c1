package dev.loadtest.api.stats;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;

/** HdrHistogram's compressed, portable encoding, base64'd for JSON: lossless, a few hundred bytes typically. */
public final class HistogramCodec {

    private HistogramCodec() {
    }

    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    public static Histogram decode(String base64) {
        if (base64 == null || base64.isEmpty()) {
            return new Histogram(EndpointStats.SIGNIFICANT_DIGITS);
        }
        try {
            Histogram decoded = Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
            // Decoded histograms have a fixed range; merged samples from other runners may exceed it.
            decoded.setAutoResize(true);
            return decoded;
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("histogram is not a valid compressed HdrHistogram: " + e.getMessage(), e);
        }
    }
}
