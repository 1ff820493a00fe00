package dev.transfermonitor.bench;

import java.util.Arrays;
import java.util.List;

/** Median, min and max of one figure over the rounds (the median of an even count is the mean of the middle two). */
record Summary(double median, double min, double max) {

    static Summary of(List<Double> values) {
        double[] sorted = values.stream()
                .filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue)
                .sorted()
                .toArray();
        if (sorted.length == 0) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN);
        }
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Summary(median, sorted[0], sorted[n - 1]);
    }

    static Summary of(double... values) {
        return of(Arrays.stream(values).boxed().toList());
    }
}
