package dev.loadtest.operator.results;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThinnedSeriesTest {

    @Test
    void keepsEverythingUntilFullThenEveryOtherItemEvenlySpaced() {
        ThinnedSeries<Integer> series = new ThinnedSeries<>(4);
        IntStream.range(0, 4).forEach(series::add);
        assertThat(series.items()).containsExactly(0, 1, 2, 3);

        series.add(4); // full: halved to 0, 2, then 4 kept, and from now on every other one
        assertThat(series.items()).containsExactly(0, 2, 4);
        series.add(5);
        series.add(6);
        assertThat(series.items()).containsExactly(0, 2, 4, 6);

        IntStream.range(7, 1000).forEach(series::add);
        List<Integer> kept = series.items();
        assertThat(kept).hasSizeLessThanOrEqualTo(4).startsWith(0);
        int step = kept.get(1) - kept.get(0);
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i) - kept.get(i - 1)).as("evenly spaced").isEqualTo(step);
        }
    }

    @Test
    void aBoundBelowTwoIsRefused() {
        assertThatThrownBy(() -> new ThinnedSeries<String>(1)).hasMessageContaining("at least 2");
    }
}
