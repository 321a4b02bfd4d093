package io.klassic.broker.group;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The group coordinator's clock and timers (rebalance delays, session and sync expirations, offset expiry), behind
 * an interface so that tests drive time by hand. {@link #system()} runs tasks on one daemon thread. Implementations
 * are thread-safe.
 */
public interface CoordinatorScheduler extends AutoCloseable {
    /** A scheduled task that can be cancelled; cancelling a task that ran or was cancelled does nothing. */
    interface Timeout {
        void cancel();
    }

    long milliseconds();

    /** Runs {@code task} once after {@code delayMs}. */
    Timeout schedule(Runnable task, long delayMs);

    @Override
    void close();

    /** Wall-clock time and a single daemon timer thread named {@code threadName}. */
    static CoordinatorScheduler system(String threadName) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        LongSupplier clock = System::currentTimeMillis;
        return new CoordinatorScheduler() {
            @Override
            public long milliseconds() {
                return clock.getAsLong();
            }

            @Override
            public Timeout schedule(Runnable task, long delayMs) {
                ScheduledFuture<?> future = executor.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(CoordinatorScheduler.class).error("Group coordinator timer task failed", e);
                    }
                }, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
