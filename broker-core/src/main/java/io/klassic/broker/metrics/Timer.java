package io.klassic.broker.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * How often something happens and how long it takes, as a Yammer timer (event type "calls"): a {@link Meter} of the
 * calls per second and a {@link Histogram} of their durations, kept in nanoseconds and shown in milliseconds.
 * Thread-safe.
 */
public final class Timer implements TimerMBean {
    private static final double NANOS_PER_MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LongSupplier clock;
    private final Meter meter;
    private final Histogram durations = new Histogram();

    public Timer(LongSupplier clock) {
        this.clock = clock;
        this.meter = new Meter("calls", clock);
    }

    /** Records one call that took {@code nanos}. */
    public void update(long nanos) {
        if (nanos < 0) {
            return;
        }
        durations.update(nanos);
        meter.mark();
    }

    /** Runs {@code action} and records how long it took. */
    public void time(Runnable action) {
        long start = clock.getAsLong();
        try {
            action.run();
        } finally {
            update(clock.getAsLong() - start);
        }
    }

    @Override
    public TimeUnit getLatencyUnit() {
        return TimeUnit.MILLISECONDS;
    }

    @Override
    public long getCount() {
        return durations.getCount();
    }

    @Override
    public String getEventType() {
        return meter.getEventType();
    }

    @Override
    public TimeUnit getRateUnit() {
        return meter.getRateUnit();
    }

    @Override
    public double getMeanRate() {
        return meter.getMeanRate();
    }

    @Override
    public double getOneMinuteRate() {
        return meter.getOneMinuteRate();
    }

    @Override
    public double getFiveMinuteRate() {
        return meter.getFiveMinuteRate();
    }

    @Override
    public double getFifteenMinuteRate() {
        return meter.getFifteenMinuteRate();
    }

    @Override
    public double getMin() {
        return durations.getMin() / NANOS_PER_MS;
    }

    @Override
    public double getMax() {
        return durations.getMax() / NANOS_PER_MS;
    }

    @Override
    public double getMean() {
        return durations.getMean() / NANOS_PER_MS;
    }

    @Override
    public double getStdDev() {
        return durations.getStdDev() / NANOS_PER_MS;
    }

    @Override
    public double get50thPercentile() {
        return durations.get50thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double get75thPercentile() {
        return durations.get75thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double get95thPercentile() {
        return durations.get95thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double get98thPercentile() {
        return durations.get98thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double get99thPercentile() {
        return durations.get99thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double get999thPercentile() {
        return durations.get999thPercentile() / NANOS_PER_MS;
    }

    @Override
    public double[] values() {
        double[] values = durations.values();
        for (int i = 0; i < values.length; i++) {
            values[i] /= NANOS_PER_MS;
        }
        return values;
    }
}
