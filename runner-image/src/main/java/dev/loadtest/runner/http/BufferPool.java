package dev.loadtest.runner.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Read buffers for connections, lent for the length of one exchange. An idle user's connection then holds
 * no buffer: 10,000 users waiting between tasks need none, while the few requests in flight at once share a
 * few dozen. Lock-free and bounded; a buffer returned to a full pool is left to the garbage collector.
 */
final class BufferPool {

    static final int BUFFER_SIZE = 8 * 1024;
    private static final int SLOTS = 256;
    private static final AtomicReferenceArray<byte[]> POOL = new AtomicReferenceArray<>(SLOTS);

    private BufferPool() {
    }

    static byte[] borrow() {
        int start = ThreadLocalRandom.current().nextInt(SLOTS);
        for (int i = 0; i < 8; i++) {
            int slot = (start + i) & (SLOTS - 1);
            byte[] b = POOL.get(slot);
            if (b != null && POOL.compareAndSet(slot, b, null)) {
                return b;
            }
        }
        return new byte[BUFFER_SIZE];
    }

    static void release(byte[] buffer) {
        int start = ThreadLocalRandom.current().nextInt(SLOTS);
        for (int i = 0; i < 8; i++) {
            int slot = (start + i) & (SLOTS - 1);
            if (POOL.get(slot) == null && POOL.compareAndSet(slot, null, buffer)) {
                return;
            }
        }
    }
}
