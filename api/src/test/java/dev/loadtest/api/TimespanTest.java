package dev.loadtest.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimespanTest {

    @ParameterizedTest
    @CsvSource({"20,20", "20s,20", "3m,180", "2h,7200", "1h30m,5400", "3h30m10s,12610", "250ms,0.25", "1.5s,1.5"})
    void parsesLocustTimespans(String text, double seconds) {
        assertThat(Timespan.parseSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "10x", "1h 30m", "-5s"})
    void rejectsOtherText(String text) {
        assertThatThrownBy(() -> Timespan.parseSeconds(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1h30m");
    }
}
