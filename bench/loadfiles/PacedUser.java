import dev.loadtest.CustomOption;
import dev.loadtest.FastHttpUser;
import dev.loadtest.OnTestStop;
import dev.loadtest.Task;
import dev.loadtest.TestContext;
import dev.loadtest.WaitTime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A paced user: 10 requests per second each, so 50 users make the fixed-rate benchmark's 500 req/s. With
 * --steady-file it also times each call itself and writes the percentiles of the calls started in the second half
 * of the run (after the JVM's warm-up), to compare with h2load's second half. Its own timing wraps the client's,
 * so it can only read higher than what the engine records.
 */
@CustomOption(name = "steady-file", description = "Write p50/p90/p99/max (ms) of the second half of the run here.")
@CustomOption(name = "run-seconds", defaultValue = "30", description = "The run time, to know where its second half starts.")
@CustomOption(name = "calls-file", description = "Write each call's start (µs from the first call's) and latency (µs) here.")
public class PacedUser extends FastHttpUser {

    private static final long STARTED = System.nanoTime();
    private static final long[] STARTS = new long[100_000];
    private static final long[] LATENCIES = new long[100_000];
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    protected WaitTime waitTime() {
        return WaitTime.constantThroughput(10);
    }

    @Task
    void get() {
        long start = System.nanoTime();
        client.get("/");
        int i = COUNT.getAndIncrement();
        if (i < STARTS.length) {
            STARTS[i] = start - STARTED;
            LATENCIES[i] = System.nanoTime() - start;
        }
    }

    @OnTestStop
    static void writeSteady(TestContext context) throws IOException {
        String file = context.options().get("steady-file");
        if (file == null || file.isEmpty()) {
            return;
        }
        long half = (long) (Double.parseDouble(context.options().get("run-seconds", "30")) * 1e9 / 2);
        int n = Math.min(COUNT.get(), STARTS.length);
        // the run's halves count from its first call, as h2load's from its first request (this class may be
        // initialised before the engine's warm-up)
        long first = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            first = Math.min(first, STARTS[i]);
        }
        long[] steady = new long[n];
        int m = 0;
        StringBuilder calls = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (STARTS[i] - first >= half) {
                steady[m++] = LATENCIES[i];
            }
            calls.append((STARTS[i] - first) / 1000).append(' ').append(LATENCIES[i] / 1000).append('\n');
        }
        String callsFile = context.options().get("calls-file");
        if (callsFile != null && !callsFile.isEmpty()) {
            Files.writeString(Path.of(callsFile), calls);
        }
        long[] sorted = Arrays.copyOf(steady, m);
        Arrays.sort(sorted);
        // the same rank rule as the script applies to h2load's log: value at 0-based index floor(n * p)
        Files.writeString(Path.of(file), m == 0 ? "0 0 0 0 0\n" : String.format("%d %.3f %.3f %.3f %.3f%n", m,
                sorted[(int) (m * 0.5)] / 1e6, sorted[(int) (m * 0.9)] / 1e6, sorted[(int) (m * 0.99)] / 1e6,
                sorted[m - 1] / 1e6));
    }
}
