package io.klassic.broker.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * The distribution of a value (a request's time in ms, its size in bytes): count, min, max, mean and standard deviation
 * over every update, and percentiles over the last {@link #RESERVOIR_SIZE} updates (Yammer's sample size), kept in a
 * fixed ring of longs so that an update allocates nothing and takes no lock: a slot is claimed by incrementing the
 * count, the value stored in it, and sums and extremes go to adders and accumulators. Percentiles are interpolated as
 * Yammer's {@code Snapshot.getValue} does. Thread-safe.
 */
public final class Histogram implements HistogramMBean {
    public static final int RESERVOIR_SIZE = 1028;

    private final AtomicLong count = new AtomicLong();
    private final AtomicLongArray window = new AtomicLongArray(RESERVOIR_SIZE);
    private final DoubleAdder sum = new DoubleAdder();
    private final DoubleAdder sumOfSquares = new DoubleAdder();
    private final LongAccumulator min = new LongAccumulator(Math::min, Long.MAX_VALUE);
    private final LongAccumulator max = new LongAccumulator(Math::max, Long.MIN_VALUE);

    public void update(long value) {
        long n = count.getAndIncrement();
        window.lazySet((int) (n % RESERVOIR_SIZE), value);
        sum.add(value);
        sumOfSquares.add((double) value * value);
        min.accumulate(value);
        max.accumulate(value);
    }

    @Override
    public long getCount() {
        return count.get();
    }

    @Override
    public double getMin() {
        return count.get() > 0 ? min.get() : 0.0;
    }

    @Override
    public double getMax() {
        return count.get() > 0 ? max.get() : 0.0;
    }

    @Override
    public double getMean() {
        long n = count.get();
        return n > 0 ? sum.sum() / n : 0.0;
    }

    @Override
    public double getStdDev() {
        long n = count.get();
        if (n <= 1) {
            return 0.0;
        }
        double s = sum.sum();
        double variance = (sumOfSquares.sum() - s * s / n) / (n - 1);
        return variance > 0 ? Math.sqrt(variance) : 0.0;
    }

    @Override
    public double get50thPercentile() {
        return percentile(0.5);
    }

    @Override
    public double get75thPercentile() {
        return percentile(0.75);
    }

    @Override
    public double get95thPercentile() {
        return percentile(0.95);
    }

    @Override
    public double get98thPercentile() {
        return percentile(0.98);
    }

    @Override
    public double get99thPercentile() {
        return percentile(0.99);
    }

    @Override
    public double get999thPercentile() {
        return percentile(0.999);
    }

    @Override
    public double[] values() {
        int size = (int) Math.min(count.get(), RESERVOIR_SIZE);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = window.get(i);
        }
        Arrays.sort(values);
        return values;
    }

    /** The {@code quantile} (0..1) of the recent values, 0 when there are none. */
    public double percentile(double quantile) {
        return quantile(values(), quantile);
    }

    /** Yammer's {@code Snapshot.getValue}: linear interpolation between the sorted values around {@code quantile * (n + 1)}. */
    static double quantile(double[] sorted, double quantile) {
        if (quantile < 0.0 || quantile > 1.0) {
            throw new IllegalArgumentException("The quantile must be within [0, 1], got " + quantile);
        }
        if (sorted.length == 0) {
            return 0.0;
        }
        double pos = quantile * (sorted.length + 1);
        if (pos < 1) {
            return sorted[0];
        }
        if (pos >= sorted.length) {
            return sorted[sorted.length - 1];
        }
        double lower = sorted[(int) pos - 1];
        double upper = sorted[(int) pos];
        return lower + (pos - Math.floor(pos)) * (upper - lower);
    }
}
