package io.klassic.broker.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Histogram statistics and Yammer's percentile interpolation; the timer's milliseconds. */
class HistogramTest {
    private static final double EPSILON = 1e-9;

    @Test
    void emptyHistogramReportsZeros() {
        Histogram histogram = new Histogram();
        assertEquals(0, histogram.getCount());
        assertEquals(0.0, histogram.getMin());
        assertEquals(0.0, histogram.getMax());
        assertEquals(0.0, histogram.getMean());
        assertEquals(0.0, histogram.getStdDev());
        assertEquals(0.0, histogram.get99thPercentile());
    }

    @Test
    void statisticsOfOneToAHundred() {
        Histogram histogram = new Histogram();
        for (int i = 100; i >= 1; i--) {
            histogram.update(i);
        }
        assertEquals(100, histogram.getCount());
        assertEquals(1.0, histogram.getMin());
        assertEquals(100.0, histogram.getMax());
        assertEquals(50.5, histogram.getMean(), EPSILON);
        // Sample standard deviation: sqrt(sum((x - 50.5)^2) / 99).
        assertEquals(Math.sqrt(83325.0 / 99), histogram.getStdDev(), 1e-9);
        // Yammer: position q * (n + 1), interpolated between its neighbours.
        assertEquals(50.5, histogram.get50thPercentile(), EPSILON);
        assertEquals(75.75, histogram.get75thPercentile(), EPSILON);
        assertEquals(95.95, histogram.get95thPercentile(), EPSILON);
        assertEquals(98.98, histogram.get98thPercentile(), EPSILON);
        assertEquals(99.99, histogram.get99thPercentile(), EPSILON);
        assertEquals(100.0, histogram.get999thPercentile(), EPSILON);
        assertEquals(100, histogram.values().length);
    }

    @Test
    void percentilesComeFromTheLatestUpdatesAndTheRestFromAll() {
        Histogram histogram = new Histogram();
        int total = Histogram.RESERVOIR_SIZE * 2;
        for (int i = 0; i < total; i++) {
            histogram.update(i);
        }
        double[] values = histogram.values();
        assertEquals(Histogram.RESERVOIR_SIZE, values.length);
        assertEquals(Histogram.RESERVOIR_SIZE, values[0], "the oldest updates left the window");
        assertEquals(total - 1, values[values.length - 1]);
        assertEquals(0.0, histogram.getMin(), "the minimum is over every update");
        assertEquals(total, histogram.getCount());
        assertEquals((total - 1) / 2.0, histogram.getMean(), EPSILON);
    }

    @Test
    void quantilesOutsideZeroToOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Histogram.quantile(new double[] {1}, 1.5));
        assertEquals(7.0, Histogram.quantile(new double[] {7}, 0.5));
    }

    @Test
    void timerKeepsNanosecondsAndShowsMilliseconds() {
        AtomicLong clock = new AtomicLong();
        Timer timer = new Timer(clock::get);
        timer.update(TimeUnit.MICROSECONDS.toNanos(2500));
        timer.time(() -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(3)));
        assertEquals(2, timer.getCount());
        assertEquals(2.5, timer.getMin(), EPSILON);
        assertEquals(3.0, timer.getMax(), EPSILON);
        assertEquals(2.75, timer.getMean(), EPSILON);
        assertEquals("calls", timer.getEventType());
        assertEquals(TimeUnit.MILLISECONDS, timer.getLatencyUnit());
        assertEquals(TimeUnit.SECONDS, timer.getRateUnit());
        clock.addAndGet(TimeUnit.SECONDS.toNanos(6));
        assertEquals(2 / 5.0, timer.getOneMinuteRate(), EPSILON);
    }
}
