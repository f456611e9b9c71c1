package dev.loadtest.testcluster;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out 127.0.0.2, 127.0.0.3, ...: Linux routes all of 127.0.0.0/8 to the loopback interface, so each
 * pod can listen on its own address without any network set-up. Addresses are not reused within a
 * cluster's life, so a late connection never reaches the wrong pod.
 */
public final class PodIpPool {
    private static final int FIRST = 2;
    private static final int LAST = (1 << 24) - 2;
    private final AtomicInteger next = new AtomicInteger(FIRST);

    public String next() {
        int n;
        do {
            n = next.getAndIncrement();
            if (n > LAST) {
                throw new IllegalStateException("no loopback addresses left for pods");
            }
        } while ((n & 0xff) == 0 || (n & 0xff) == 255); // x.y.z.0 and .255 look like network/broadcast addresses
        return "127." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }
}
