package dev.loadtest.runner.http;

import java.io.*;
import java.lang.management.ManagementFactory;
import java.net.*;
import java.time.Duration;
import java.util.List;

/**
 * This thread's CPU time (system calls included) and allocation per FastHttpUser exchange (FastConnection, plus the
 * header lookups RunnerHttpSession makes on every response) against a canned copy of the benchmark nginx's answer,
 * served on loopback by a thread of its own.
 */
public class ExchangeCost {
  public static void main(String[] a) throws Exception {
    byte[] answer = ("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Tue, 01 Dec 2026 20:00:00 GMT\r\n"
        + "Content-Type: application/json\r\nContent-Length: 193\r\nLast-Modified: Tue, 01 Dec 2026 19:00:00 GMT\r\n"
        + "Connection: keep-alive\r\nETag: \"6765a1b2-c1\"\r\nAccept-Ranges: bytes\r\n\r\n" + "x".repeat(193)).getBytes();
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      try (Socket s = server.accept()) {
        s.setTcpNoDelay(true);
        InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream();
        byte[] buf = new byte[4096]; int matched = 0;
        while (true) {
          int n = in.read(buf); if (n < 0) return;
          for (int i = 0; i < n; i++) { matched = buf[i] == '\r' || buf[i] == '\n' ? matched + 1 : 0; if (matched == 4) { out.write(answer); matched = 0; } }
        }
      } catch (IOException e) { }
    });
    t.setDaemon(true); t.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    FastConnection c = FastConnection.open(uri, Duration.ofSeconds(5));
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    int n = Integer.parseInt(a.length > 0 ? a[0] : "100000");
    for (int round = 0; round < 6; round++) {
      long cpu = mx.getCurrentThreadCpuTime(), alloc = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) {
        RawResponse r = c.exchange("GET", uri, List.of(), null, Duration.ofSeconds(5), 4 << 20);
        if (r.status() != 200) throw new IllegalStateException();
        r.headers().contains("Set-Cookie"); r.headers().contains("Set-Cookie2"); r.headers().first("Location");
      }
      System.out.printf("round %d: %.0f ns CPU, %d bytes allocated per exchange%n", round,
          (mx.getCurrentThreadCpuTime() - cpu) / (double) n, (mx.getCurrentThreadAllocatedBytes() - alloc) / n);
    }
  }
}
