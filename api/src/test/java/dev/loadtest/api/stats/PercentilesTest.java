package dev.loadtest.api.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void labelsMatchLocustsColumnHeaders() {
        assertThat(Percentiles.TO_REPORT.stream().map(Percentiles::label).toList())
                .containsExactly("50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%");
    }
}
