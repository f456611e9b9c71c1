package dev.loadtest.runner.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The open model's timetable, driven with explicit times: no clock, no threads. */
class ArrivalScheduleTest {

    private static final long MS = 1_000_000;
    private static final long T0 = 5_000 * MS;

    @Test
    void iterationsFallDueAtTheRateOneAfterAnother() {
        ArrivalSchedule s = new ArrivalSchedule(100, T0); // one every 10 ms
        assertThat(s.claim(T0)).isEqualTo(new ArrivalSchedule.Claim(true, T0));
        assertThat(s.claim(T0)).isEqualTo(new ArrivalSchedule.Claim(false, T0 + 10 * MS));
        assertThat(s.claim(T0 + 10 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 10 * MS));
        // a user arriving late gets the iteration that was due, and its due time, so its lag can be measured
        assertThat(s.claim(T0 + 35 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 20 * MS));
        assertThat(s.claim(T0 + 35 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 30 * MS));
        assertThat(s.claim(T0 + 35 * MS).run()).isFalse();
        assertThat(s.iterations()).isEqualTo(4);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void aRunThatKeepsUpStartsExactlyRateTimesElapsedIterations() {
        ArrivalSchedule s = new ArrivalSchedule(333.3, T0);
        long now = T0;
        for (long end = T0 + 60_000 * MS; now < end; now += MS) { // a user asking every millisecond for a minute
            while (s.claim(now).run()) {
                // started
            }
        }
        // due at T0 + k / rate for k = 0 .. floor(59.999 s * 333.3)
        assertThat(s.iterations()).isEqualTo((long) Math.floor(59.999 * 333.3) + 1);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void iterationsStillUnclaimedASecondAfterTheirTimeAreDropped() {
        ArrivalSchedule s = new ArrivalSchedule(100, T0);
        assertThat(s.claim(T0).run()).isTrue(); // iteration 0 starts, then every user is busy for 3 s
        long back = T0 + 3000 * MS;
        ArrivalSchedule.Claim late = s.claim(back);
        // iterations 1 .. 199 were due more than a second before: dropped; iteration 200 (due at 2 s) starts, 1 s late
        assertThat(late).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 2000 * MS));
        assertThat(s.dropped()).isEqualTo(199);
        assertThat(s.iterations()).isEqualTo(2);
        // the rest of the backlog, due within the last second, runs as fast as users take it
        int caughtUp = 0;
        while (s.claim(back).run()) {
            caughtUp++;
        }
        assertThat(caughtUp).isEqualTo(100); // due at 2.01 s .. 3.00 s
        assertThat(s.iterations() + s.dropped()).isEqualTo(301); // everything due by 3 s, once
    }

    @Test
    void aRateChangeTakesEffectFromTheNextIterationAndKeepsALateOneLate() {
        ArrivalSchedule s = new ArrivalSchedule(10, T0); // every 100 ms
        assertThat(s.claim(T0).run()).isTrue();
        s.setRate(1000, T0 + 50 * MS); // next was due at 100 ms: still is, then every 1 ms
        assertThat(s.claim(T0 + 50 * MS)).isEqualTo(new ArrivalSchedule.Claim(false, T0 + 100 * MS));
        assertThat(s.claim(T0 + 100 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 100 * MS));
        assertThat(s.claim(T0 + 101 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 101 * MS));
        assertThat(s.rate()).isEqualTo(1000);
    }

    @Test
    void aRateOfZeroStartsNothingUntilARateIsGiven() {
        ArrivalSchedule s = new ArrivalSchedule(0, T0);
        assertThat(s.claim(T0 + 10_000 * MS)).isEqualTo(new ArrivalSchedule.Claim(false,
                T0 + 10_000 * MS + ArrivalSchedule.MAX_WAIT_NANOS));
        s.setRate(2, T0 + 20_000 * MS);
        assertThat(s.claim(T0 + 20_000 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 20_000 * MS));
        assertThat(s.claim(T0 + 20_400 * MS)).isEqualTo(new ArrivalSchedule.Claim(false, T0 + 20_500 * MS));
        assertThat(s.iterations()).isEqualTo(1);
        assertThat(s.dropped()).isZero();
    }

    @Test
    void overdueIterationsCountAsDroppedBeforeAnyClaimComesToDropThem() {
        ArrivalSchedule s = new ArrivalSchedule(10, T0);
        assertThat(s.claim(T0).run()).isTrue(); // then every user is busy
        // due at 100 .. 1500 ms; at 2.5 s those due before 1.5 s are more than a second late
        assertThat(s.dropped(T0 + 2500 * MS)).isEqualTo(14);
        assertThat(s.dropped()).isZero();
        assertThat(s.claim(T0 + 2500 * MS)).isEqualTo(new ArrivalSchedule.Claim(true, T0 + 1500 * MS));
        assertThat(s.dropped()).isEqualTo(14);
    }

    @Test
    void closingDropsWhatWasDueAndNotStartedSoThatEverythingDueIsAccountedFor() {
        ArrivalSchedule s = new ArrivalSchedule(10, T0);
        assertThat(s.claim(T0).run()).isTrue();
        assertThat(s.claim(T0 + 250 * MS).run()).isTrue();
        s.close(T0 + 950 * MS); // due by then: 0 .. 900 ms, ten in all
        assertThat(s.iterations()).isEqualTo(2);
        assertThat(s.dropped(T0 + 5000 * MS)).isEqualTo(8);
        assertThat(s.claim(T0 + 5000 * MS).run()).isFalse();
        s.setRate(50, T0 + 5000 * MS);
        assertThat(s.claim(T0 + 6000 * MS).run()).isFalse();
    }
}
