package dev.loadtest.api.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits an open-model run's arrival rate (iterations started per second across all runners) over its runners, in
 * proportion to each runner's ceiling of users, so that every runner is as loaded as the others: a runner given
 * more users by {@link UserDispatch#split} (the remainder goes to the first runners) gets as much more of the rate.
 * A runner with no users gets no rate, since it could start nothing. Pure.
 */
public final class ArrivalRates {

    private ArrivalRates() {
    }

    /**
     * Each runner's share of {@code rate}, in runner order; the shares add up to {@code rate} (to the last bit of a
     * double, the last runner with users taking what rounding left). Null {@code rate} (the closed model) gives null
     * for every runner.
     *
     * @param split users per class for each runner, as {@link UserDispatch#split} gives them
     */
    public static List<Double> split(Double rate, List<Map<String, Integer>> split) {
        List<Double> shares = new ArrayList<>(split.size());
        if (rate == null) {
            split.forEach(s -> shares.add(null));
            return shares;
        }
        if (!(rate >= 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("arrival rate must be 0 or more, was " + rate);
        }
        long total = 0;
        int lastWithUsers = -1;
        for (int i = 0; i < split.size(); i++) {
            int users = users(split.get(i));
            total += users;
            if (users > 0) {
                lastWithUsers = i;
            }
        }
        double given = 0;
        for (int i = 0; i < split.size(); i++) {
            int users = users(split.get(i));
            double share;
            if (users == 0) {
                share = 0;
            } else if (i == lastWithUsers) {
                share = Math.max(0, rate - given);
            } else {
                share = rate * users / total;
            }
            given += share;
            shares.add(share);
        }
        return shares;
    }

    private static int users(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
