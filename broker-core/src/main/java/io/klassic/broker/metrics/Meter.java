package io.klassic.broker.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts events and their rate, as a Yammer meter: the count since creation, the mean rate since creation and
 * exponentially weighted 1-, 5- and 15-minute rates (see {@link Ewma}), per second. Marking adds to two
 * {@link LongAdder}s and, once per 5 s interval, ticks the averages (the thread that wins a compare-and-set on the
 * interval start does it, catching up the intervals nobody marked in); it takes no lock and allocates nothing. Time
 * comes from an injected nanosecond clock. Thread-safe.
 */
public final class Meter implements MeterMBean {
    private final String eventType;
    private final LongSupplier clock;
    private final long startNanos;
    private final LongAdder count = new LongAdder();
    /** Events not yet folded into the moving averages. */
    private final LongAdder uncounted = new LongAdder();
    private final AtomicLong lastTick;
    private final Ewma m1 = Ewma.ofMinutes(1);
    private final Ewma m5 = Ewma.ofMinutes(5);
    private final Ewma m15 = Ewma.ofMinutes(15);

    /**
     * @param eventType what is counted ("messages", "bytes", "requests"), shown as the EventType attribute
     * @param clock     monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
     */
    public Meter(String eventType, LongSupplier clock) {
        this.eventType = eventType;
        this.clock = clock;
        this.startNanos = clock.getAsLong();
        this.lastTick = new AtomicLong(startNanos);
    }

    /** One event. */
    public void mark() {
        mark(1, clock.getAsLong());
    }

    /** {@code n} events. */
    public void mark(long n) {
        mark(n, clock.getAsLong());
    }

    /** {@code n} events at {@code nowNanos} (of this meter's clock): lets a caller marking several meters read the clock once. */
    public void mark(long n, long nowNanos) {
        tickIfNecessary(nowNanos);
        count.add(n);
        uncounted.add(n);
    }

    private void tickIfNecessary(long nowNanos) {
        long oldTick = lastTick.get();
        long age = nowNanos - oldTick;
        if (age > Ewma.TICK_INTERVAL_NANOS) {
            long newTick = nowNanos - age % Ewma.TICK_INTERVAL_NANOS;
            if (lastTick.compareAndSet(oldTick, newTick)) {
                long ticks = age / Ewma.TICK_INTERVAL_NANOS;
                // The events so far belong to the first interval that ends; the intervals after it were empty.
                long events = uncounted.sumThenReset();
                for (long i = 0; i < ticks; i++) {
                    m1.tick(events);
                    m5.tick(events);
                    m15.tick(events);
                    events = 0;
                }
            }
        }
    }

    @Override
    public long getCount() {
        return count.sum();
    }

    @Override
    public String getEventType() {
        return eventType;
    }

    @Override
    public TimeUnit getRateUnit() {
        return TimeUnit.SECONDS;
    }

    @Override
    public double getMeanRate() {
        long events = count.sum();
        if (events == 0) {
            return 0.0;
        }
        long elapsed = clock.getAsLong() - startNanos;
        return elapsed <= 0 ? 0.0 : events / (double) elapsed * TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public double getOneMinuteRate() {
        tickIfNecessary(clock.getAsLong());
        return m1.rate(TimeUnit.SECONDS);
    }

    @Override
    public double getFiveMinuteRate() {
        tickIfNecessary(clock.getAsLong());
        return m5.rate(TimeUnit.SECONDS);
    }

    @Override
    public double getFifteenMinuteRate() {
        tickIfNecessary(clock.getAsLong());
        return m15.rate(TimeUnit.SECONDS);
    }
}
