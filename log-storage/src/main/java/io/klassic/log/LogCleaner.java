package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The log cleaner: {@code log.cleaner.threads} threads ({@code kafka-log-cleaner-thread-<n>}), each with its own
 * {@link Cleaner} and offset map, repeatedly cleaning the filthiest compacted log chosen by the
 * {@link LogCleanerManager} and recording the new first dirty offset in {@code cleaner-offset-checkpoint}; a thread
 * that finds nothing to clean waits {@code log.cleaner.backoff.ms} (or until {@link #wakeUp()}). A failed cleaning
 * is logged and the log is tried again later. Thread-safe.
 */
public final class LogCleaner {
    private static final Logger LOG = LoggerFactory.getLogger(LogCleaner.class);

    private final CleanerConfig config;
    private final LogCleanerManager manager;
    private final LongSupplier clock;
    private final List<CleanerThread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object wakeUp = new Object();
    private final AtomicLong cleanings = new AtomicLong();
    private volatile boolean running;

    /**
     * @param logDirs the log directories (each gets a {@code cleaner-offset-checkpoint})
     * @param logs    the logs currently loaded (only compacted ones are cleaned)
     */
    public LogCleaner(CleanerConfig config, List<File> logDirs, Supplier<Collection<Log>> logs, LongSupplier clock) {
        this.config = config;
        this.manager = new LogCleanerManager(logDirs, logs, clock);
        this.clock = clock;
    }

    LogCleanerManager cleanerManager() {
        return manager;
    }

    /** Starts the threads. */
    public synchronized void startup() {
        if (running) {
            return;
        }
        running = true;
        for (int i = 0; i < config.numThreads(); i++) {
            CleanerThread thread = new CleanerThread(i);
            threads.add(thread);
            thread.start();
        }
        LOG.info("Started {} log cleaner thread(s).", threads.size());
    }

    /** Stops the threads, aborting their cleanings, and waits for them. */
    public synchronized void shutdown() {
        running = false;
        wakeUp();
        for (CleanerThread thread : threads) {
            thread.interrupt();
        }
        for (CleanerThread thread : threads) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
    }

    /** Wakes idle threads so that they look for work at once. */
    public void wakeUp() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** How many cleanings completed since startup. */
    public long cleaningsCompleted() {
        return cleanings.get();
    }

    /** Stops any cleaning of {@code tp} and keeps it from being cleaned until {@link #resumeCleaning}. */
    public void abortAndPauseCleaning(TopicPartition tp) throws InterruptedException {
        manager.abortAndPauseCleaning(tp);
    }

    public void resumeCleaning(TopicPartition tp) {
        manager.resumeCleaning(tp);
    }

    /** Forgets a deleted log: aborts its cleaning and removes its checkpoint entry. */
    public void removeLog(File logDir, TopicPartition tp) throws InterruptedException {
        manager.abortAndPauseCleaning(tp);
        manager.remove(logDir, tp);
    }

    /** Lowers the checkpointed first dirty offset of a truncated log. */
    public void maybeTruncateCheckpoint(File logDir, TopicPartition tp, long offset) {
        manager.maybeTruncateCheckpoint(logDir, tp, offset);
    }

    /**
     * Runs one round on the calling thread: cleans the filthiest log if any. Returns whether a log was cleaned.
     * (The threads call this; tests may too, with no threads started.)
     */
    boolean cleanFilthiestLog(Cleaner cleaner) {
        Optional<LogToClean> next = manager.grabFilthiestCompactedLog();
        if (next.isEmpty()) {
            return false;
        }
        LogToClean cleanable = next.get();
        TopicPartition tp = cleanable.topicPartition();
        long endOffset = -1;
        try {
            Cleaner.CleanResult result = cleaner.clean(cleanable);
            endOffset = result.endOffset();
            cleanings.incrementAndGet();
            LOG.info("Cleaned {} up to offset {}: {} bytes read, {} written, {} of {} records retained, {} group(s).",
                tp, endOffset, result.bytesRead(), result.bytesWritten(), result.recordsRetained(),
                result.recordsRead(), result.groups());
        } catch (LogCleaningAbortedException e) {
            LOG.info("The cleaning of {} was aborted: {}", tp, e.getMessage());
        } catch (KafkaStorageException e) {
            LOG.error("The cleaning of {} failed on an I/O error: {}", tp, e.toString());
        } catch (Exception e) {
            LOG.error("The cleaning of {} failed; it will be retried.", tp, e);
        } finally {
            cleaner.restoreBuffers();
            manager.doneCleaning(tp, cleanable.log().dir().getAbsoluteFile().getParentFile(), endOffset);
        }
        return true;
    }

    /** A new cleaner with this configuration's memory and buffers. */
    Cleaner newCleaner() {
        return new Cleaner(new SkimpyOffsetMap(config.memoryPerThread()), config.dedupeBufferLoadFactor(),
            config.ioBufferSize(), clock, tp -> {
                if (!running && !threads.isEmpty()) {
                    throw new LogCleaningAbortedException("The log cleaner is shutting down.");
                }
                manager.checkCleaningAborted(tp);
            });
    }

    private final class CleanerThread extends Thread {
        CleanerThread(int id) {
            super("kafka-log-cleaner-thread-" + id);
            setDaemon(true);
        }

        @Override
        public void run() {
            Cleaner cleaner = newCleaner();
            while (running) {
                boolean cleaned;
                try {
                    cleaned = cleanFilthiestLog(cleaner);
                } catch (RuntimeException e) {
                    LOG.error("Unexpected error in the log cleaner.", e);
                    cleaned = false;
                }
                if (!cleaned && running) {
                    synchronized (wakeUp) {
                        try {
                            wakeUp.wait(Math.max(1, config.backoffMs()));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
