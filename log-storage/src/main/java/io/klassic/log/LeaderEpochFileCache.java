package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The leader epochs of one partition's log: for each epoch whose leader wrote to the log, the first offset it wrote,
 * kept in memory and persisted in the partition's {@link LeaderEpochCheckpointFile} after each change. Epochs and
 * start offsets both increase from entry to entry; an assignment that breaks this removes the entries it
 * contradicts (as after a truncation). {@link #endOffsetFor} answers OffsetForLeaderEpoch.
 *
 * <p>Thread safety: thread-safe (a read-write lock; writes to the file happen under the write lock).
 */
public final class LeaderEpochFileCache {
    public static final int UNDEFINED_EPOCH = -1;
    public static final long UNDEFINED_EPOCH_OFFSET = -1L;

    private static final Logger LOG = LoggerFactory.getLogger(LeaderEpochFileCache.class);

    /** The answer of {@link #endOffsetFor}: the epoch found and the end offset of that epoch. */
    public record EpochEndOffset(int epoch, long endOffset) {
    }

    private final TopicPartition topicPartition;
    private final LeaderEpochCheckpointFile checkpoint;
    private final TreeMap<Integer, EpochEntry> epochs = new TreeMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /**
     * Loads the entries of {@code checkpoint}.
     *
     * @throws IOException when the file cannot be read or is malformed
     */
    public LeaderEpochFileCache(TopicPartition topicPartition, LeaderEpochCheckpointFile checkpoint)
        throws IOException {
        this.topicPartition = topicPartition;
        this.checkpoint = checkpoint;
        for (EpochEntry entry : checkpoint.read()) {
            assignInMemory(entry);
        }
    }

    /**
     * Records that the leader of {@code epoch} starts writing at {@code startOffset}. Nothing happens when the epoch
     * is negative, or when it is the latest epoch and the offset is not below that epoch's start. Entries with an
     * epoch or a start offset at least as large are removed first. Returns whether the cache changed.
     */
    public boolean assign(int epoch, long startOffset) {
        if (epoch < 0) {
            return false;
        }
        lock.writeLock().lock();
        try {
            Map.Entry<Integer, EpochEntry> latest = epochs.lastEntry();
            if (latest != null && latest.getKey() == epoch && startOffset >= latest.getValue().startOffset()) {
                return false;
            }
            assignInMemory(new EpochEntry(epoch, startOffset));
            flush();
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void assignInMemory(EpochEntry entry) {
        while (!epochs.isEmpty()) {
            EpochEntry last = epochs.lastEntry().getValue();
            if (last.epoch() >= entry.epoch() || last.startOffset() >= entry.startOffset()) {
                epochs.pollLastEntry();
                LOG.debug("Removed {} from the leader epoch cache of {} before assigning {}.", last, topicPartition,
                    entry);
            } else {
                break;
            }
        }
        epochs.put(entry.epoch(), entry);
    }

    /** The latest epoch, if any. */
    public OptionalInt latestEpoch() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? OptionalInt.empty() : OptionalInt.of(epochs.lastKey());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The earliest entry, or null. */
    public EpochEntry earliestEntry() {
        lock.readLock().lock();
        try {
            return epochs.isEmpty() ? null : epochs.firstEntry().getValue();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A copy of every entry in epoch order. */
    public List<EpochEntry> epochEntries() {
        lock.readLock().lock();
        try {
            return new ArrayList<>(epochs.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The epoch whose range holds {@code offset}, if the cache covers it. */
    public OptionalInt epochForOffset(long offset) {
        lock.readLock().lock();
        try {
            EpochEntry found = null;
            for (EpochEntry entry : epochs.values()) {
                if (entry.startOffset() <= offset) {
                    found = entry;
                } else {
                    break;
                }
            }
            return found == null ? OptionalInt.empty() : OptionalInt.of(found.epoch());
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Kafka's OffsetForLeaderEpoch answer: for the latest epoch, {@code (epoch, logEndOffset)}; for an older epoch,
     * the largest known epoch {@code <=} it and the start offset of the next larger epoch (the requested epoch itself
     * and that start offset when no smaller epoch is known); {@code (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET)} for
     * an undefined epoch, an epoch above the latest, or an empty cache.
     */
    public EpochEndOffset endOffsetFor(int requestedEpoch, long logEndOffset) {
        lock.readLock().lock();
        try {
            if (requestedEpoch == UNDEFINED_EPOCH || epochs.isEmpty()) {
                return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
            }
            if (epochs.lastKey() == requestedEpoch) {
                return new EpochEndOffset(requestedEpoch, logEndOffset);
            }
            Map.Entry<Integer, EpochEntry> higher = epochs.higherEntry(requestedEpoch);
            if (higher == null) {
                return new EpochEndOffset(UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
            }
            Map.Entry<Integer, EpochEntry> floor = epochs.floorEntry(requestedEpoch);
            return new EpochEndOffset(floor == null ? requestedEpoch : floor.getKey(),
                higher.getValue().startOffset());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Removes the entries starting at or after {@code endOffset} (the log was truncated to it). */
    public void truncateFromEnd(long endOffset) {
        lock.writeLock().lock();
        try {
            boolean changed = false;
            while (!epochs.isEmpty() && epochs.lastEntry().getValue().startOffset() >= endOffset) {
                epochs.pollLastEntry();
                changed = true;
            }
            if (changed) {
                LOG.info("Truncated the leader epoch cache of {} to the entries before offset {}: {}", topicPartition,
                    endOffset, epochs.values());
                flush();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /**
     * Drops the entries wholly before the new log start offset {@code startOffset}: the last entry starting at or
     * below it is kept, moved to start at {@code startOffset}.
     */
    public void truncateFromStart(long startOffset) {
        lock.writeLock().lock();
        try {
            EpochEntry lastRemoved = null;
            int removed = 0;
            while (!epochs.isEmpty() && epochs.firstEntry().getValue().startOffset() <= startOffset) {
                lastRemoved = epochs.pollFirstEntry().getValue();
                removed++;
            }
            if (lastRemoved != null) {
                epochs.put(lastRemoved.epoch(), new EpochEntry(lastRemoved.epoch(), startOffset));
                if (removed > 1 || lastRemoved.startOffset() != startOffset) {
                    flush();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Removes every entry (the log was emptied). */
    public void clearAndFlush() {
        lock.writeLock().lock();
        try {
            epochs.clear();
            flush();
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Rewrites the checkpoint file from memory. Caller holds the write lock. */
    private void flush() {
        try {
            checkpoint.write(new ArrayList<>(epochs.values()));
        } catch (IOException e) {
            File logDir = checkpoint.file().getAbsoluteFile().getParentFile().getParentFile();
            throw new KafkaStorageException("Failed to write " + checkpoint.file() + ": " + e,
                logDir == null ? null : logDir.getPath(), e);
        }
    }

    @Override
    public String toString() {
        return "LeaderEpochFileCache(" + topicPartition + ", " + epochEntries() + ")";
    }
}
