package io.klassic.log;

import io.klassic.protocol.record.CorruptRecordException;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import io.klassic.protocol.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The log of one partition (Kafka's UnifiedLog): offsets from {@link #logStartOffset()} to {@link #logEndOffset()}
 * (exclusive), the high watermark, the {@code leader-epoch-checkpoint} ({@link LeaderEpochFileCache}) and the
 * idempotent producers' state ({@link ProducerStateManager}, rebuilt from the batch headers on open), over the
 * segment files of {@code <logDir>/<topic>-<partition>/}, which are {@link LocalLog}'s. Loading and crash recovery
 * are {@link LogLoader}'s; reads are {@link LogReader}'s.
 *
 * <p>Segments leave the log by retention ({@link #deleteOldSegments()}), truncation, or replacement by a cleaned
 * segment ({@link #replaceSegments}); their files are first renamed to {@code .deleted} and removed
 * {@code file.delete.delay.ms} later on the {@link Scheduler} (at once when the log has none), so that a fetch
 * response already handed a region of such a file can still be sent.
 *
 * <p>Thread safety: thread-safe. Appends, rolls, truncations, retention, segment replacement and closing are
 * serialized by a lock per log; reads take no lock and see whole batches below the log end offset they started
 * with; I/O errors surface as {@link KafkaStorageException}.
 */
public final class Log implements Closeable {
    public static final String DELETE_DIR_SUFFIX = "-delete";
    public static final String DELETED_FILE_SUFFIX = ".deleted";
    public static final String CLEANED_FILE_SUFFIX = ".cleaned";
    public static final String SWAP_FILE_SUFFIX = ".swap";

    private static final Logger LOG = LoggerFactory.getLogger(Log.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final LongSupplier clock;
    private final Scheduler scheduler;
    private final LocalLog localLog;
    private final LogReader reader;
    private LeaderEpochFileCache leaderEpochCache;
    private ProducerStateManager producerStateManager;
    private volatile long logStartOffset;
    private volatile long highWatermark;
    private volatile long latestDeleteHorizon = RecordBatch.NO_TIMESTAMP;

    private Log(File dir, String topic, int partition, LogConfig config, LongSupplier clock, Scheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.localLog = new LocalLog(dir, new TopicPartition(topic, partition), config, clock, scheduler);
        this.reader = new LogReader(this, localLog.segments());
    }

    /**
     * Opens the log without a scheduler: segments that leave the log are deleted at once. See
     * {@link #open(File, String, int, LogConfig, long, long, boolean, LongSupplier, Scheduler)}.
     */
    public static Log open(File dir, String topic, int partition, LogConfig config, long recoveryPoint,
                           long logStartOffset, boolean hadCleanShutdown, LongSupplier clock) {
        return open(dir, topic, partition, config, recoveryPoint, logStartOffset, hadCleanShutdown, clock, null);
    }

    /**
     * Opens (creating if needed) the log of {@code topic}-{@code partition} in {@code dir}.
     *
     * @param recoveryPoint    the offset below which data is known to be flushed (from the recovery-point checkpoint)
     * @param logStartOffset   the checkpointed log start offset (0 if unknown)
     * @param hadCleanShutdown whether the log directory held the clean-shutdown marker; if not, the segments from
     *                         the recovery point on are recovered
     * @param clock            milliseconds since the epoch (for {@code segment.ms}, retention and LogAppendTime)
     * @param scheduler        runs delayed file deletions ({@code file.delete.delay.ms}); null to delete at once
     * @throws KafkaStorageException when the files cannot be read or written
     */
    public static Log open(File dir, String topic, int partition, LogConfig config, long recoveryPoint,
                           long logStartOffset, boolean hadCleanShutdown, LongSupplier clock, Scheduler scheduler) {
        Log log = new Log(dir, topic, partition, config, clock, scheduler);
        try {
            LogLoader loader = new LogLoader(dir, log.topicPartition(), config, clock, log.localLog.segments());
            LogLoader.LoadedLogOffsets loaded = loader.load(recoveryPoint, logStartOffset, hadCleanShutdown);
            log.localLog.loaded(loaded.recoveryPoint(), loaded.nextOffsetMetadata());
            log.logStartOffset = loaded.logStartOffset();
            log.highWatermark = loaded.logStartOffset();
            log.producerStateManager = new ProducerStateManager(log.topicPartition());
            log.leaderEpochCache = loader.loadLeaderEpochCache(log.producerStateManager, loaded);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : log.localLog.segments().values()) {
                try {
                    segment.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof IOException io) {
                throw log.storageException("Failed to load the log of " + topic + "-" + partition + " in " + dir,
                    io);
            }
            throw (RuntimeException) e;
        }
        return log;
    }

    public String topic() {
        return localLog.topicPartition().topic();
    }

    public int partition() {
        return localLog.topicPartition().partition();
    }

    public TopicPartition topicPartition() {
        return localLog.topicPartition();
    }

    public File dir() {
        return localLog.dir();
    }

    public LogConfig config() {
        return localLog.config();
    }

    /** Applies a new configuration to later appends and rolls (indexes already allocated keep their size). */
    public void updateConfig(LogConfig newConfig) {
        localLog.updateConfig(newConfig);
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return localLog.logEndOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return localLog.logEndOffsetMetadata();
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Sets the high watermark, clamped to {@code [logStartOffset, logEndOffset]}. */
    public void updateHighWatermark(long offset) {
        lock.lock();
        try {
            highWatermark = Math.min(Math.max(offset, logStartOffset), logEndOffset());
        } finally {
            lock.unlock();
        }
    }

    /** Every offset below this is known to be flushed to disk. */
    public long recoveryPoint() {
        return localLog.recoveryPoint();
    }

    /** When the log was last flushed (or opened), in ms since the epoch. */
    public long lastFlushedTime() {
        return localLog.lastFlushedTime();
    }

    /** The partition's leader epochs (persisted in {@code leader-epoch-checkpoint}). */
    public LeaderEpochFileCache leaderEpochCache() {
        return leaderEpochCache;
    }

    /** The latest leader epoch that wrote to the log, if any. */
    public OptionalInt latestEpoch() {
        return leaderEpochCache.latestEpoch();
    }

    /**
     * OffsetForLeaderEpoch: the end offset of {@code leaderEpoch} (the log end offset for the latest epoch, else the
     * start offset of the next epoch) and the epoch it belongs to; empty when the epoch is unknown or newer than the
     * latest.
     */
    public Optional<LeaderEpochFileCache.EpochEndOffset> endOffsetForEpoch(int leaderEpoch) {
        LeaderEpochFileCache.EpochEndOffset found = leaderEpochCache.endOffsetFor(leaderEpoch, logEndOffset());
        return found.endOffset() == LeaderEpochFileCache.UNDEFINED_EPOCH_OFFSET ? Optional.empty()
            : Optional.of(found);
    }

    /**
     * Checks an idempotent producer's batch against the log's producer state without appending (see
     * {@link ProducerStateManager#check}); {@link #appendAsLeader} makes the same check itself.
     */
    public ProducerStateManager.ProducerCheck checkProducer(long producerId, short epoch, int firstSeq, int lastSeq) {
        lock.lock();
        try {
            return producerStateManager.check(producerId, epoch, firstSeq, lastSeq);
        } finally {
            lock.unlock();
        }
    }

    /** The last offset of each producer's last batch (for the cleaner). */
    Map<Long, Long> lastOffsetOfActiveProducers() {
        lock.lock();
        try {
            return producerStateManager.lastOffsetOfActiveProducers();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the producers' state (for tests and tools). */
    public Map<Long, ProducerStateEntry> activeProducers() {
        lock.lock();
        try {
            return producerStateManager.activeProducers();
        } finally {
            lock.unlock();
        }
    }

    /** Removes producers idle for {@code producer.id.expiration.ms}; returns how many. */
    public int removeExpiredProducers(long producerIdExpirationMs) {
        lock.lock();
        try {
            return producerStateManager.removeExpiredProducers(clock.getAsLong(), producerIdExpirationMs);
        } finally {
            lock.unlock();
        }
    }

    /** The largest delete horizon the cleaner stamped on a batch with tombstones, or -1. */
    public long latestDeleteHorizon() {
        return latestDeleteHorizon;
    }

    /** Set by the cleaner after each cleaning: the largest delete horizon of the tombstones it kept, or -1. */
    void resetLatestDeleteHorizon(long horizon) {
        latestDeleteHorizon = horizon;
    }

    /** Total bytes of record batches in all segments. */
    public long size() {
        return localLog.size();
    }

    public int numberOfSegments() {
        return localLog.numberOfSegments();
    }

    /** The segments in base offset order (a snapshot). */
    List<LogSegment> logSegments() {
        return localLog.segmentList();
    }

    LogSegment activeSegment() {
        return localLog.activeSegment();
    }

    /**
     * Appends batches from a producer (already validated: magic, CRC, counts, sizes). First checks every batch with
     * a producer id against the producers' state: when one is a retry of a batch already in the log nothing is
     * appended and the result has {@link LogAppendInfo#duplicate()} set with the original batch's offsets. Then
     * rewrites the batches in place: each batch's baseOffset (continuing from the log end offset; outside the CRC),
     * its partitionLeaderEpoch, and for a {@code LogAppendTime} topic its timestamp (the CRC is recomputed then).
     * A new leader epoch is recorded in the leader epoch cache at the first offset it writes. Rolls a new segment
     * first when the active one would exceed {@code segment.bytes}, is older than {@code segment.ms} (less jitter),
     * or has a full index.
     *
     * @throws ProducerStateException   OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_PRODUCER_EPOCH for an idempotent batch
     * @throws RecordTooLargeException  when a batch exceeds {@code max.message.bytes} or all of them {@code segment.bytes}
     * @throws CorruptRecordException   when the buffer ends with a partial batch
     * @throws KafkaStorageException    on an I/O error
     */
    public LogAppendInfo appendAsLeader(ByteBuffer validatedBatches, int leaderEpoch) {
        return append(validatedBatches, true, leaderEpoch);
    }

    /**
     * Appends batches copied from the leader, keeping their offsets, epochs and timestamps. The first batch's base
     * offset must be at least the log end offset and offsets must increase from batch to batch.
     *
     * @throws IllegalArgumentException when the offsets do not continue the log
     */
    public LogAppendInfo appendAsFollower(ByteBuffer batches) {
        return append(batches, false, RecordBatch.NO_PARTITION_LEADER_EPOCH);
    }

    private LogAppendInfo append(ByteBuffer input, boolean assignOffsets, int leaderEpoch) {
        ByteBuffer batches = input.duplicate();
        int size = batches.remaining();
        if (RecordBatches.sizeOfWholeBatches(batches) != size) {
            throw new CorruptRecordException("The " + size + " bytes appended to " + topicPartition()
                + " end with a partial record batch.");
        }
        if (size == 0) {
            return new LogAppendInfo(-1, -1, -1, RecordBatch.NO_TIMESTAMP, -1, 0, 0);
        }
        LogAppendInfo info;
        long rolledAt;
        LogConfig cfg;
        lock.lock();
        try {
            localLog.checkNotClosed();
            cfg = localLog.config();
            long logEndOffset = logEndOffset();
            LogValidator.validate(batches, size, cfg, assignOffsets, logEndOffset, topicPartition());
            long now = clock.getAsLong();
            boolean logAppendTime = assignOffsets && cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME;
            if (assignOffsets) {
                ProducerStateManager.ProducerCheck check = producerStateManager.checkAppend(
                    RecordBatches.iterate(batches));
                if (check.verdict() == ProducerStateManager.Verdict.DUPLICATE) {
                    ProducerStateEntry.BatchMetadata original = check.duplicate();
                    return new LogAppendInfo(original.firstOffset(), original.lastOffset(),
                        cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME ? original.timestamp() : -1,
                        original.timestamp(), original.lastOffset(), 0, 0, true);
                }
                if (check.verdict() != ProducerStateManager.Verdict.APPEND) {
                    throw new ProducerStateException(check.error(), check.message());
                }
            }
            info = LogValidator.assignOffsets(batches, size, assignOffsets, logEndOffset, leaderEpoch, logAppendTime, now);
            // epochs first (as Kafka), so that OffsetForLeaderEpoch never sees the log end move past an epoch's start
            for (RecordBatch batch : RecordBatches.iterate(batches)) {
                leaderEpochCache.assign(batch.partitionLeaderEpoch(), batch.baseOffset());
            }
            rolledAt = localLog.append(info.firstOffset(), info.lastOffset(), info.maxTimestamp(),
                info.offsetOfMaxTimestamp(), batches, now);
            for (RecordBatch batch : RecordBatches.iterate(batches)) {
                if (batch.hasProducerId()) {
                    producerStateManager.updateFromBatch(batch.producerId(), batch.producerEpoch(),
                        batch.baseSequence(), batch.lastSequence(), batch.baseOffset(), batch.lastOffset(),
                        batch.maxTimestamp(), batch.isControlBatch());
                }
            }
        } catch (IOException e) {
            throw storageException("Failed to append " + size + " bytes to " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
        if (rolledAt >= 0) {
            flushRolledSegments(rolledAt);
        }
        if (unflushedMessages() >= cfg.flushMessages()) {
            flush();
        }
        return info;
    }

    /**
     * Rolls a new (empty) active segment at the log end offset unless the active one is empty, then flushes the
     * segments before it.
     */
    public void roll() {
        long rolledAt = -1;
        lock.lock();
        try {
            localLog.checkNotClosed();
            if (activeSegment().size() > 0) {
                rolledAt = localLog.roll(logEndOffset()).baseOffset();
            }
        } catch (IOException e) {
            throw storageException("Failed to roll " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
        if (rolledAt >= 0) {
            flushRolledSegments(rolledAt);
        }
    }

    /**
     * Reads whole record batches starting with the one holding {@code startOffset}: at most {@code maxBytes}, or
     * the first batch whatever its size when {@code minOneMessage}; only batches entirely below
     * {@code maxOffsetExclusive} (the high watermark for consumers, {@link Long#MAX_VALUE} for followers). Reading at
     * the log end offset gives an empty slice.
     *
     * @throws OffsetOutOfRangeException when {@code startOffset} is outside {@code [logStartOffset, logEndOffset]}
     * @throws KafkaStorageException     on an I/O error
     */
    public FetchDataInfo read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        return reader.read(startOffset, maxBytes, maxOffsetExclusive, minOneMessage);
    }

    /**
     * The first record (from the log start offset on) whose timestamp is {@code >= timestamp}, with its timestamp
     * and its batch's leader epoch; empty when every record is older. (The special targets -2 earliest and -1
     * latest are the caller's.)
     */
    public Optional<TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        return reader.fetchOffsetByTimestamp(timestamp);
    }

    /**
     * Removes every batch holding an offset {@code >= targetOffset} (a follower diverging from its leader); the
     * high watermark and the recovery point follow the new log end offset down. Below the log start offset the log
     * is emptied and restarts at {@code targetOffset}. Returns whether anything was removed.
     */
    public boolean truncateTo(long targetOffset) {
        if (targetOffset < 0) {
            throw new IllegalArgumentException("Cannot truncate " + topicPartition() + " to a negative offset "
                + targetOffset + ".");
        }
        lock.lock();
        try {
            localLog.checkNotClosed();
            if (targetOffset >= logEndOffset()) {
                return false;
            }
            if (targetOffset < logStartOffset) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
            LOG.info("Truncating {} to offset {} (log end offset {}).", topicPartition(), targetOffset,
                logEndOffset());
            long logEndOffset = localLog.truncateTo(targetOffset);
            highWatermark = Math.min(highWatermark, logEndOffset);
            leaderEpochCache.truncateFromEnd(targetOffset);
            if (!producerStateManager.truncateFrom(targetOffset)) {
                producerStateManager.clear();
                LogLoader.rebuildProducerState(localLog.segments().values(), logStartOffset, producerStateManager);
            }
            return true;
        } catch (IOException e) {
            throw storageException("Failed to truncate " + topicPartition() + " to offset " + targetOffset, e);
        } finally {
            lock.unlock();
        }
    }

    /** Deletes every segment and starts an empty log at {@code newOffset} (log start, end, high watermark alike). */
    public void truncateFullyAndStartAt(long newOffset) {
        if (newOffset < 0) {
            throw new IllegalArgumentException("Cannot restart " + topicPartition() + " at a negative offset "
                + newOffset + ".");
        }
        lock.lock();
        try {
            localLog.checkNotClosed();
            LOG.info("Truncating {} fully and starting it at offset {}.", topicPartition(), newOffset);
            localLog.truncateFullyAndStartAt(newOffset);
            logStartOffset = newOffset;
            highWatermark = newOffset;
            leaderEpochCache.clearAndFlush();
            producerStateManager.clear();
        } catch (IOException e) {
            throw storageException("Failed to restart " + topicPartition() + " at offset " + newOffset, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes the segments retention allows, oldest first: per {@code cleanup.policy=delete} those whose records are
     * all older than {@code retention.ms} (by their largest timestamp) and those that keep the log above
     * {@code retention.bytes}; under any policy those wholly below the log start offset. A segment goes only when
     * every offset in it is below the high watermark; the active segment only when it holds data, after rolling a
     * new empty one. The log start offset moves up to the new first segment. Returns how many segments went.
     */
    public int deleteOldSegments() {
        LogConfig cfg = localLog.config();
        int deleted = 0;
        if (cfg.delete()) {
            deleted += deleteOldSegments(LogRetention.retentionMs(cfg, clock.getAsLong()));
            deleted += deleteOldSegments(LogRetention.retentionSize(cfg, size()));
        }
        return deleted + deleteOldSegments(LogRetention.logStartOffsetBreached(logStartOffset));
    }

    private int deleteOldSegments(LogRetention.Rule rule) {
        if (rule == null) {
            return 0;
        }
        lock.lock();
        try {
            if (localLog.isClosed()) {
                return 0;
            }
            List<LogSegment> deletable = LogRetention.deletableSegments(localLog.segmentList(), highWatermark,
                logEndOffset(), rule);
            if (deletable.isEmpty()) {
                return 0;
            }
            if (deletable.size() == localLog.numberOfSegments()) {
                localLog.roll(logEndOffset());
            }
            LOG.info("Deleting {} segment(s) of {} with base offsets {}: {}.", deletable.size(), topicPartition(),
                deletable.stream().map(LogSegment::baseOffset).toList(), rule.reason());
            // The start offset moves first, so that a concurrent reader is told "out of range", never "empty".
            incrementLogStartOffset(localLog.segments().higherKey(deletable.get(deletable.size() - 1).baseOffset()));
            localLog.removeAndDeleteSegments(deletable, rule.reason());
            return deletable.size();
        } catch (IOException e) {
            throw storageException("Failed to delete old segments of " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * DeleteRecords: moves the log start offset up to {@code offset} (no further than the high watermark); the
     * segments wholly below it are deleted by the next retention pass. Returns the new log start offset (the low
     * watermark).
     *
     * @throws OffsetOutOfRangeException when {@code offset} is above the high watermark
     */
    public long deleteRecordsBefore(long offset) {
        lock.lock();
        try {
            maybeIncrementLogStartOffset(offset);
            return logStartOffset;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the log start offset up to {@code newLogStartOffset} (never down): a leader's DeleteRecords, or a
     * follower taking its leader's log start offset. Like Kafka, the new value reaches
     * {@code log-start-offset-checkpoint} with the next periodic checkpoint, not at once.
     *
     * @return whether it moved
     * @throws OffsetOutOfRangeException when {@code newLogStartOffset} is above the high watermark
     */
    public boolean maybeIncrementLogStartOffset(long newLogStartOffset) {
        lock.lock();
        try {
            localLog.checkNotClosed();
            if (newLogStartOffset > highWatermark) {
                throw new OffsetOutOfRangeException("Cannot increment the log start offset to " + newLogStartOffset
                    + " of partition " + topicPartition() + " since it is larger than the high watermark "
                    + highWatermark + ".");
            }
            return incrementLogStartOffset(newLogStartOffset);
        } finally {
            lock.unlock();
        }
    }

    /** Moves the log start offset up (never down); returns whether it moved. Caller holds the lock. */
    private boolean incrementLogStartOffset(long newLogStartOffset) {
        if (newLogStartOffset > logStartOffset) {
            LOG.info("Incrementing the log start offset of {} to {}.", topicPartition(), newLogStartOffset);
            logStartOffset = newLogStartOffset;
            leaderEpochCache.truncateFromStart(newLogStartOffset);
            localLog.raiseRecoveryPoint(newLogStartOffset);
            return true;
        }
        return false;
    }

    /**
     * Swaps cleaned data in (the cleaner's last step): {@code cleaned}, a segment whose files carry the
     * {@code .cleaned} suffix, flushed, replaces {@code oldSegments} (consecutive, not the active one, starting at
     * the cleaned segment's base offset). Crash-safe: the cleaned files are renamed to {@code .swap}, the old
     * segments to {@code .deleted}, then the swap files to their final names; {@link LogLoader} completes or
     * discards a replacement interrupted between these steps.
     *
     * @throws LogCleaningAbortedException when one of the old segments has left the log meanwhile (truncation,
     *                                     retention), or the log was closed; the cleaned files are deleted then
     */
    void replaceSegments(LogSegment cleaned, List<LogSegment> oldSegments) {
        lock.lock();
        try {
            localLog.replaceSegments(cleaned, oldSegments);
        } catch (IOException e) {
            throw storageException("Failed to swap a cleaned segment into " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The segments holding offsets in {@code [from, to)}, in order (a snapshot). */
    List<LogSegment> logSegments(long from, long to) {
        return localLog.logSegments(from, to);
    }

    /** The number of records-bearing bytes not yet flushed, for tests and metrics: offsets above the recovery point. */
    public long unflushedMessages() {
        return logEndOffset() - recoveryPoint();
    }

    /** Flushes when {@code flush.ms} passed since the last flush (the broker's log flusher calls this). */
    public void flushIfDue() {
        long flushMs = config().flushMs();
        if (clock.getAsLong() - lastFlushedTime() >= flushMs && unflushedMessages() > 0) {
            LOG.debug("Flushing {}: flush.ms {} passed since the last flush.", topicPartition(), flushMs);
            flush();
        }
    }

    /**
     * After a roll, flushes the segments before {@code newSegmentBase} (moving the recovery point there): on the
     * scheduler when the log has one, so that appends do not wait for the fsync, as in Kafka; else at once.
     */
    private void flushRolledSegments(long newSegmentBase) {
        if (scheduler != null) {
            try {
                scheduler.scheduleOnce("flush-log", () -> {
                    if (!localLog.isClosed()) {
                        flushUpTo(newSegmentBase);
                    }
                }, 0);
                return;
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("The scheduler is shut down; flushing {} on the appending thread.", topicPartition());
            }
        }
        flushUpTo(newSegmentBase);
    }

    /** Forces everything up to the log end offset to disk and moves the recovery point there. */
    public void flush() {
        flushUpTo(logEndOffset());
    }

    /** Flushes the segments holding offsets in [recoveryPoint, offset) without holding the append lock. */
    private void flushUpTo(long offset) {
        if (offset <= recoveryPoint()) {
            return;
        }
        localLog.flushSegments(offset);
        lock.lock();
        try {
            localLog.markFlushed(offset);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the segment files (trimming the indexes); does not flush. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            localLog.close();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the log and removes its directory: renamed first to {@code <topic>-<partition>.<uuid>-delete} (which
     * a restarted broker deletes instead of loading), then deleted.
     */
    public void delete() {
        lock.lock();
        try {
            Path target = closeAndRenameForDeletion();
            if (target != null) {
                SegmentDeleter.deleteRecursively(target);
            }
            LOG.info("Deleted the log of {} in {}.", topicPartition(), dir());
        } catch (IOException e) {
            throw storageException("Failed to delete the log of " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the log and renames its directory to {@code <topic>-<partition>.<uuid>-delete}; returns the new path
     * (null when the directory was gone already). The caller deletes it, possibly later.
     */
    Path closeAndRenameForDeletion() {
        lock.lock();
        try {
            return localLog.closeAndRenameForDeletion();
        } catch (IOException e) {
            throw storageException("Failed to rename the log directory of " + topicPartition() + " for deletion", e);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return localLog.isClosed();
    }

    KafkaStorageException storageException(String message, IOException cause) {
        return localLog.storageException(message, cause);
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition() + ", dir=" + dir() + ", logStartOffset=" + logStartOffset
            + ", logEndOffset=" + logEndOffset() + ", highWatermark=" + highWatermark + ")";
    }
}
