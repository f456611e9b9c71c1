package dev.loadtest.testcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks free loopback ports by letting the kernel choose: its ephemeral allocator hands out rotating ports,
 * so two runs on one machine do not get the same ones, unlike fixed or "random in a range" ports.
 */
public final class FreePorts {
    private FreePorts() {
    }

    /** {@code count} distinct free ports on 127.0.0.1; all sockets are held open until all are picked. */
    public static List<Integer> pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pick free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that was never used cannot lose data
                }
            }
        }
    }
}
