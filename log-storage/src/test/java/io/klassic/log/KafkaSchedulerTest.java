package io.klassic.log;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaSchedulerTest {
    @Test
    void runsOneShotAndPeriodicTasksAndSurvivesFailures() throws Exception {
        KafkaScheduler scheduler = new KafkaScheduler(1, "test-scheduler-");
        try {
            CountDownLatch once = new CountDownLatch(1);
            scheduler.scheduleOnce("once", once::countDown, 0);
            assertTrue(once.await(10, TimeUnit.SECONDS));
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch thrice = new CountDownLatch(3);
            Future<?> periodic = scheduler.schedule("periodic", () -> {
                thrice.countDown();
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("a failure is logged; the task keeps its schedule");
                }
            }, 0, 1);
            assertTrue(thrice.await(10, TimeUnit.SECONDS));
            periodic.cancel(false);
        } finally {
            scheduler.shutdown(10_000);
        }
        assertTrue(scheduler.isShutdown());
        assertThrows(java.util.concurrent.RejectedExecutionException.class,
            () -> scheduler.scheduleOnce("late", () -> { }, 0));
        assertThrows(IllegalArgumentException.class, () -> new KafkaScheduler(0, "x"));
    }

    @Test
    void aWrappedExecutorIsLeftRunning() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            KafkaScheduler scheduler = KafkaScheduler.wrap(executor);
            scheduler.shutdown(1000);
            assertFalse(executor.isShutdown());
        } finally {
            executor.shutdownNow();
        }
    }
}
