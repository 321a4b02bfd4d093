package io.klassic.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * The files of one partition's log (Kafka's LocalLog): the segments of {@code <logDir>/<topic>-<partition>/} in a skip
 * list by base offset, the last one active; the log end offset and the recovery point; and what is done to the
 * segments as files: rolling, appending bytes to the active segment, truncating, removing segments (renamed to
 * {@code .deleted}, removed {@code file.delete.delay.ms} later by the {@link SegmentDeleter}), swapping a cleaned
 * segment in, flushing, closing, and renaming the directory for deletion. What the offsets mean (log start offset,
 * high watermark, leader epochs, producers) is the owning {@link Log}'s.
 *
 * <p>Thread safety: the mutators are called with the owning {@link Log}'s lock held; the segment map, the log end
 * offset, the recovery point and {@link #flushSegments} need no lock.
 */
final class LocalLog {
    private static final Logger LOG = LoggerFactory.getLogger(LocalLog.class);

    private final File dir;
    private final TopicPartition topicPartition;
    private final LongSupplier clock;
    private final SegmentDeleter deleter;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private volatile LogConfig config;
    private volatile LogOffsetMetadata nextOffsetMetadata;
    private volatile long recoveryPoint;
    private volatile long lastFlushedTime;
    private volatile boolean closed;

    /** An empty log; {@link LogLoader} fills {@link #segments()}, then {@link #loaded} sets the offsets. */
    LocalLog(File dir, TopicPartition topicPartition, LogConfig config, LongSupplier clock, Scheduler scheduler) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.deleter = new SegmentDeleter(topicPartition, scheduler);
        this.lastFlushedTime = clock.getAsLong();
    }

    void loaded(long recoveryPoint, LogOffsetMetadata nextOffsetMetadata) {
        this.recoveryPoint = recoveryPoint;
        this.nextOffsetMetadata = nextOffsetMetadata;
    }

    File dir() {
        return dir;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    LogConfig config() {
        return config;
    }

    void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    /** The live segment map (for the loader and the reader, which tolerate concurrent changes). */
    ConcurrentSkipListMap<Long, LogSegment> segments() {
        return segments;
    }

    LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    /** The segments in base offset order (a snapshot). */
    List<LogSegment> segmentList() {
        return new ArrayList<>(segments.values());
    }

    /** The segments holding offsets in {@code [from, to)}, in order (a snapshot). */
    List<LogSegment> logSegments(long from, long to) {
        Long floor = segments.floorKey(from);
        return new ArrayList<>(segments.subMap(floor == null ? from : floor, true, to, false).values());
    }

    int numberOfSegments() {
        return segments.size();
    }

    /** Total bytes of record batches in all segments. */
    long size() {
        long total = 0;
        for (LogSegment segment : segments.values()) {
            total += segment.size();
        }
        return total;
    }

    long logEndOffset() {
        return nextOffsetMetadata.messageOffset();
    }

    LogOffsetMetadata logEndOffsetMetadata() {
        return nextOffsetMetadata;
    }

    long recoveryPoint() {
        return recoveryPoint;
    }

    /** Raises the recovery point to {@code offset} (the log start offset moved past it). Caller holds the lock. */
    void raiseRecoveryPoint(long offset) {
        if (recoveryPoint < offset) {
            recoveryPoint = offset;
        }
    }

    long lastFlushedTime() {
        return lastFlushedTime;
    }

    boolean isClosed() {
        return closed;
    }

    void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("The log of " + topicPartition + " in " + dir + " is closed.");
        }
    }

    /**
     * Appends {@code batches} (offsets already assigned, {@code firstOffset} to {@code lastOffset}) to the active
     * segment, rolling a new one first when the active one says so ({@code segment.bytes}, {@code segment.ms}, a
     * full index). Returns the base offset of the segment rolled, or -1. Caller holds the lock.
     */
    long append(long firstOffset, long lastOffset, long maxTimestamp, long offsetOfMaxTimestamp, ByteBuffer batches,
                long now) throws IOException {
        long rolledAt = -1;
        LogSegment segment = activeSegment();
        if (segment.shouldRoll(batches.remaining(), maxTimestamp, lastOffset, now, config)) {
            long before = segment.baseOffset();
            segment = roll(firstOffset);
            if (segment.baseOffset() != before) {
                rolledAt = segment.baseOffset();
            }
        }
        segment.append(lastOffset, maxTimestamp, offsetOfMaxTimestamp, batches);
        nextOffsetMetadata = new LogOffsetMetadata(lastOffset + 1, segment.baseOffset(), segment.size());
        return rolledAt;
    }

    /** Makes a new active segment at {@code max(expectedNextOffset, logEndOffset)}. Caller holds the lock. */
    LogSegment roll(long expectedNextOffset) throws IOException {
        long newOffset = Math.max(expectedNextOffset, logEndOffset());
        LogSegment active = activeSegment();
        if (active.baseOffset() == newOffset) {
            if (active.size() == 0) {
                return active;
            }
            throw new IllegalStateException("Cannot roll " + topicPartition + " to a new segment at offset "
                + newOffset + ": the active segment already starts there and holds " + active.size() + " bytes.");
        }
        for (File stale : List.of(LogSegment.logFile(dir, newOffset), LogSegment.indexFile(dir, newOffset),
                LogSegment.timeIndexFile(dir, newOffset))) {
            if (Files.deleteIfExists(stale.toPath())) {
                LOG.warn("Deleted stale file {} before rolling a new segment at offset {}.", stale, newOffset);
            }
        }
        active.onBecomeInactiveSegment();
        LogSegment segment = addSegment(newOffset);
        nextOffsetMetadata = new LogOffsetMetadata(logEndOffset(), newOffset, 0);
        LOG.info("Rolled a new segment for {} at offset {}.", topicPartition, newOffset);
        return segment;
    }

    private LogSegment addSegment(long baseOffset) throws IOException {
        LogConfig cfg = config;
        LogSegment segment = LogSegment.open(dir, baseOffset, cfg, clock, "", cfg.randomSegmentJitter());
        segments.put(baseOffset, segment);
        return segment;
    }

    /**
     * Removes every batch holding an offset {@code >= targetOffset}, which must lie in {@code [first segment's
     * base, logEndOffset)}; the recovery point follows the log end offset down. Returns the new log end offset.
     * Caller holds the lock.
     */
    long truncateTo(long targetOffset) throws IOException {
        List<LogSegment> removed = new ArrayList<>(segments.tailMap(targetOffset, false).values());
        removeAndDeleteSegments(removed, "truncation to offset " + targetOffset);
        LogSegment active = activeSegment();
        active.truncateTo(targetOffset);
        long logEndOffset = active.readNextOffset();
        nextOffsetMetadata = new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size());
        recoveryPoint = Math.min(recoveryPoint, logEndOffset);
        return logEndOffset;
    }

    /** Deletes every segment and starts an empty, flushed one at {@code newOffset}. Caller holds the lock. */
    void truncateFullyAndStartAt(long newOffset) throws IOException {
        removeAndDeleteSegments(segmentList(), "full truncation");
        LogSegment segment = addSegment(newOffset);
        nextOffsetMetadata = new LogOffsetMetadata(newOffset, newOffset, 0);
        recoveryPoint = newOffset;
        segment.flush();
    }

    /**
     * Takes {@code removed} out of the segment map, renames their files to {@code .deleted} and removes them after
     * {@code file.delete.delay.ms} (at once without a scheduler). Caller holds the lock.
     */
    void removeAndDeleteSegments(List<LogSegment> removed, String reason) throws IOException {
        for (LogSegment segment : removed) {
            segments.remove(segment.baseOffset());
        }
        deleter.delete(removed, config.fileDeleteDelayMs(), reason);
    }

    /**
     * Swaps {@code cleaned} (files with the {@code .cleaned} suffix, flushed) in for {@code oldSegments}
     * (consecutive, not the active one, starting at the cleaned segment's base offset): the cleaned files are renamed
     * to {@code .swap}, the old segments to {@code .deleted}, then the swap files to their final names, so that
     * {@link LogLoader} can complete or discard an interrupted replacement. Caller holds the lock.
     *
     * @throws LogCleaningAbortedException when one of the old segments has left the log meanwhile, or the log was
     *                                     closed; the cleaned files are deleted then
     */
    void replaceSegments(LogSegment cleaned, List<LogSegment> oldSegments) throws IOException {
        boolean present = !closed && !oldSegments.isEmpty();
        for (LogSegment old : oldSegments) {
            present &= segments.get(old.baseOffset()) == old && old != activeSegment();
        }
        if (!present) {
            cleaned.close();
            cleaned.deleteIfExists();
            throw new LogCleaningAbortedException("The segments of " + topicPartition + " being cleaned "
                + "changed meanwhile; the cleaned segment was discarded.");
        }
        cleaned.changeFileSuffixes(Log.CLEANED_FILE_SUFFIX, Log.SWAP_FILE_SUFFIX);
        AtomicFiles.fsyncDirectory(dir.toPath());
        // The cleaned segment takes the first old segment's key in one step, then the others go: a concurrent
        // reader always finds a segment holding its offset.
        segments.put(cleaned.baseOffset(), cleaned);
        for (LogSegment old : oldSegments) {
            if (old.baseOffset() != cleaned.baseOffset()) {
                segments.remove(old.baseOffset());
            }
        }
        deleter.delete(oldSegments, config.fileDeleteDelayMs(), "replaced by a cleaned segment");
        cleaned.changeFileSuffixes(Log.SWAP_FILE_SUFFIX, "");
        AtomicFiles.fsyncDirectory(dir.toPath());
    }

    /**
     * Forces the segments holding offsets in {@code [recoveryPoint, offset)} to disk. Takes no lock: a segment
     * truncated away or closed meanwhile has nothing left to flush.
     */
    void flushSegments(long offset) {
        long from = recoveryPoint;
        if (offset <= from) {
            return;
        }
        Long firstKey = segments.floorKey(from);
        Map<Long, LogSegment> toFlush = firstKey == null ? segments.headMap(offset, false)
            : segments.subMap(firstKey, true, offset, false);
        for (LogSegment segment : toFlush.values()) {
            try {
                segment.flush();
            } catch (ClosedChannelException e) {
                if (!closed && segments.get(segment.baseOffset()) == segment) {
                    throw storageException("Failed to flush " + segment, e);
                }
            } catch (IOException e) {
                throw storageException("Failed to flush " + segment, e);
            }
        }
    }

    /** After {@link #flushSegments}: moves the recovery point up to {@code offset}. Caller holds the lock. */
    void markFlushed(long offset) {
        if (offset > recoveryPoint) {
            recoveryPoint = Math.min(offset, logEndOffset());
        }
        lastFlushedTime = clock.getAsLong();
    }

    /** Closes the segment files (trimming the indexes); does not flush. Idempotent. Caller holds the lock. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (LogSegment segment : segments.values()) {
            try {
                segment.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw storageException("Failed to close the log of " + topicPartition, failure);
        }
    }

    /**
     * Closes the log and renames its directory to {@code <topic>-<partition>.<uuid>-delete}; returns the new path
     * (null when the directory was gone already). Caller holds the lock.
     */
    Path closeAndRenameForDeletion() throws IOException {
        close();
        segments.clear();
        return SegmentDeleter.renameDirForDeletion(dir);
    }

    KafkaStorageException storageException(String message, IOException cause) {
        File logDir = dir.getAbsoluteFile().getParentFile();
        return new KafkaStorageException(message + ": " + cause, logDir == null ? null : logDir.getPath(), cause);
    }
}
