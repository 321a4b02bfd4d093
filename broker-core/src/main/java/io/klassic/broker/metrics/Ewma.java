package io.klassic.broker.metrics;

import java.util.concurrent.TimeUnit;

/**
 * An exponentially weighted moving average of a rate, as Yammer's {@code EWMA} that Kafka's meters use: every
 * {@link #TICK_INTERVAL_NANOS} (5 s) the events of the interval become an instant rate, and the average moves towards
 * it by {@code alpha = 1 - exp(-5 s / window)}, so an event weighs {@code 1/e} after the window (1, 5 or 15 minutes).
 * The first tick takes the instant rate as it is. Not thread-safe: its {@link Meter} ticks it from one thread at a
 * time and reads the volatile rate from any.
 */
final class Ewma {
    static final long TICK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final double alpha;
    private volatile boolean initialized;
    /** Events per nanosecond. */
    private volatile double rate;

    private Ewma(double alpha) {
        this.alpha = alpha;
    }

    /** The average over a window of {@code minutes}. */
    static Ewma ofMinutes(int minutes) {
        return new Ewma(1 - Math.exp(-5.0 / 60.0 / minutes));
    }

    /** Ends an interval of {@link #TICK_INTERVAL_NANOS} in which {@code count} events happened. */
    void tick(long count) {
        double instantRate = count / (double) TICK_INTERVAL_NANOS;
        if (initialized) {
            rate += alpha * (instantRate - rate);
        } else {
            rate = instantRate;
            initialized = true;
        }
    }

    /** The rate in events per {@code unit}. */
    double rate(TimeUnit unit) {
        return rate * unit.toNanos(1);
    }
}
