package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongSupplier;

/**
 * Loads a partition directory into a {@link Log}'s segment map, undoing or finishing whatever a crash interrupted:
 * <ol>
 *   <li>deletes leftover {@code .deleted} files (segments whose deletion was pending), {@code .cleaned} files (a
 *       cleaning that had not reached its swap), index files with a {@code .swap} suffix (rebuilt below) and
 *       temporary {@code .tmp} files;</li>
 *   <li>completes every {@code <base>.log.swap} (a cleaned segment whose swap had begun): rebuilds its indexes,
 *       deletes the old segments whose base offsets lie in its offset range, and renames it to its final name;</li>
 *   <li>deletes index files without a log file; opens every {@code <20-digit offset>.log} segment; rebuilds
 *       indexes that are missing or fail their sanity check;</li>
 *   <li>after an unclean shutdown recovers every segment from the one holding the recovery point on, deleting
 *       the segments after one that had to be truncated;</li>
 *   <li>creates an empty segment at the log start offset when none is left (or when the log ends below the log
 *       start offset), and resizes the active segment's indexes for appends.</li>
 * </ol>
 * {@link #loadLeaderEpochCache} then loads the {@code leader-epoch-checkpoint} (rebuilt from the batch headers
 * when missing or malformed) and the producers' state. Not thread-safe: used once, before the log is shared.
 */
final class LogLoader {
    private static final Logger LOG = LoggerFactory.getLogger(LogLoader.class);

    /** What the loaded files say. */
    record LoadedLogOffsets(long logStartOffset, long recoveryPoint, LogOffsetMetadata nextOffsetMetadata) {
    }

    private final File dir;
    private final TopicPartition topicPartition;
    private final LogConfig config;
    private final LongSupplier clock;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;

    LogLoader(File dir, TopicPartition topicPartition, LogConfig config, LongSupplier clock,
              ConcurrentSkipListMap<Long, LogSegment> segments) {
        this.dir = dir;
        this.topicPartition = topicPartition;
        this.config = config;
        this.clock = clock;
        this.segments = segments;
    }

    /**
     * Loads (and if needed recovers) the segments into the map; returns the log start offset, the recovery point
     * and the log end offset.
     */
    LoadedLogOffsets load(long checkpointedRecoveryPoint, long checkpointedLogStartOffset, boolean hadCleanShutdown)
        throws IOException {
        Files.createDirectories(dir.toPath());
        List<Long> baseOffsets = new ArrayList<>();
        File[] files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list the files of " + dir);
        }
        TreeSet<Long> swaps = new TreeSet<>();
        for (File file : files) {
            String name = file.getName();
            if (name.endsWith(Log.DELETED_FILE_SUFFIX) || name.endsWith(Log.CLEANED_FILE_SUFFIX)
                || name.endsWith(AtomicFiles.TMP_SUFFIX)) {
                LOG.info("Deleting leftover file {}.", file);
                Files.deleteIfExists(file.toPath());
            } else if (name.endsWith(Log.SWAP_FILE_SUFFIX)) {
                String unswapped = name.substring(0, name.length() - Log.SWAP_FILE_SUFFIX.length());
                long base = LogSegment.offsetFromFileName(unswapped, LogSegment.LOG_FILE_SUFFIX);
                if (base >= 0) {
                    swaps.add(base);
                } else {
                    LOG.info("Deleting the swapped index file {}; the index is rebuilt.", file);
                    Files.deleteIfExists(file.toPath());
                }
            }
        }
        for (long swapBase : swaps) {
            completeSwap(swapBase);
        }
        files = dir.listFiles();
        if (files == null) {
            throw new IOException("Cannot list the files of " + dir);
        }
        for (File file : files) {
            long base = LogSegment.offsetFromFileName(file.getName(), LogSegment.LOG_FILE_SUFFIX);
            if (base >= 0) {
                baseOffsets.add(base);
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
        // After an unclean shutdown the segments from the one holding the recovery point on are recovered anyway.
        long recoverFromBase = Long.MAX_VALUE;
        if (!hadCleanShutdown && !baseOffsets.isEmpty()) {
            recoverFromBase = baseOffsets.get(0);
            for (long base : baseOffsets) {
                if (base <= checkpointedRecoveryPoint) {
                    recoverFromBase = base;
                }
            }
        }
        for (long base : baseOffsets) {
            boolean indexesExist = LogSegment.indexFile(dir, base).exists()
                && LogSegment.timeIndexFile(dir, base).exists();
            LogSegment segment = LogSegment.open(dir, base, config, clock);
            segments.put(base, segment);
            if (base >= recoverFromBase) {
                continue;
            }
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
                topicPartition, logEndOffset, checkpointedLogStartOffset);
            deleteAllSegments();
            addSegment(checkpointedLogStartOffset);
            logEndOffset = checkpointedLogStartOffset;
        }
        LogSegment active = activeSegment();
        active.resizeIndexes(config.segmentIndexBytes());
        long logStartOffset = Math.max(checkpointedLogStartOffset, segments.firstKey());
        long recoveryPoint = hadCleanShutdown ? logEndOffset : Math.min(checkpointedRecoveryPoint, logEndOffset);
        LOG.info("Loaded the log of {} in {}: {} segments, log start offset {}, log end offset {}.", topicPartition,
            dir, segments.size(), logStartOffset, logEndOffset);
        return new LoadedLogOffsets(logStartOffset, recoveryPoint,
            new LogOffsetMetadata(logEndOffset, active.baseOffset(), active.size()));
    }

    /**
     * Finishes the swap of the cleaned segment {@code <swapBase>.log.swap}: rebuilds its indexes (validating it),
     * deletes the segments it replaces (base offsets in [swapBase, its next offset)), renames it to its final name.
     */
    private void completeSwap(long swapBase) throws IOException {
        LogSegment swap = LogSegment.open(dir, swapBase, config, clock, Log.SWAP_FILE_SUFFIX, 0);
        long next;
        try {
            int truncated = swap.recover();
            if (truncated > 0) {
                LOG.warn("Truncated {} invalid bytes from the swap segment {}.", truncated, swap);
            }
            next = swap.readNextOffset();
        } catch (IOException | RuntimeException e) {
            swap.close();
            throw e;
        }
        File[] files = dir.listFiles();
        if (files == null) {
            swap.close();
            throw new IOException("Cannot list the files of " + dir);
        }
        for (File file : files) {
            String name = file.getName();
            long base = Math.max(LogSegment.offsetFromFileName(name, LogSegment.LOG_FILE_SUFFIX),
                Math.max(LogSegment.offsetFromFileName(name, LogSegment.INDEX_FILE_SUFFIX),
                    LogSegment.offsetFromFileName(name, LogSegment.TIME_INDEX_FILE_SUFFIX)));
            if (base >= swapBase && base < Math.max(next, swapBase + 1)) {
                LOG.info("Deleting {}, replaced by the cleaned segment {}.", file, swap);
                Files.deleteIfExists(file.toPath());
            }
        }
        swap.changeFileSuffixes(Log.SWAP_FILE_SUFFIX, "");
        swap.close();
        AtomicFiles.fsyncDirectory(dir.toPath());
        LOG.info("Completed the interrupted swap of a cleaned segment of {} at offset {} (next offset {}).",
            topicPartition, swapBase, next);
    }

    /**
     * The leader epoch cache from {@code leader-epoch-checkpoint}, cut to the loaded log's offsets; rebuilt from
     * the batch headers when the file is missing (with data in the log) or malformed. Also rebuilds the producers'
     * state into {@code producers} from the batch headers after the log start offset.
     */
    LeaderEpochFileCache loadLeaderEpochCache(ProducerStateManager producers, LoadedLogOffsets loaded)
        throws IOException {
        LeaderEpochCheckpointFile checkpoint = LeaderEpochCheckpointFile.in(dir);
        boolean rebuildEpochs = !checkpoint.file().exists()
            && loaded.nextOffsetMetadata().messageOffset() > loaded.logStartOffset();
        LeaderEpochFileCache cache;
        try {
            cache = new LeaderEpochFileCache(topicPartition, checkpoint);
        } catch (IOException e) {
            LOG.warn("{} Rebuilding it from the log.", e.getMessage());
            Files.deleteIfExists(checkpoint.file().toPath());
            cache = new LeaderEpochFileCache(topicPartition, checkpoint);
            rebuildEpochs = true;
        }
        LeaderEpochFileCache epochs = cache;
        scanBatches(segments.values(), loaded.logStartOffset(), header -> {
            producers.updateFromBatch(header.producerId(), header.producerEpoch(), header.baseSequence(),
                header.lastSequence(), header.baseOffset(), header.lastOffset(), header.maxTimestamp(),
                header.isControlBatch());
        });
        if (rebuildEpochs) {
            scanBatches(segments.values(), loaded.logStartOffset(),
                header -> epochs.assign(header.partitionLeaderEpoch(), header.baseOffset()));
        }
        epochs.truncateFromEnd(loaded.nextOffsetMetadata().messageOffset());
        epochs.truncateFromStart(loaded.logStartOffset());
        return epochs;
    }

    /** Rebuilds the producers' state from the batch headers at or after {@code fromOffset}. */
    static void rebuildProducerState(Collection<LogSegment> segments, long fromOffset,
                                     ProducerStateManager producers) throws IOException {
        scanBatches(segments, fromOffset, header -> producers.updateFromBatch(header.producerId(),
            header.producerEpoch(), header.baseSequence(), header.lastSequence(), header.baseOffset(),
            header.lastOffset(), header.maxTimestamp(), header.isControlBatch()));
    }

    /** Something done with each batch header. */
    @FunctionalInterface
    interface BatchVisitor {
        void visit(BatchHeader header) throws IOException;
    }

    /** Calls {@code visitor} for every batch (in offset order) whose last offset is at or after {@code fromOffset}. */
    static void scanBatches(Collection<LogSegment> segments, long fromOffset, BatchVisitor visitor)
        throws IOException {
        ByteBuffer scratch = FileRecords.headerBuffer();
        for (LogSegment segment : segments) {
            FileRecords records = segment.log();
            int end = records.sizeInBytes();
            BatchHeader header = fromOffset > segment.baseOffset() ? segment.translateOffset(fromOffset, 0, scratch)
                : records.batchAt(0, end, scratch);
            while (header != null) {
                if (header.lastOffset() >= fromOffset) {
                    visitor.visit(header);
                }
                header = records.batchAt(header.end(), end, scratch);
            }
        }
    }

    /** Recovers every segment from the one holding {@code fromOffset}; after one that was truncated, deletes the rest. */
    private void recoverFrom(long fromOffset) throws IOException {
        Long start = segments.floorKey(fromOffset);
        List<LogSegment> unflushed = new ArrayList<>(segments.tailMap(start == null ? segments.firstKey() : start)
            .values());
        LOG.info("Recovering the log of {} from offset {} ({} segments): the previous shutdown was not clean.",
            topicPartition, fromOffset, unflushed.size());
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


    private LogSegment activeSegment() {
        return segments.lastEntry().getValue();
    }

    private void addSegment(long baseOffset) throws IOException {
        segments.put(baseOffset, LogSegment.open(dir, baseOffset, config, clock));
    }

    private void deleteAllSegments() throws IOException {
        for (LogSegment segment : new ArrayList<>(segments.values())) {
            segments.remove(segment.baseOffset());
            segment.deleteIfExists();
        }
    }
}
