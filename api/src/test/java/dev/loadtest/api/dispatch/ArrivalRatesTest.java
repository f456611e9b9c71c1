package dev.loadtest.api.dispatch;

import dev.loadtest.api.control.UserClassInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArrivalRatesTest {

    private static final List<UserClassInfo> ONE_CLASS = List.of(new UserClassInfo("Shop", 1, 0));

    @ParameterizedTest(name = "{0}/s over {1} users on {2} runners -> {3}")
    @CsvSource(delimiter = ';', value = {
            "100; 10; 2; 50.0 50.0",
            "90; 3; 2; 60.0 30.0",         // the first runner has 2 of the 3 users
            "100; 4; 4; 25.0 25.0 25.0 25.0",
            "10; 1; 3; 10.0 0.0 0.0",      // runners without users get no rate
            "0; 6; 3; 0.0 0.0 0.0",
            "1000; 7; 1; 1000.0",
            "0.5; 2; 2; 0.25 0.25",
    })
    void splitsTheRateInProportionToEachRunnersCeiling(double rate, int users, int runners, String expected) {
        List<Map<String, Integer>> split = UserDispatch.split(ONE_CLASS, users, runners);
        List<Double> shares = ArrivalRates.split(rate, split);
        assertThat(shares).containsExactlyElementsOf(Arrays.stream(expected.split(" ")).map(Double::valueOf).toList());
    }

    @Test
    void sharesAddUpToTheRateExactly() {
        for (int runners = 1; runners <= 13; runners++) {
            List<Double> shares = ArrivalRates.split(1000.0 / 3, UserDispatch.split(ONE_CLASS, 97, runners));
            double sum = 0;
            for (double s : shares) {
                sum += s;
            }
            assertThat(sum).as("%d runners", runners).isEqualTo(1000.0 / 3);
        }
    }

    @Test
    void theClosedModelHasNoRateOnAnyRunner() {
        assertThat(ArrivalRates.split(null, UserDispatch.split(ONE_CLASS, 4, 2))).containsExactly(null, null);
    }

    @Test
    void aNegativeRateIsRefused() {
        assertThatThrownBy(() -> ArrivalRates.split(-1.0, UserDispatch.split(ONE_CLASS, 4, 2)))
                .hasMessageContaining("arrival rate must be 0 or more");
    }
}
