package dev.transfermonitor.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of latencies in milliseconds. */
record Percentiles(int count, double p50, double p99, double p999, double max) {

    static Percentiles of(long[] samplesMillis) {
        if (samplesMillis.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = samplesMillis.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), rank(sorted, 0.999), sorted[sorted.length - 1]);
    }

    private static double rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
