package dev.loadtest.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out 127.0.0.2, 127.0.0.3, ...: Linux routes all of 127.0.0.0/8 to the loopback interface, so each
 * pod can listen on its own address without any network set-up. Addresses are not reused within a
 * cluster's life, so a late connection never reaches the wrong pod.
 *
 * <p>Several test runs share a machine, and their pods listen on the same well-known ports: each cluster
 * therefore claims a block 127.B.x.y of its own through a lock file holding its PID (block 0 when it is
 * the only run, hence 127.0.0.2 first), released on close or taken over once that PID is gone.
 */
public final class PodIpPool implements AutoCloseable {
    static final Path LOCKS = Path.of(System.getProperty("java.io.tmpdir"), "kube-cluster-pod-ip-blocks");
    private static final int FIRST = 2;
    private static final int LAST = (1 << 16) - 2;

    private final int block;
    private final Path lock;
    private final AtomicInteger next = new AtomicInteger(FIRST);

    private PodIpPool(int block, Path lock) {
        this.block = block;
        this.lock = lock;
    }

    /** A pool of its own, for unit tests: block 0, no lock. */
    static PodIpPool unclaimed() {
        return new PodIpPool(0, null);
    }

    /** Claims the first free block 127.B.0.0/16 on this machine. */
    static PodIpPool claim() {
        return claim(LOCKS);
    }

    static PodIpPool claim(Path lockDir) {
        try {
            Files.createDirectories(lockDir);
            for (int block = 0; block < 255; block++) {
                Path lock = lockDir.resolve("127." + block);
                if (tryClaim(lock)) {
                    ProcessGuard.track(lock);
                    return new PodIpPool(block, lock);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim a block of pod addresses in " + lockDir, e);
        }
        throw new IllegalStateException("all 255 blocks of pod addresses in " + lockDir + " are claimed by running processes");
    }

    private static boolean tryClaim(Path lock) throws IOException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                Files.writeString(Files.createFile(lock), String.valueOf(ProcessHandle.current().pid()));
                return true;
            } catch (FileAlreadyExistsException taken) {
                if (!isStale(lock)) {
                    return false;
                }
                Files.deleteIfExists(lock); // its owner died without closing: take it over
            }
        }
        return false;
    }

    private static boolean isStale(Path lock) {
        try {
            String owner = Files.readString(lock).trim();
            if (owner.isEmpty()) {
                return false; // just created, PID not written yet
            }
            return ProcessHandle.of(Long.parseLong(owner)).map(h -> !h.isAlive()).orElse(true);
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    public String next() {
        int n;
        do {
            n = next.getAndIncrement();
            if (n > LAST) {
                throw new IllegalStateException("no loopback addresses left for pods in 127." + block + ".0.0/16");
            }
        } while ((n & 0xff) == 0 || (n & 0xff) == 255); // x.y.z.0 and .255 look like network/broadcast addresses
        return "127." + block + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    @Override
    public void close() {
        if (lock != null) {
            try {
                Files.deleteIfExists(lock);
                ProcessGuard.untrack(lock);
            } catch (IOException e) {
                // a stale lock is taken over by the next run once this PID is gone
            }
        }
    }
}
