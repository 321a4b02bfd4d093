package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;
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
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The log of one partition: the directory {@code <logDir>/<topic>-<partition>/} holding its segments, kept in a
 * skip list by base offset; the last segment is the active one that appends go to. Offsets run from
 * {@link #logStartOffset()} to {@link #logEndOffset()} (exclusive). On open the segments are loaded and, unless the
 * previous shutdown was clean, those from the recovery point on are re-validated and truncated at the first bad
 * batch (see {@link LogSegment#recover()}); segments whose index files are missing or fail their sanity check are
 * recovered in any case. Leftover {@code .deleted} and {@code .cleaned} files are removed.
 *
 * <p>Thread safety: thread-safe. Appends, rolls, truncations and closing are serialized by a lock per log; reads
 * take no lock and see whole batches below the log end offset they started with; I/O errors surface as
 * {@link KafkaStorageException}.
 */
public final class Log implements Closeable {
    public static final String DELETE_DIR_SUFFIX = "-delete";
    public static final String DELETED_FILE_SUFFIX = ".deleted";
    public static final String CLEANED_FILE_SUFFIX = ".cleaned";
    public static final String SWAP_FILE_SUFFIX = ".swap";

    private static final Logger LOG = LoggerFactory.getLogger(Log.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final File dir;
    private final String topic;
    private final int partition;
    private final LongSupplier clock;
    private final ConcurrentSkipListMap<Long, LogSegment> segments = new ConcurrentSkipListMap<>();
    private volatile LogConfig config;
    private volatile LogOffsetMetadata nextOffsetMetadata;
    private volatile long logStartOffset;
    private volatile long highWatermark;
    private volatile long recoveryPoint;
    private volatile boolean closed;

    private Log(File dir, String topic, int partition, LogConfig config, LongSupplier clock) {
        this.dir = dir;
        this.topic = topic;
        this.partition = partition;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Opens (creating if needed) the log of {@code topic}-{@code partition} in {@code dir}.
     *
     * @param recoveryPoint    the offset below which data is known to be flushed (from the recovery-point checkpoint)
     * @param logStartOffset   the checkpointed log start offset (0 if unknown)
     * @param hadCleanShutdown whether the log directory held the clean-shutdown marker; if not, the segments from
     *                         the recovery point on are recovered
     * @param clock            milliseconds since the epoch (for {@code segment.ms} and LogAppendTime)
     * @throws KafkaStorageException when the files cannot be read or written
     */
    public static Log open(File dir, String topic, int partition, LogConfig config, long recoveryPoint,
                           long logStartOffset, boolean hadCleanShutdown, LongSupplier clock) {
        Log log = new Log(dir, topic, partition, config, clock);
        try {
            log.load(recoveryPoint, logStartOffset, hadCleanShutdown);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : log.segments.values()) {
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

    private void load(long checkpointedRecoveryPoint, long checkpointedLogStartOffset, boolean hadCleanShutdown)
        throws IOException {
        Files.createDirectories(dir.toPath());
        List<Long> baseOffsets = new ArrayList<>();
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list the files of " + dir);
        }
        for (File file : files) {
            String name = file.getName();
            if (name.endsWith(DELETED_FILE_SUFFIX) || name.endsWith(CLEANED_FILE_SUFFIX)) {
                LOG.info("Deleting leftover file {}.", file);
                Files.deleteIfExists(file.toPath());
            } else if (name.endsWith(SWAP_FILE_SUFFIX)) {
                LOG.warn("Ignoring swap file {}: this version does not compact logs.", file);
            } else {
                long base = LogSegment.offsetFromFileName(name, LogSegment.LOG_FILE_SUFFIX);
                if (base >= 0) {
                    baseOffsets.add(base);
                }
            }
        }
        for (File file : files) {
            String name = file.getName();
            long indexBase = Math.max(LogSegment.offsetFromFileName(name, LogSegment.INDEX_FILE_SUFFIX),
                LogSegment.offsetFromFileName(name, LogSegment.TIME_INDEX_FILE_SUFFIX));
            if (indexBase >= 0 && !baseOffsets.contains(indexBase)) {
                LOG.warn("Deleting index file {} that has no log file.", file);
                Files.deleteIfExists(file.toPath());
            }
        }
        baseOffsets.sort(Comparator.naturalOrder());
        for (long base : baseOffsets) {
            boolean indexesExist = LogSegment.indexFile(dir, base).exists()
                && LogSegment.timeIndexFile(dir, base).exists();
            LogSegment segment = LogSegment.open(dir, base, config, clock);
            segments.put(base, segment);
            boolean rebuild = !indexesExist;
            if (indexesExist) {
                try {
                    segment.sanityCheck();
                } catch (CorruptIndexException e) {
                    LOG.warn("{}; rebuilding the indexes of {}.", e.getMessage(), segment);
                    rebuild = true;
                }
            } else {
                LOG.info("Rebuilding the missing index files of {}.", segment);
            }
            if (rebuild) {
                int truncated = segment.recover();
                if (truncated > 0) {
                    LOG.warn("Truncated {} invalid bytes from {} while rebuilding its indexes.", truncated, segment);
                }
            }
        }

        if (!hadCleanShutdown && !segments.isEmpty()) {
            recoverFrom(checkpointedRecoveryPoint);
        }
        if (segments.isEmpty()) {
            addSegment(Math.max(checkpointedLogStartOffset, 0));
        }
        long logEndOffset = activeSegment().readNextOffset();
        if (logEndOffset < checkpointedLogStartOffset) {
            LOG.warn("Deleting all segments of {}: the log end offset {} is below the log start offset {}.",
                topicPartition(), logEndOffset, checkpointedLogStartOffset);
            deleteAllSegments();
            addSegment(checkpointedLogStartOffset);
            logEndOffset = checkpointedLogStartOffset;
        }
        LogSegment active = activeSegment();
        active.resizeIndexes(config.segmentIndexBytes());
        this.logStartOffset = Math.max(checkpointedLogStartOffset, segments.firstKey());
        this.nextOffsetMetadata = new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size());
        this.recoveryPoint = hadCleanShutdown ? logEndOffset : Math.min(checkpointedRecoveryPoint, logEndOffset);
        this.highWatermark = this.logStartOffset;
        LOG.info("Loaded the log of {} in {}: {} segments, log start offset {}, log end offset {}.", topicPartition(),
            dir, segments.size(), logStartOffset, logEndOffset);
    }

    /** Recovers every segment from the one holding {@code fromOffset}; after one that was truncated, deletes the rest. */
    private void recoverFrom(long fromOffset) throws IOException {
        Long start = segments.floorKey(fromOffset);
        List<LogSegment> unflushed = new ArrayList<>(segments.tailMap(start == null ? segments.firstKey() : start)
            .values());
        LOG.info("Recovering the log of {} from offset {} ({} segments): the previous shutdown was not clean.",
            topicPartition(), fromOffset, unflushed.size());
        for (int i = 0; i < unflushed.size(); i++) {
            LogSegment segment = unflushed.get(i);
            int truncated = segment.recover();
            if (truncated > 0) {
                LOG.warn("Truncated {} invalid bytes at the end of {}.", truncated, segment);
                for (LogSegment later : unflushed.subList(i + 1, unflushed.size())) {
                    LOG.warn("Deleting {}, which follows the invalid bytes.", later);
                    segments.remove(later.baseOffset());
                    later.deleteIfExists();
                }
                return;
            }
        }
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    public File dir() {
        return dir;
    }

    public LogConfig config() {
        return config;
    }

    /** Applies a new configuration to later appends and rolls (indexes already allocated keep their size). */
    public void updateConfig(LogConfig newConfig) {
        this.config = newConfig;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    /** The offset the next appended record gets. */
    public long logEndOffset() {
        return nextOffsetMetadata.messageOffset();
    }

    public LogOffsetMetadata logEndOffsetMetadata() {
        return nextOffsetMetadata;
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
        return recoveryPoint;
    }

    /** Total bytes of record batches in all segments. */
    public long size() {
        long size = 0;
        for (LogSegment segment : segments.values()) {
            size += segment.size();
        }
        return size;
    }

    public int numberOfSegments() {
        return segments.size();
    }

    /** The segments in base offset order (a snapshot). */
    List<LogSegment> logSegments() {
        return new ArrayList<>(segments.values());
    }

    LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    /**
     * Appends batches from a producer (already validated: magic, CRC, counts, sizes). Rewrites them in place: each
     * batch's baseOffset (continuing from the log end offset; outside the CRC), its partitionLeaderEpoch, and for a
     * {@code LogAppendTime} topic its timestamp (the CRC is recomputed then). Rolls a new segment first when the
     * active one would exceed {@code segment.bytes}, is older than {@code segment.ms}, or has a full index.
     *
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
        long rolledAt = -1;
        LogConfig cfg;
        lock.lock();
        try {
            checkNotClosed();
            cfg = config;
            if (size > cfg.segmentBytes()) {
                throw new RecordTooLargeException("Message batch size is " + size + " bytes in append to partition "
                    + topicPartition() + ", which exceeds the maximum configured segment size of "
                    + cfg.segmentBytes() + ".", true);
            }
            long logEndOffset = logEndOffset();
            long expected = logEndOffset;
            for (RecordBatch batch : RecordBatches.iterate(batches)) {
                if (batch.sizeInBytes() > cfg.maxMessageBytes()) {
                    throw new RecordTooLargeException("The record batch of " + batch.sizeInBytes() + " bytes in "
                        + "append to partition " + topicPartition() + " exceeds max.message.bytes ("
                        + cfg.maxMessageBytes() + ").", false);
                }
                if (!assignOffsets) {
                    if (batch.baseOffset() < expected || batch.lastOffset() < batch.baseOffset()) {
                        throw new IllegalArgumentException("Cannot append the batch with offsets ["
                            + batch.baseOffset() + ", " + batch.lastOffset() + "] to " + topicPartition()
                            + ": offsets must start at or above " + expected + " (log end offset "
                            + logEndOffset + ") and increase.");
                    }
                    expected = batch.lastOffset() + 1;
                }
            }

            long now = clock.getAsLong();
            boolean logAppendTime = assignOffsets && cfg.messageTimestampType() == TimestampType.LOG_APPEND_TIME;
            long nextOffset = logEndOffset;
            long firstOffset = -1;
            long lastOffset = -1;
            long maxTimestamp = RecordBatch.NO_TIMESTAMP;
            long offsetOfMaxTimestamp = -1;
            int numRecords = 0;
            for (RecordBatch batch : RecordBatches.iterate(batches)) {
                if (assignOffsets) {
                    batch.setBaseOffset(nextOffset);
                    batch.setPartitionLeaderEpoch(leaderEpoch);
                    if (logAppendTime) {
                        batch.setLogAppendTime(now);
                    }
                }
                if (firstOffset < 0) {
                    firstOffset = batch.baseOffset();
                }
                lastOffset = batch.lastOffset();
                nextOffset = lastOffset + 1;
                if (batch.maxTimestamp() > maxTimestamp) {
                    maxTimestamp = batch.maxTimestamp();
                    offsetOfMaxTimestamp = lastOffset;
                }
                numRecords += batch.recordsCount();
            }
            if (logAppendTime) {
                offsetOfMaxTimestamp = lastOffset;
            }

            LogSegment segment = activeSegment();
            if (segment.shouldRoll(size, maxTimestamp, lastOffset, now, cfg)) {
                long before = segment.baseOffset();
                segment = roll(firstOffset);
                if (segment.baseOffset() != before) {
                    rolledAt = segment.baseOffset();
                }
            }
            segment.append(lastOffset, maxTimestamp, offsetOfMaxTimestamp, batches);
            nextOffsetMetadata = new LogOffsetMetadata(lastOffset + 1, segment.baseOffset(), segment.size());
            info = new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : -1, maxTimestamp,
                offsetOfMaxTimestamp, numRecords, size);
        } catch (IOException e) {
            throw storageException("Failed to append " + size + " bytes to " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
        if (rolledAt >= 0) {
            flushUpTo(rolledAt);
        }
        if (logEndOffset() - recoveryPoint >= cfg.flushMessages()) {
            flush();
        }
        return info;
    }

    /** Makes a new active segment at {@code max(expectedNextOffset, logEndOffset)}. Caller holds the lock. */
    private LogSegment roll(long expectedNextOffset) throws IOException {
        long newOffset = Math.max(expectedNextOffset, logEndOffset());
        LogSegment active = activeSegment();
        if (active.baseOffset() == newOffset) {
            if (active.size() == 0) {
                return active;
            }
            throw new IllegalStateException("Cannot roll " + topicPartition() + " to a new segment at offset "
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
        LOG.info("Rolled a new segment for {} at offset {}.", topicPartition(), newOffset);
        return segment;
    }

    private LogSegment addSegment(long baseOffset) throws IOException {
        LogSegment segment = LogSegment.open(dir, baseOffset, config, clock);
        segments.put(baseOffset, segment);
        return segment;
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
        LogOffsetMetadata end = nextOffsetMetadata;
        long start = logStartOffset;
        if (startOffset > end.messageOffset() || startOffset < start) {
            throw new OffsetOutOfRangeException("Received request for offset " + startOffset + " for partition "
                + topicPartition() + ", but we only have log segments in the range " + start + " to "
                + end.messageOffset() + ".");
        }
        try {
            LogOffsetMetadata bound = end;
            if (maxOffsetExclusive < end.messageOffset()) {
                if (startOffset >= maxOffsetExclusive) {
                    return emptyRead(startOffset, end);
                }
                bound = convertToOffsetMetadata(maxOffsetExclusive);
            }
            if (startOffset >= bound.messageOffset()) {
                return emptyRead(startOffset, bound);
            }
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
            while (entry != null && entry.getKey() <= bound.segmentBaseOffset()) {
                LogSegment segment = entry.getValue();
                long maxPosition = segment.baseOffset() == bound.segmentBaseOffset()
                    ? bound.relativePositionInSegment() : segment.size();
                FetchDataInfo info = segment.read(startOffset, maxBytes, maxPosition, minOneMessage);
                if (info != null) {
                    return info;
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return emptyRead(startOffset, bound);
        } catch (IOException e) {
            throw storageException("Failed to read " + topicPartition() + " at offset " + startOffset, e);
        }
    }

    /** Where {@code offset} is: its segment and the position of the batch holding it (or the segment's end). */
    private LogOffsetMetadata convertToOffsetMetadata(long offset) throws IOException {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        if (entry == null) {
            entry = segments.firstEntry();
        }
        LogSegment segment = entry.getValue();
        BatchHeader batch = segment.translateOffset(offset, 0, FileRecords.headerBuffer());
        return new LogOffsetMetadata(offset, segment.baseOffset(), batch == null ? segment.size() : batch.position());
    }

    private FetchDataInfo emptyRead(long startOffset, LogOffsetMetadata at) {
        LogSegment segment = segments.get(at.segmentBaseOffset());
        if (segment == null) {
            segment = activeSegment();
        }
        return new FetchDataInfo(new LogOffsetMetadata(startOffset, at.segmentBaseOffset(),
            at.relativePositionInSegment()), segment.log().slice(0, 0));
    }

    /**
     * The first record (from the log start offset on) whose timestamp is {@code >= timestamp}, with its timestamp
     * and its batch's leader epoch; empty when every record is older. (The special targets -2 earliest and -1
     * latest are the caller's.)
     */
    public Optional<TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        try {
            long start = logStartOffset;
            for (LogSegment segment : segments.values()) {
                if (segment.largestTimestamp() >= timestamp) {
                    Optional<TimestampAndOffset> found = segment.findOffsetByTimestamp(timestamp, start);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw storageException("Failed to search " + topicPartition() + " by timestamp " + timestamp, e);
        }
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
            checkNotClosed();
            if (targetOffset >= logEndOffset()) {
                return false;
            }
            if (targetOffset < logStartOffset) {
                truncateFullyAndStartAt(targetOffset);
                return true;
            }
            LOG.info("Truncating {} to offset {} (log end offset {}).", topicPartition(), targetOffset,
                logEndOffset());
            for (LogSegment segment : new ArrayList<>(segments.tailMap(targetOffset, false).values())) {
                segments.remove(segment.baseOffset());
                segment.deleteIfExists();
            }
            LogSegment active = activeSegment();
            active.truncateTo(targetOffset);
            long logEndOffset = active.readNextOffset();
            nextOffsetMetadata = new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size());
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
            highWatermark = Math.min(highWatermark, logEndOffset);
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
            checkNotClosed();
            LOG.info("Truncating {} fully and starting it at offset {}.", topicPartition(), newOffset);
            deleteAllSegments();
            LogSegment segment = addSegment(newOffset);
            nextOffsetMetadata = new LogOffsetMetadata(newOffset, newOffset, 0);
            logStartOffset = newOffset;
            recoveryPoint = newOffset;
            highWatermark = newOffset;
            segment.flush();
        } catch (IOException e) {
            throw storageException("Failed to restart " + topicPartition() + " at offset " + newOffset, e);
        } finally {
            lock.unlock();
        }
    }

    private void deleteAllSegments() throws IOException {
        for (LogSegment segment : new ArrayList<>(segments.values())) {
            segments.remove(segment.baseOffset());
            segment.deleteIfExists();
        }
    }

    /** Forces everything up to the log end offset to disk and moves the recovery point there. */
    public void flush() {
        flushUpTo(logEndOffset());
    }

    /** Flushes the segments holding offsets in [recoveryPoint, offset) without holding the append lock. */
    private void flushUpTo(long offset) {
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
                // the segment was truncated away or the log closed meanwhile: nothing left to flush
            } catch (IOException e) {
                throw storageException("Failed to flush " + segment, e);
            }
        }
        lock.lock();
        try {
            if (offset > recoveryPoint) {
                recoveryPoint = Math.min(offset, logEndOffset());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the segment files (trimming the indexes); does not flush. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
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
                throw storageException("Failed to close the log of " + topicPartition(), failure);
            }
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
            close();
            Path target = dir.toPath().resolveSibling(dir.getName() + "."
                + UUID.randomUUID().toString().replace("-", "") + DELETE_DIR_SUFFIX);
            if (Files.exists(dir.toPath())) {
                Files.move(dir.toPath(), target, StandardCopyOption.ATOMIC_MOVE);
                deleteRecursively(target);
            }
            segments.clear();
            LOG.info("Deleted the log of {} in {}.", topicPartition(), dir);
        } catch (IOException e) {
            throw storageException("Failed to delete the log of " + topicPartition(), e);
        } finally {
            lock.unlock();
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new IllegalStateException("The log of " + topicPartition() + " in " + dir + " is closed.");
        }
    }

    private KafkaStorageException storageException(String message, IOException cause) {
        File logDir = dir.getAbsoluteFile().getParentFile();
        return new KafkaStorageException(message + ": " + cause, logDir == null ? null : logDir.getPath(), cause);
    }

    @Override
    public String toString() {
        return "Log(" + topicPartition() + ", dir=" + dir + ", logStartOffset=" + logStartOffset
            + ", logEndOffset=" + logEndOffset() + ", highWatermark=" + highWatermark + ")";
    }
}
