package dev.transfermonitor.bench;

import java.util.ArrayList;
import java.util.List;

/** The order of the configurations in each round. */
final class Rounds {

    private Rounds() {}

    /**
     * {@code configs} rotated for round {@code round} (1-based) of {@code rounds}: the starts are
     * spread evenly over the list, so no configuration always runs first (on the coldest JIT and page cache).
     */
    static <T> List<T> rotated(List<T> configs, int round, int rounds) {
        int n = configs.size();
        if (n == 0) {
            return List.of();
        }
        int start = (int) ((long) (round - 1) * n / rounds) % n;
        List<T> order = new ArrayList<>(configs.subList(start, n));
        order.addAll(configs.subList(0, start));
        return order;
    }
}
