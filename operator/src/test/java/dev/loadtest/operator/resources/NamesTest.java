package dev.loadtest.operator.resources;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    private static final String DNS_1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";

    @Test
    void shortNamesAreKeptAndCarryTheRunId() {
        assertThat(Names.runnerJob("checkout", "a1b2c3")).isEqualTo("checkout-a1b2c3");
        assertThat(Names.tokenSecret("checkout", "a1b2c3")).isEqualTo("checkout-a1b2c3-token");
        assertThat(Names.loadfileConfigMap("checkout", "a1b2c3")).isEqualTo("checkout-a1b2c3-loadfile");
    }

    @Test
    void longNamesAreShortenedToValidDistinctLabels() {
        String a = "a".repeat(40) + "-checkout-against-the-staging-environment";
        String b = "a".repeat(40) + "-checkout-against-the-production-environment";
        for (String name : new String[]{a, b, "x".repeat(253), "dots.in.a.name"}) {
            for (String child : new String[]{Names.runnerJob(name, "a1b2c3"), Names.tokenSecret(name, "a1b2c3"),
                    Names.loadfileConfigMap(name, "a1b2c3")}) {
                assertThat(child).hasSizeLessThanOrEqualTo(Names.MAX_LENGTH).matches(DNS_1123_LABEL);
            }
        }
        assertThat(Names.runnerJob(a, "a1b2c3")).isNotEqualTo(Names.runnerJob(b, "a1b2c3")).endsWith("-a1b2c3");
        assertThat(Names.loadfileConfigMap(a, "a1b2c3")).endsWith("-a1b2c3-loadfile");
    }

    @Test
    void labelValuesFitSixtyThreeCharacters() {
        assertThat(Names.labelValue("checkout")).isEqualTo("checkout");
        String long1 = "n".repeat(100);
        assertThat(Names.labelValue(long1)).hasSize(63).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
        assertThat(Names.labelValue(long1)).isNotEqualTo(Names.labelValue(long1 + "x"));
    }
}
