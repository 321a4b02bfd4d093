package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Scheduler} on a {@link ScheduledExecutorService}: either one it creates ({@code threads} daemon threads
 * named {@code <prefix><n>}, shut down by {@link #shutdown()}) or one the caller owns ({@link #wrap}, left running by
 * {@link #shutdown()}). Task failures are logged, never propagated; a periodic task keeps its schedule after one.
 * Thread-safe.
 */
public final class KafkaScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaScheduler.class);

    private final ScheduledExecutorService executor;
    private final boolean owned;

    private KafkaScheduler(ScheduledExecutorService executor, boolean owned) {
        this.executor = executor;
        this.owned = owned;
    }

    /** A scheduler with its own pool of {@code threads} daemon threads. */
    public KafkaScheduler(int threads, String threadNamePrefix) {
        this(newExecutor(threads, threadNamePrefix), true);
    }

    /** A scheduler on the caller's executor (which the caller shuts down). */
    public static KafkaScheduler wrap(ScheduledExecutorService executor) {
        return new KafkaScheduler(executor, false);
    }

    private static ScheduledExecutorService newExecutor(int threads, String prefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("A scheduler needs at least one thread, not " + threads + ".");
        }
        AtomicInteger counter = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, prefix + counter.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Override
    public Future<?> schedule(String name, Runnable task, long delayMs, long periodMs) {
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (Throwable t) {
                LOG.error("Uncaught exception in scheduled task '{}'", name, t);
            }
        };
        long delay = Math.max(0, delayMs);
        if (periodMs > 0) {
            return executor.scheduleAtFixedRate(guarded, delay, periodMs, TimeUnit.MILLISECONDS);
        }
        return executor.schedule(guarded, delay, TimeUnit.MILLISECONDS);
    }

    /** Stops an owned pool, waiting up to {@code timeoutMs} for running tasks; leaves a wrapped one alone. */
    public void shutdown(long timeoutMs) throws InterruptedException {
        if (owned) {
            executor.shutdownNow();
            executor.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    /** True when tasks can no longer be scheduled. */
    public boolean isShutdown() {
        return executor.isShutdown();
    }
}
