package dev.loadtest.api.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class SecondCountsTest {

    /** The obvious model: every second ever counted, trimmed to the window ending at the newest one. */
    private static final class Model {
        final NavigableMap<Long, long[]> seconds = new TreeMap<>();

        void add(long second, long r, long f) {
            if (r == 0 && f == 0) {
                return;
            }
            long[] c = seconds.computeIfAbsent(second, s -> new long[2]);
            c[0] += r;
            c[1] += f;
            seconds.headMap(seconds.lastKey() - SecondCounts.SLOTS, true).clear();
        }

        long sum(int index, long from, long to) {
            return seconds.subMap(from, true, to, false).values().stream().mapToLong(c -> c[index]).sum();
        }
    }

    @Test
    void agreesWithTheObviousModelUnderRandomAddsAndMerges() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            SecondCounts a = new SecondCounts();
            SecondCounts b = new SecondCounts();
            Model ma = new Model();
            Model mb = new Model();
            long base = 1_000 + random.nextInt(100);
            for (int i = 0; i < 60; i++) {
                long second = base + random.nextInt(50);
                long r = random.nextInt(4);
                long f = random.nextInt(2);
                if (random.nextBoolean()) {
                    a.add(second, r, f);
                    ma.add(second, r, f);
                } else {
                    b.add(second, r, f);
                    mb.add(second, r, f);
                }
            }
            a.addAll(b);
            mb.seconds.forEach((s, c) -> ma.add(s, c[0], c[1]));
            for (long from = base - 5; from < base + 55; from += 3) {
                for (int index = 0; index < 2; index++) {
                    assertThat(a.sum(index, from, from + 10)).as("trial %d from %d", trial, from)
                            .isEqualTo(ma.sum(index, from, from + 10));
                }
            }
        }
    }

    @Test
    void ringsOfTheSameSecondAddSlotForSlot() {
        SecondCounts a = new SecondCounts();
        SecondCounts b = new SecondCounts();
        for (long s = 100; s < 140; s++) {
            a.add(s, 1, 0);
            b.add(s, 2, 1);
        }
        a.addAll(b);
        assertThat(a.sum(0, 130, 140)).isEqualTo(30);
        assertThat(a.sum(1, 130, 140)).isEqualTo(10);
        assertThat(a.sum(0, 0, 119)).isZero(); // before the window ending at 139
        assertThat(a.populated()).isEqualTo(SecondCounts.SLOTS);
    }

    @Test
    void survivesJsonAsTheWindowOldestFirst() throws Exception {
        SecondCounts counts = new SecondCounts();
        counts.add(500, 3, 1);
        counts.add(503, 4, 0);
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(counts);
        assertThat(json).isEqualTo("{\"newest\":503,\"requests\":[3,0,0,4],\"failures\":[1,0,0,0]}");
        SecondCounts back = mapper.readValue(json, SecondCounts.class);
        assertThat(back.sum(0, 0, 1_000)).isEqualTo(7);
        assertThat(back.sum(1, 500, 501)).isEqualTo(1);
        assertThat(mapper.writeValueAsString(back)).isEqualTo(json);
    }

    /** Any window read (leading or trailing empty seconds, longer than the ring, a missing array) is its seconds added in order. */
    @Test
    void aWindowReadIsItsSecondsAddedOneByOne() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 2_000; round++) {
            int n = random.nextInt(30);
            long[] requests = random.nextInt(10) == 0 ? null : new long[n];
            long[] failures = random.nextInt(10) == 0 ? null : new long[random.nextInt(3) == 0 ? random.nextInt(30) : n];
            for (long[] values : new long[][] {requests, failures}) {
                for (int i = 0; values != null && i < values.length; i++) {
                    values[i] = random.nextInt(3) == 0 ? 0 : random.nextInt(1_000);
                }
            }
            long newest = 1_700_000_000L + random.nextInt(100);
            Model model = new Model();
            int length = Math.max(requests == null ? 0 : requests.length, failures == null ? 0 : failures.length);
            for (int i = 0; i < length; i++) {
                model.add(newest - length + 1 + i, requests != null && i < requests.length ? requests[i] : 0,
                        failures != null && i < failures.length ? failures[i] : 0);
            }
            SecondCounts read = SecondCounts.fromJson(newest, requests, failures);
            for (long from = newest - 40; from <= newest + 1; from++) {
                assertThat(read.sum(0, from, from + 1)).as("round %d second %d", round, from).isEqualTo(model.sum(0, from, from + 1));
                assertThat(read.sum(1, from, from + 1)).as("round %d second %d", round, from).isEqualTo(model.sum(1, from, from + 1));
            }
            assertThat(read.populated()).isEqualTo(model.seconds.size());
            if (!model.seconds.isEmpty()) {
                assertThat(read.jsonNewest()).isEqualTo(model.seconds.lastKey());
            }
        }
    }

    @Test
    void anEmptyRingIsEmptyInJson() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        String json = mapper.writeValueAsString(new SecondCounts());
        assertThat(mapper.readValue(json, SecondCounts.class).populated()).isZero();
    }
}
