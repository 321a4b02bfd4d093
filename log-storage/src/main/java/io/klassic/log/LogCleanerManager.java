package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;
import io.klassic.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The cleaner's state: which logs are being cleaned, paused or aborted, and how far each compacted log is clean,
 * kept per log directory in {@code cleaner-offset-checkpoint} ({@link OffsetCheckpointFile} format: topic,
 * partition, first dirty offset). Chooses the next log to clean: among compacted logs not in progress or paused,
 * the one with the largest cleanable ratio above its {@code min.cleanable.dirty.ratio}, or one whose
 * {@code max.compaction.lag.ms} has passed, or else one whose tombstones' delete horizon has passed.
 *
 * <p>Thread safety: thread-safe; every method holds this object's monitor (waiting on it while an abort is pending).
 */
final class LogCleanerManager {
    static final String CLEANER_OFFSET_CHECKPOINT = "cleaner-offset-checkpoint";

    private static final Logger LOG = LoggerFactory.getLogger(LogCleanerManager.class);

    private enum State { IN_PROGRESS, ABORTED, PAUSED }

    private final Supplier<Collection<Log>> logs;
    private final LongSupplier clock;
    private final Map<File, OffsetCheckpointFile> checkpoints = new LinkedHashMap<>();
    private final Map<TopicPartition, State> states = new HashMap<>();
    private final Map<TopicPartition, Integer> pauseCounts = new HashMap<>();

    LogCleanerManager(List<File> logDirs, Supplier<Collection<Log>> logs, LongSupplier clock) {
        this.logs = logs;
        this.clock = clock;
        for (File dir : logDirs) {
            File absolute = dir.getAbsoluteFile();
            checkpoints.put(absolute, new OffsetCheckpointFile(new File(absolute, CLEANER_OFFSET_CHECKPOINT)));
        }
    }

    /** Every log directory's checkpointed first dirty offsets; an unreadable file counts as empty. */
    synchronized Map<TopicPartition, Long> allCleanerCheckpoints() {
        Map<TopicPartition, Long> all = new HashMap<>();
        for (OffsetCheckpointFile file : checkpoints.values()) {
            try {
                all.putAll(file.read());
            } catch (IOException e) {
                LOG.warn("Ignoring the cleaner offset checkpoint: {}", e.getMessage());
            }
        }
        return all;
    }

    /**
     * Picks the log to clean next and marks it in progress; empty when none needs cleaning.
     */
    synchronized Optional<LogToClean> grabFilthiestCompactedLog() {
        long now = clock.getAsLong();
        Map<TopicPartition, Long> lastClean = allCleanerCheckpoints();
        LogToClean filthiest = null;
        LogToClean expiredTombstones = null;
        for (Log log : logs.get()) {
            TopicPartition tp = log.topicPartition();
            if (!log.config().compact() || states.containsKey(tp)) {
                continue;
            }
            LogToClean candidate;
            try {
                candidate = cleanable(log, lastClean.get(tp), now);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Skipping {} this round: {}", tp, e.toString());
                continue;
            }
            if (candidate.totalBytes() <= 0) {
                continue;
            }
            boolean cleanable = (candidate.needCompactionNow() && candidate.cleanableBytes() > 0)
                || candidate.cleanableRatio() > log.config().minCleanableDirtyRatio();
            if (cleanable) {
                if (filthiest == null || candidate.cleanableRatio() > filthiest.cleanableRatio()) {
                    filthiest = candidate;
                }
            } else if (log.latestDeleteHorizon() != RecordBatch.NO_TIMESTAMP && log.latestDeleteHorizon() <= now
                && expiredTombstones == null) {
                expiredTombstones = candidate;
            }
        }
        LogToClean chosen = filthiest != null ? filthiest : expiredTombstones;
        if (chosen != null) {
            states.put(chosen.topicPartition(), State.IN_PROGRESS);
        }
        return Optional.ofNullable(chosen);
    }

    /** The cleanable range of {@code log} given its checkpointed first dirty offset (null if none). */
    static LogToClean cleanable(Log log, Long checkpointed, long now) throws IOException {
        long logStart = log.logStartOffset();
        long firstDirty = checkpointed == null ? logStart : checkpointed;
        if (firstDirty < logStart || firstDirty > log.logEndOffset()) {
            if (checkpointed != null) {
                LOG.info("Resetting the first dirty offset of {} to the log start offset {}: the checkpointed {} is "
                    + "out of range.", log.topicPartition(), logStart, checkpointed);
            }
            firstDirty = logStart;
        }
        LogConfig config = log.config();
        LogSegment active = log.activeSegment();
        long uncleanable = Math.min(log.highWatermark(), active.baseOffset());
        if (config.minCompactionLagMs() > 0) {
            for (LogSegment segment : log.logSegments(firstDirty, active.baseOffset())) {
                if (segment != active && segment.largestTimestamp() > now - config.minCompactionLagMs()) {
                    uncleanable = Math.min(uncleanable, segment.baseOffset());
                    break;
                }
            }
        }
        boolean needCompactionNow = false;
        if (config.maxCompactionLagMs() < Long.MAX_VALUE) {
            long earliest = Long.MAX_VALUE;
            for (LogSegment segment : log.logSegments(firstDirty, active.baseOffset())) {
                if (segment == active) {
                    continue;
                }
                BatchHeader first = segment.log().batchAt(0, segment.size(), FileRecords.headerBuffer());
                if (first != null && first.maxTimestamp() > 0) {
                    earliest = Math.min(earliest, first.maxTimestamp());
                }
            }
            needCompactionNow = earliest < now - config.maxCompactionLagMs();
        }
        return LogToClean.of(log, firstDirty, uncleanable, needCompactionNow);
    }

    /**
     * The cleaning of {@code tp} ended: on success records {@code endOffset} as its first dirty offset in its log
     * directory's checkpoint. A cleaning that was aborted meanwhile leaves the log paused.
     */
    synchronized void doneCleaning(TopicPartition tp, File logDir, long endOffset) {
        State state = states.get(tp);
        if (state == State.ABORTED) {
            states.put(tp, State.PAUSED);
            notifyAll();
            return;
        }
        if (endOffset >= 0) {
            updateCheckpoint(logDir, tp, endOffset);
        }
        states.remove(tp);
        notifyAll();
    }

    /**
     * Stops any cleaning of {@code tp} (waiting until the cleaner notices) and keeps it from being cleaned until
     * {@link #resumeCleaning}. Pauses nest.
     */
    synchronized void abortAndPauseCleaning(TopicPartition tp) throws InterruptedException {
        State state = states.get(tp);
        if (state == State.IN_PROGRESS) {
            states.put(tp, State.ABORTED);
        } else if (state == null) {
            states.put(tp, State.PAUSED);
        }
        while (states.get(tp) == State.ABORTED) {
            wait();
        }
        pauseCounts.merge(tp, 1, Integer::sum);
    }

    /** Undoes one {@link #abortAndPauseCleaning}. */
    synchronized void resumeCleaning(TopicPartition tp) {
        int count = pauseCounts.getOrDefault(tp, 0) - 1;
        if (count <= 0) {
            pauseCounts.remove(tp);
            if (states.get(tp) == State.PAUSED) {
                states.remove(tp);
            }
        } else {
            pauseCounts.put(tp, count);
        }
    }

    /** Throws when the cleaning of {@code tp} was aborted (the cleaner calls this between steps). */
    synchronized void checkCleaningAborted(TopicPartition tp) {
        if (states.get(tp) == State.ABORTED) {
            throw new LogCleaningAbortedException("The cleaning of " + tp + " was aborted.");
        }
    }

    synchronized boolean isInProgress(TopicPartition tp) {
        return states.get(tp) == State.IN_PROGRESS;
    }

    /** Removes {@code tp} from its directory's checkpoint and forgets its state (the log was deleted). */
    synchronized void remove(File logDir, TopicPartition tp) {
        states.remove(tp);
        pauseCounts.remove(tp);
        updateCheckpoint(logDir, tp, null);
    }

    /** Lowers {@code tp}'s checkpointed offset to {@code offset} when above it (the log was truncated). */
    synchronized void maybeTruncateCheckpoint(File logDir, TopicPartition tp, long offset) {
        OffsetCheckpointFile file = checkpoints.get(logDir.getAbsoluteFile());
        if (file == null) {
            return;
        }
        try {
            Long current = file.read().get(tp);
            if (current != null && current > offset) {
                updateCheckpoint(logDir, tp, offset);
            }
        } catch (IOException e) {
            LOG.warn("Could not read {}: {}", file.file(), e.getMessage());
        }
    }

    private void updateCheckpoint(File logDir, TopicPartition tp, Long offset) {
        OffsetCheckpointFile file = logDir == null ? null : checkpoints.get(logDir.getAbsoluteFile());
        if (file == null) {
            return;
        }
        Map<TopicPartition, Long> current;
        try {
            current = new LinkedHashMap<>(file.read());
        } catch (IOException e) {
            LOG.warn("Rewriting the unreadable {}: {}", file.file(), e.getMessage());
            current = new LinkedHashMap<>();
        }
        if (offset == null) {
            if (current.remove(tp) == null) {
                return;
            }
        } else {
            current.put(tp, offset);
        }
        Map<TopicPartition, Long> sorted = new LinkedHashMap<>();
        current.entrySet().stream()
            .sorted(Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
                .thenComparingInt(e -> e.getKey().partition()))
            .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        try {
            file.write(sorted);
        } catch (IOException e) {
            throw new KafkaStorageException("Failed to write " + file.file() + ": " + e, logDir.getPath(), e);
        }
    }
}
