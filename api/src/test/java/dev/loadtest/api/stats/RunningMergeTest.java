package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link RunningMerge} that adds runners' deltas poll after poll gives, at every poll, exactly the merge of every
 * runner's latest snapshot, and falls back to a full merge whenever a delta could not be trusted: a lost reply, a
 * restarted runner, a JSON reply, a base the runner no longer holds, a new runner.
 */
class RunningMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    /** A runner process: rows it records into, and its memory of served snapshots. */
    static final class Runner {
        final String name;
        final String incarnation;
        final SplittableRandom random;
        final Map<EndpointKey, EndpointStats> rows = new TreeMap<>();
        final ServedSnapshots served = new ServedSnapshots();
        final Map<FailureStats.Key, FailureStats> failures = new java.util.LinkedHashMap<>();
        final Map<String, ExceptionStats> exceptions = new java.util.LinkedHashMap<>();
        long clock = T0;

        Runner(String name, String incarnation, long seed) {
            this.name = name;
            this.incarnation = incarnation;
            this.random = new SplittableRandom(seed);
        }

        /** A poll interval's requests, now and then on a new endpoint. */
        void work() {
            int endpoints = 2 + random.nextInt(4);
            for (int i = 0; i < 30; i++) {
                EndpointKey key = new EndpointKey("GET", "/e" + random.nextInt(endpoints));
                long micros = (long) Math.exp(random.nextDouble() * 16);
                clock += random.nextInt(100);
                boolean failed = random.nextInt(20) == 0;
                rows.computeIfAbsent(key, EndpointStats::new).record(micros, 10, failed, clock);
                if (failed) { // a few error texts per endpoint, as a run's failures are grouped
                    FailureStats f = new FailureStats(key.method(), key.name(), "HTTP 50" + random.nextInt(3), 1,
                            clock, clock);
                    failures.merge(f.key(), f, FailureStats::merge);
                }
                if (random.nextInt(200) == 0) {
                    String traceback = "at User.task(line " + random.nextInt(3) + ")";
                    exceptions.merge(traceback, new ExceptionStats(1, "boom", traceback,
                            new java.util.TreeSet<>(List.of(name))), ExceptionStats::merge);
                }
            }
        }

        StatsSnapshot snapshot() {
            return new StatsSnapshot("run-1", name, incarnation, "RUNNING", 3, Map.of("U", 3), clock,
                    new ArrayList<>(rows.values()), new ArrayList<>(failures.values()),
                    new ArrayList<>(exceptions.values()));
        }

        StatsBinary.Reply poll(RunningMerge merge) {
            return StatsBinary.decodeReply(served.encode(snapshot(), merge.baseFor(name)));
        }
    }

    private final RunningMerge merge = new RunningMerge(1);
    private final Map<String, StatsSnapshot> latest = new TreeMap<>();

    private void receive(Runner r, StatsBinary.Reply reply) {
        latest.put(r.name, reply.snapshot());
        merge.received(r.name, reply);
    }

    /** Merges this poll and checks it against a full merge of the latest snapshots; returns whether it added deltas. */
    private boolean mergeAndCheck() throws Exception {
        StatsSnapshot got = merge.merge("run-1", latest);
        StatsSnapshot want = StatsSnapshot.merge("run-1", latest.values());
        assertThat(got.entries()).extracting(EndpointStats::key).containsExactlyElementsOf(
                want.entries().stream().map(EndpointStats::key).toList());
        for (int i = 0; i < want.entries().size(); i++) {
            for (double p : new double[] {0.5, 0.9, 0.99, 0.999}) {
                assertThat(got.entries().get(i).percentileMs(p)).isEqualTo(want.entries().get(i).percentileMs(p));
            }
        }
        assertThat(got.total().percentileMs(0.99)).isEqualTo(want.total().percentileMs(0.99));
        assertThat(JSON.writeValueAsString(got)).isEqualTo(JSON.writeValueAsString(want));
        return merge.lastWasIncremental();
    }

    private List<Runner> runners(int n) {
        List<Runner> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(new Runner("r" + i, "i" + i, i));
        }
        return all;
    }

    private boolean pollAll(List<Runner> runners) throws Exception {
        for (Runner r : runners) {
            r.work();
            receive(r, r.poll(merge));
        }
        return mergeAndCheck();
    }

    @Test
    void afterAFullFirstPollEachPollAddsOnlyDeltasAndEqualsTheFullMerge() throws Exception {
        List<Runner> runners = runners(6);
        assertThat(pollAll(runners)).as("the first poll has nothing to add deltas to").isFalse();
        for (int poll = 0; poll < 8; poll++) {
            assertThat(pollAll(runners)).as("poll %d", poll).isTrue();
        }
    }

    @Test
    void aLostReplyOrARunnerThatDidNotAnswerKeepsItExact() throws Exception {
        List<Runner> runners = runners(4);
        pollAll(runners);
        pollAll(runners);
        // runner 1 answers, but its reply is lost (a timeout): it counts from the base it still holds next time
        runners.get(1).work();
        runners.get(1).poll(merge);
        runners.get(2).work(); // and runner 2 is not polled at all this time
        for (Runner r : List.of(runners.get(0), runners.get(3))) {
            r.work();
            receive(r, r.poll(merge));
        }
        assertThat(mergeAndCheck()).isTrue();
        assertThat(pollAll(runners)).isTrue();
    }

    @Test
    void aBaseTheRunnerNoLongerHoldsARestartedRunnerAJsonReplyOrANewRunnerMergeInFull() throws Exception {
        List<Runner> runners = runners(3);
        pollAll(runners);
        assertThat(pollAll(runners)).isTrue();

        // runner 0's replies lost more times than it keeps snapshots: no base left, so a full merge, then deltas again
        for (int i = 0; i <= ServedSnapshots.KEPT; i++) {
            runners.get(0).work();
            runners.get(0).poll(merge);
        }
        assertThat(pollAll(runners)).isFalse();
        assertThat(pollAll(runners)).isTrue();

        // runner 1 restarts: a new process numbers its snapshots from 1 again, with new counts
        Runner restarted = new Runner("r1", "i1-again", 99);
        for (int i = 0; i < 6; i++) {
            restarted.work();
            // numbers 1..6 served to nobody we know: the base asked for (the old process's 4) exists again
            restarted.served.encode(restarted.snapshot(), -1);
        }
        assertThat(merge.baseFor("r1")).isEqualTo(4);
        runners.set(1, restarted);
        assertThat(pollAll(runners)).isFalse();
        assertThat(pollAll(runners)).isTrue();

        // a runner before protocol 3 answers JSON: no numbers, no deltas, a full merge every time
        Runner old = runners.get(2);
        for (int poll = 0; poll < 2; poll++) {
            for (Runner r : runners) {
                r.work();
                receive(r, r == old ? StatsBinary.Reply.of(JSON.readValue(JSON.writeValueAsBytes(r.snapshot()),
                        StatsSnapshot.class)) : r.poll(merge));
            }
            assertThat(mergeAndCheck()).isFalse();
        }

        // a new runner joins: one full merge
        runners.add(new Runner("r9", "i9", 9));
        assertThat(pollAll(runners)).isFalse();
        assertThat(pollAll(runners)).isTrue();
    }

    /** The operator decodes and prepares replies on the HTTP client's threads, several at once, as they arrive. */
    @Test
    void repliesPreparedOnOtherThreadsAsTheyArriveMergeTheSame() throws Exception {
        List<Runner> runners = runners(40);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int poll = 0; poll < 6; poll++) {
                List<java.util.concurrent.Future<StatsBinary.Reply>> replies = new ArrayList<>();
                for (Runner r : runners) {
                    r.work();
                    byte[] body = r.served.encode(r.snapshot(), merge.baseFor(r.name));
                    replies.add(threads.submit(() -> {
                        StatsBinary.Reply reply = StatsBinary.decodeReply(body);
                        merge.prepare(reply);
                        return reply;
                    }));
                }
                for (int i = 0; i < runners.size(); i++) {
                    receive(runners.get(i), replies.get(i).get());
                }
                assertThat(mergeAndCheck()).as("poll %d adds deltas", poll).isEqualTo(poll > 0);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRunOfFewRunnersMergesInFullAndKeepsNoTotals() throws Exception {
        RunningMerge small = new RunningMerge();
        List<Runner> runners = runners(RunningMerge.MIN_RUNNERS - 1);
        for (int poll = 0; poll < 3; poll++) {
            Map<String, StatsSnapshot> snapshots = new TreeMap<>();
            for (Runner r : runners) {
                r.work();
                assertThat(small.baseFor(r.name)).as("no deltas asked").isEqualTo(-1);
                StatsBinary.Reply reply = r.poll(small);
                snapshots.put(r.name, reply.snapshot());
                small.received(r.name, reply);
            }
            StatsSnapshot got = small.merge("run-1", snapshots);
            assertThat(small.lastWasIncremental()).isFalse();
            assertThat(JSON.writeValueAsString(got))
                    .isEqualTo(JSON.writeValueAsString(StatsSnapshot.merge("run-1", snapshots.values())));
        }
    }

    /**
     * Random runs: runners that work unevenly, replies lost, runners not polled, restarted, answering JSON, joining
     * mid-run, endpoints and failure texts appearing late. Every poll equals the full merge of the latest snapshots,
     * percentiles, failures and exceptions included, and most polls still add deltas only.
     */
    @Test
    void everyPollOfRandomRunsEqualsAFullMergeOfTheLatestSnapshots() throws Exception {
        int incremental = 0;
        int polls = 0;
        for (long seed = 0; seed < 25; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            RunningMerge run = new RunningMerge(1);
            Map<String, StatsSnapshot> runLatest = new TreeMap<>();
            List<Runner> runners = new ArrayList<>();
            int count = 2 + random.nextInt(8);
            for (int i = 0; i < count; i++) {
                runners.add(new Runner("r" + i, "i" + i, seed * 100 + i));
            }
            for (int poll = 0; poll < 15; poll++) {
                for (int i = 0; i < runners.size(); i++) {
                    Runner r = runners.get(i);
                    int event = random.nextInt(40);
                    if (event == 0) { // restarted: a new process, new counts, numbers from 1 again
                        r = new Runner(r.name, r.incarnation + "'", random.nextLong());
                        runners.set(i, r);
                    }
                    if (random.nextInt(3) > 0) {
                        r.work();
                    }
                    if (event == 1) {
                        continue; // not polled this time
                    }
                    if (event == 2) { // answered, decoded (and its rows placed) too late: the poll went on without it
                        run.prepare(StatsBinary.decodeReply(r.served.encode(r.snapshot(), run.baseFor(r.name))));
                        continue;
                    }
                    StatsBinary.Reply reply = event == 3
                            ? StatsBinary.Reply.of(JSON.readValue(JSON.writeValueAsBytes(r.snapshot()), StatsSnapshot.class))
                            : StatsBinary.decodeReply(r.served.encode(r.snapshot(), run.baseFor(r.name)));
                    if (random.nextBoolean()) {
                        run.prepare(reply); // as the operator does on the thread that decoded it
                    }
                    runLatest.put(r.name, reply.snapshot());
                    run.received(r.name, reply);
                }
                if (random.nextInt(10) == 0) {
                    runners.add(new Runner("r" + runners.size(), "i" + runners.size(), random.nextLong()));
                }
                StatsSnapshot got = run.merge("run-1", runLatest);
                StatsSnapshot want = StatsSnapshot.merge("run-1", runLatest.values());
                assertThat(JSON.writeValueAsString(got)).as("seed %d poll %d", seed, poll)
                        .isEqualTo(JSON.writeValueAsString(want));
                for (int i = 0; i < want.entries().size(); i++) {
                    for (double p : new double[] {0.5, 0.95, 0.99}) {
                        assertThat(got.entries().get(i).percentileMs(p)).isEqualTo(want.entries().get(i).percentileMs(p));
                    }
                }
                polls++;
                incremental += run.lastWasIncremental() ? 1 : 0;
            }
        }
        assertThat(incremental).as("polls that added deltas only, of %d", polls).isGreaterThan(polls / 4);
    }

    @Test
    void deltasAreTheRequestsSinceTheBase() {
        Runner r = new Runner("r0", "i0", 5);
        r.work();
        StatsBinary.Reply first = StatsBinary.decodeReply(r.served.encode(r.snapshot(), -1));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.hasDeltas()).isFalse();
        long before = r.snapshot().total().numRequests();
        r.work();
        StatsBinary.Reply second = StatsBinary.decodeReply(r.served.encode(r.snapshot(), first.seq()));
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.base()).isEqualTo(1);
        long inDeltas = 0;
        for (byte[] d : second.deltas()) {
            inDeltas += d.length == 0 ? 0 : HistogramCodec.decode(java.util.Base64.getEncoder().encodeToString(d))
                    .getTotalCount();
        }
        assertThat(inDeltas).isEqualTo(r.snapshot().total().numRequests() - before).isEqualTo(30);
        // the cumulative snapshot travels whole beside the deltas
        assertThat(second.snapshot().total().numRequests()).isEqualTo(r.snapshot().total().numRequests());
    }
}
