package dev.loadtest.runner.http;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A response body as it arrives: the first {@code max} bytes kept, every byte counted. A target that sends
 * gigabytes, or never stops, costs the runner the bound, not its heap.
 */
final class BoundedBody {

    private static final byte[] EMPTY = new byte[0];

    private final int max;
    private byte[] bytes = EMPTY;
    private int size;
    private long total;

    BoundedBody(int max) {
        this.max = max;
    }

    void write(byte[] source, int offset, int length) {
        total += length;
        int keep = Math.min(length, max - size);
        if (keep > 0) {
            ensure(size + keep);
            System.arraycopy(source, offset, bytes, size, keep);
            size += keep;
        }
    }

    void write(ByteBuffer source) {
        int length = source.remaining();
        total += length;
        int keep = Math.min(length, max - size);
        if (keep > 0) {
            ensure(size + keep);
            source.get(bytes, size, keep);
            size += keep;
        }
        source.position(source.limit());
    }

    private void ensure(int needed) {
        if (needed > bytes.length) {
            long doubled = Math.max(needed, Math.max(256, 2L * bytes.length));
            bytes = Arrays.copyOf(bytes, (int) Math.min(max, doubled));
        }
    }

    /** The kept bytes. */
    byte[] bytes() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /** Every byte of the body, kept or not. */
    long total() {
        return total;
    }
}
