package io.klassic.log;

import java.util.concurrent.Future;

/**
 * Runs the storage engine's background work: delayed file deletions, retention checks, flushes, checkpoints.
 * {@link KafkaScheduler} runs tasks on a thread pool; tests drive a mock from their own clock. Implementations are
 * thread-safe.
 */
public interface Scheduler {
    /**
     * Runs {@code task} after {@code delayMs}, then every {@code periodMs} when {@code periodMs > 0}. A task that
     * throws is logged; a periodic one keeps running. Returns a handle whose {@code cancel} stops later runs.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the scheduler is shut down
     */
    Future<?> schedule(String name, Runnable task, long delayMs, long periodMs);

    /** Runs {@code task} once after {@code delayMs}. */
    default Future<?> scheduleOnce(String name, Runnable task, long delayMs) {
        return schedule(name, task, delayMs, -1);
    }
}
