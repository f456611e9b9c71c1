package dev.loadtest;

import org.junit.jupiter.api.Test;

import java.util.DoubleSummaryStatistics;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class WaitTimeTest {

    @Test
    void constantIsConstant() {
        assertThat(WaitTime.constant(1.5).next(0.2)).isEqualTo(1.5);
    }

    @Test
    void betweenIsUniformOnTheHalfOpenRange() {
        WaitTime w = WaitTime.between(1, 3);
        DoubleSummaryStatistics s = IntStream.range(0, 100_000).mapToDouble(i -> w.next(0)).summaryStatistics();
        assertThat(s.getMin()).isGreaterThanOrEqualTo(1.0);
        assertThat(s.getMax()).isLessThan(3.0);
        assertThat(s.getAverage()).isCloseTo(2.0, within(0.02));
    }

    @Test
    void constantPacingSubtractsTheTaskTimeAndNeverCatchesUp() {
        WaitTime w = WaitTime.constantPacing(2);
        assertThat(w.next(0.5)).isEqualTo(1.5);
        assertThat(w.next(2.5)).isZero();
        assertThat(w.next(0.0)).isEqualTo(2.0);
    }

    @Test
    void constantThroughputIsPacingAtOneOverTheRate() {
        assertThat(WaitTime.constantThroughput(4).next(0.1)).isCloseTo(0.15, within(1e-12));
    }

    @Test
    void nonsenseArgumentsAreRejectedWithTheCall() {
        assertThatThrownBy(() -> WaitTime.between(3, 1)).hasMessageContaining("max is below min");
        assertThatThrownBy(() -> WaitTime.constant(-1)).hasMessageContaining("0 or more");
        assertThatThrownBy(() -> WaitTime.constantThroughput(0)).hasMessageContaining("above 0");
    }
}
