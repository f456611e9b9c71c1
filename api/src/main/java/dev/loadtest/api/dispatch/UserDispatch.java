package dev.loadtest.api.dispatch;

import dev.loadtest.api.control.UserClassInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits users over user classes and runners, as Locust's dispatcher does: fixed-count classes first, then
 * weighted classes in a smooth, deterministic order that tracks the weights at every prefix (ties broken by
 * class name), and user i goes to runner i mod N, so every runner runs whole users and the remainder goes
 * to the first runners.
 */
public final class UserDispatch {

    private UserDispatch() {
    }

    /** The sequence of user classes in the order users are started, for {@code users} users. */
    public static List<String> sequence(List<UserClassInfo> classes, int users) {
        List<UserClassInfo> sorted = new ArrayList<>(classes);
        sorted.sort(Comparator.comparing(UserClassInfo::name));
        List<String> order = new ArrayList<>(users);
        for (UserClassInfo c : sorted) {
            for (int i = 0; i < c.fixedCount() && order.size() < users; i++) {
                order.add(c.name());
            }
        }
        List<UserClassInfo> weighted = sorted.stream().filter(c -> c.fixedCount() == 0 && c.weight() > 0).toList();
        if (weighted.isEmpty()) {
            return order;
        }
        double totalWeight = weighted.stream().mapToDouble(UserClassInfo::weight).sum();
        double[] current = new double[weighted.size()];
        // Smooth weighted round robin: each step every class gains its weight, the richest is picked and
        // pays the total. The running mix never strays more than one user from the exact proportions.
        while (order.size() < users) {
            int best = 0;
            for (int i = 0; i < current.length; i++) {
                current[i] += weighted.get(i).weight();
                if (current[i] > current[best] + 1e-12) {
                    best = i;
                }
            }
            current[best] -= totalWeight;
            order.add(weighted.get(best).name());
        }
        return order;
    }

    /** Users per class for one process running all {@code users}. */
    public static Map<String, Integer> counts(List<UserClassInfo> classes, int users) {
        return split(classes, users, 1).getFirst();
    }

    /** Users per class for each of {@code runners} runners. */
    public static List<Map<String, Integer>> split(List<UserClassInfo> classes, int users, int runners) {
        if (runners < 1) {
            throw new IllegalArgumentException("runners must be at least 1, was " + runners);
        }
        List<Map<String, Integer>> perRunner = new ArrayList<>(runners);
        for (int r = 0; r < runners; r++) {
            Map<String, Integer> counts = new TreeMap<>();
            classes.forEach(c -> counts.put(c.name(), 0));
            perRunner.add(counts);
        }
        List<String> order = sequence(classes, users);
        for (int i = 0; i < order.size(); i++) {
            perRunner.get(i % runners).merge(order.get(i), 1, Integer::sum);
        }
        return perRunner;
    }

    /** Each runner's share of the spawn rate, in proportion to its users, so all finish ramping together. */
    public static List<Double> spawnRates(double spawnRate, List<Map<String, Integer>> split) {
        int total = split.stream().mapToInt(UserDispatch::sum).sum();
        List<Double> rates = new ArrayList<>(split.size());
        for (Map<String, Integer> counts : split) {
            rates.add(total == 0 ? spawnRate / split.size() : spawnRate * sum(counts) / total);
        }
        return rates;
    }

    private static int sum(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Orders a map of counts by class name, for stable output. */
    public static Map<String, Integer> sorted(Map<String, Integer> counts) {
        return new LinkedHashMap<>(new TreeMap<>(counts));
    }
}
