package io.klassic.broker.metrics;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The meter's count and rates against Yammer's EWMA arithmetic, on an injected clock. */
class MeterTest {
    private static final double EPSILON = 1e-9;

    private final AtomicLong clock = new AtomicLong(TimeUnit.SECONDS.toNanos(1000));
    private final Meter meter = new Meter("requests", clock::get);

    private void advanceSeconds(long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @Test
    void countsEveryMarkAndNamesItsEventsAndUnit() {
        meter.mark();
        meter.mark(41);
        assertEquals(42, meter.getCount());
        assertEquals("requests", meter.getEventType());
        assertEquals(TimeUnit.SECONDS, meter.getRateUnit());
    }

    @Test
    void noRateBeforeTheFirstFiveSecondInterval() {
        meter.mark(60);
        advanceSeconds(4);
        assertEquals(0.0, meter.getOneMinuteRate(), EPSILON);
        assertEquals(60 / 4.0, meter.getMeanRate(), EPSILON);
    }

    @Test
    void theFirstTickTakesTheIntervalsRateAndLaterTicksDecayIt() {
        meter.mark(60);
        advanceSeconds(6);
        // One 5 s interval ended with 60 events: 12 per second for every window.
        assertEquals(12.0, meter.getOneMinuteRate(), EPSILON);
        assertEquals(12.0, meter.getFiveMinuteRate(), EPSILON);
        assertEquals(12.0, meter.getFifteenMinuteRate(), EPSILON);

        advanceSeconds(60);
        // Twelve empty intervals: each multiplies the rate by exp(-5 s / window).
        assertEquals(12.0 * Math.exp(-1.0), meter.getOneMinuteRate(), 1e-9);
        assertEquals(12.0 * Math.exp(-60.0 / 300), meter.getFiveMinuteRate(), 1e-9);
        assertEquals(12.0 * Math.exp(-60.0 / 900), meter.getFifteenMinuteRate(), 1e-9);
        assertEquals(60 / 66.0, meter.getMeanRate(), EPSILON);
    }

    @Test
    void eventsAfterAnIdleSpellCountInTheIntervalTheyHappenedIn() {
        meter.mark(60);
        advanceSeconds(6);
        assertEquals(12.0, meter.getOneMinuteRate(), EPSILON);
        advanceSeconds(20);
        meter.mark(10);   // the idle intervals are ticked first, empty
        double decayed = 12.0 * Math.exp(-4 * 5.0 / 60);
        advanceSeconds(5);
        double alpha = 1 - Math.exp(-5.0 / 60);
        assertEquals(decayed + alpha * (10 / 5.0 - decayed), meter.getOneMinuteRate(), 1e-9);
        assertEquals(70, meter.getCount());
    }

    @Test
    void meanRateIsZeroWithoutEvents() {
        advanceSeconds(10);
        assertEquals(0.0, meter.getMeanRate(), EPSILON);
        assertEquals(0.0, meter.getOneMinuteRate(), EPSILON);
    }
}
