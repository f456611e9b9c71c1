package dev.loadtest.runner.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SwarmFormTest {

    @Test
    void readsLocustsFormFieldsUrlDecoded() {
        SwarmForm f = SwarmForm.parse("user_count=50&spawn_rate=2.5&host=http%3A%2F%2F127.0.0.1%3A8080&run_time=1h30m");
        assertThat(f).isEqualTo(new SwarmForm(50, 2.5, "http://127.0.0.1:8080", 5400.0));
    }

    @Test
    void anEmptyHostOrRunTimeMeansNone() {
        assertThat(SwarmForm.parse("user_count=1&spawn_rate=1&host=&run_time=")).isEqualTo(new SwarmForm(1, 1, null, null));
    }

    @Test
    void badOrMissingFieldsAreNamedWithWhatTheyTake() {
        assertThatThrownBy(() -> SwarmForm.parse("spawn_rate=1")).hasMessage(
                "user_count is missing: the form needs user_count and spawn_rate");
        assertThatThrownBy(() -> SwarmForm.parse("user_count=abc&spawn_rate=1")).hasMessage(
                "user_count: 'abc' is not a whole number of users (0 or more)");
        assertThatThrownBy(() -> SwarmForm.parse("user_count=1&spawn_rate=0")).hasMessage(
                "spawn_rate: '0' is not a rate above 0 (users per second)");
        assertThatThrownBy(() -> SwarmForm.parse("user_count=1&spawn_rate=1&run_time=soon"))
                .hasMessageStartingWith("run_time: 'soon' is not a timespan");
    }
}
