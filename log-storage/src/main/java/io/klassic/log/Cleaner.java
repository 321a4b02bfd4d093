package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Compacts one log (the algorithm; {@link LogCleaner} runs it on threads, {@link LogCleanerManager} picks the logs).
 * <ol>
 *   <li>Builds a {@link SkimpyOffsetMap} of key → last offset over the dirty part
 *       {@code [firstDirtyOffset, firstUncleanableOffset)}, stopping early when the map is full; the map's last
 *       offset + 1 is where this cleaning ends.</li>
 *   <li>Groups the segments from the log start up to there into runs whose total sizes fit one segment
 *       ({@code segment.bytes}, {@code segment.index.bytes}, offsets within 2^31 of the base).</li>
 *   <li>Copies each group into one {@code .cleaned} segment, batch by batch, keeping a record when no later record
 *       of its key is in the map, and a tombstone (null value) only until its batch's delete horizon
 *       ({@code delete.retention.ms} after the first cleaning that saw it, stamped in the batch) has passed.
 *       Keyless records are dropped. Unchanged batches are copied byte for byte; changed ones are rewritten with
 *       their codec, offsets and producer fields ({@link RecordBatchRewriter}); a batch emptied of records is kept
 *       only when it is a producer's last. Control batches are kept.</li>
 *   <li>Swaps the cleaned segment in for the group ({@link Log#replaceSegments}).</li>
 * </ol>
 * Offsets never change; the active segment is never touched. Not thread-safe: one instance per cleaner thread.
 */
final class Cleaner {
    private static final Logger LOG = LoggerFactory.getLogger(Cleaner.class);

    /** What one cleaning did. */
    record CleanResult(long endOffset, long bytesRead, long bytesWritten, long recordsRead, long recordsRetained,
                       int groups) {
    }

    private final SkimpyOffsetMap offsetMap;
    private final double dupBufferLoadFactor;
    private final int initialBufferSize;
    private final LongSupplier clock;
    private final Consumer<TopicPartition> checkDone;
    private ByteBuffer readBuffer;

    /**
     * @param checkDone throws {@link LogCleaningAbortedException} when the cleaning of the partition was aborted
     */
    Cleaner(SkimpyOffsetMap offsetMap, double dupBufferLoadFactor, int ioBufferSize, LongSupplier clock,
            Consumer<TopicPartition> checkDone) {
        this.offsetMap = offsetMap;
        this.dupBufferLoadFactor = dupBufferLoadFactor;
        this.initialBufferSize = Math.max(ioBufferSize, RecordBatch.RECORD_BATCH_OVERHEAD);
        this.clock = clock;
        this.checkDone = checkDone;
        this.readBuffer = ByteBuffer.allocate(initialBufferSize);
    }

    /** Cleans {@code cleanable}; returns where the clean part now ends (the next first dirty offset). */
    CleanResult clean(LogToClean cleanable) throws IOException {
        Log log = cleanable.log();
        TopicPartition tp = cleanable.topicPartition();
        long now = clock.getAsLong();
        offsetMap.clear();
        offsetMap.updateLatestOffset(cleanable.firstDirtyOffset() - 1);
        long[] stats = new long[4];
        buildOffsetMap(log, cleanable.firstDirtyOffset(), cleanable.firstUncleanableOffset(), stats);
        long endOffset = offsetMap.latestOffset() + 1;
        LOG.info("Cleaning {}: offsets [{}, {}), {} keys in the offset map ({} % full).", tp, log.logStartOffset(),
            endOffset, offsetMap.size(), String.format("%.1f", offsetMap.utilization() * 100));
        Map<Long, Long> lastOffsetOfActiveProducers = log.lastOffsetOfActiveProducers();
        LogConfig config = log.config();
        List<List<LogSegment>> groups = groupSegmentsBySize(log.logSegments(0, endOffset), config.segmentBytes(),
            config.segmentIndexBytes(), endOffset);
        long[] horizon = {RecordBatch.NO_TIMESTAMP};
        for (List<LogSegment> group : groups) {
            cleanSegments(log, group, now, lastOffsetOfActiveProducers, stats, horizon);
        }
        log.resetLatestDeleteHorizon(horizon[0]);
        return new CleanResult(endOffset, stats[0], stats[1], stats[2], stats[3], groups.size());
    }

    /** Puts the keys of {@code [start, end)} into the map, segment by segment, until it is full. */
    private void buildOffsetMap(Log log, long start, long end, long[] stats) throws IOException {
        int maxDesiredMapSize = (int) (offsetMap.slots() * dupBufferLoadFactor);
        TopicPartition tp = log.topicPartition();
        for (LogSegment segment : log.logSegments(start, end)) {
            if (segment.baseOffset() >= end) {
                break;
            }
            checkDone.accept(tp);
            BatchHeader first = segment.translateOffset(start, 0, FileRecords.headerBuffer());
            int position = first == null ? segment.size() : first.position();
            BatchReader reader = new BatchReader(segment, position);
            RecordBatch batch;
            while ((batch = reader.next()) != null) {
                if (batch.baseOffset() >= end) {
                    return;
                }
                if (!batch.isControlBatch()) {
                    for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                        Record record = it.next();
                        if (record.hasKey() && record.offset() >= start) {
                            if (offsetMap.size() >= maxDesiredMapSize) {
                                if (offsetMap.latestOffset() < start) {
                                    throw new IllegalStateException("The offset map of the log cleaner cannot hold "
                                        + "the keys of a single batch of " + tp + "; increase "
                                        + "log.cleaner.dedupe.buffer.size.");
                                }
                                return;
                            }
                            offsetMap.put(record.key(), record.offset());
                        }
                    }
                }
                if (batch.lastOffset() >= start) {
                    offsetMap.updateLatestOffset(Math.min(batch.lastOffset(), end - 1));
                }
            }
        }
    }

    /**
     * Kafka's grouping: consecutive segments whose log and index sizes add up to at most one segment's and whose
     * offsets stay within 2^31 of the group's base offset.
     */
    static List<List<LogSegment>> groupSegmentsBySize(List<LogSegment> segments, int maxSize, int maxIndexSize,
                                                      long firstUncleanableOffset) {
        List<List<LogSegment>> grouped = new ArrayList<>();
        int i = 0;
        while (i < segments.size()) {
            List<LogSegment> group = new ArrayList<>();
            LogSegment head = segments.get(i++);
            group.add(head);
            long logSize = head.size();
            long indexSize = (long) head.offsetIndex().entries() * OffsetIndex.ENTRY_SIZE;
            long timeIndexSize = (long) head.timeIndex().entries() * TimeIndex.ENTRY_SIZE;
            while (i < segments.size()) {
                LogSegment next = segments.get(i);
                long nextIndex = (long) next.offsetIndex().entries() * OffsetIndex.ENTRY_SIZE;
                long nextTimeIndex = (long) next.timeIndex().entries() * TimeIndex.ENTRY_SIZE;
                long lastOffset = i + 1 < segments.size() ? segments.get(i + 1).baseOffset() - 1
                    : firstUncleanableOffset - 1;
                boolean fits = logSize + next.size() <= maxSize && indexSize + nextIndex <= maxIndexSize
                    && timeIndexSize + nextTimeIndex <= maxIndexSize
                    && (next.size() == 0 || lastOffset - head.baseOffset() <= Integer.MAX_VALUE);
                if (!fits) {
                    break;
                }
                group.add(next);
                logSize += next.size();
                indexSize += nextIndex;
                timeIndexSize += nextTimeIndex;
                i++;
            }
            grouped.add(group);
        }
        return grouped;
    }

    /** Copies the retained data of {@code group} into one cleaned segment and swaps it in. */
    private void cleanSegments(Log log, List<LogSegment> group, long now, Map<Long, Long> lastOffsetOfActiveProducers,
                               long[] stats, long[] horizon) throws IOException {
        File dir = log.dir();
        long baseOffset = group.get(0).baseOffset();
        for (File stale : List.of(LogSegment.logFile(dir, baseOffset), LogSegment.indexFile(dir, baseOffset),
            LogSegment.timeIndexFile(dir, baseOffset))) {
            Files.deleteIfExists(new File(stale.getPath() + Log.CLEANED_FILE_SUFFIX).toPath());
        }
        LogSegment cleaned = LogSegment.open(dir, baseOffset, log.config(), clock, Log.CLEANED_FILE_SUFFIX, 0);
        boolean swapped = false;
        try {
            for (LogSegment segment : group) {
                checkDone.accept(log.topicPartition());
                cleanInto(log, segment, cleaned, now, lastOffsetOfActiveProducers, stats, horizon);
            }
            cleaned.onBecomeInactiveSegment();
            cleaned.flush();
            long lastModified = group.get(group.size() - 1).lastModified();
            if (lastModified > 0) {
                Files.setLastModifiedTime(cleaned.log().file().toPath(), FileTime.fromMillis(lastModified));
            }
            checkDone.accept(log.topicPartition());
            log.replaceSegments(cleaned, group);
            swapped = true;
        } finally {
            if (!swapped) {
                try {
                    cleaned.close();
                    cleaned.deleteIfExists();
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Failed to delete the abandoned cleaned segment {}: {}", cleaned, e.toString());
                }
            }
        }
    }

    private void cleanInto(Log log, LogSegment source, LogSegment dest, long now,
                           Map<Long, Long> lastOffsetOfActiveProducers, long[] stats, long[] horizon)
        throws IOException {
        long deleteRetentionMs = log.config().deleteRetentionMs();
        BatchReader reader = new BatchReader(source, 0);
        RecordBatch batch;
        while ((batch = reader.next()) != null) {
            stats[0] += batch.sizeInBytes();
            ByteBuffer output;
            if (batch.isControlBatch()) {
                output = batch.buffer();
            } else {
                output = filterBatch(batch, now, deleteRetentionMs, lastOffsetOfActiveProducers, stats, horizon);
            }
            if (output == null) {
                continue;
            }
            RecordBatch written = new RecordBatch(output);
            dest.append(written.lastOffset(), written.maxTimestamp(), written.lastOffset(), output);
            stats[1] += output.remaining();
        }
    }

    /** The batch as it should be written, or null to drop it. */
    private ByteBuffer filterBatch(RecordBatch batch, long now, long deleteRetentionMs,
                                   Map<Long, Long> lastOffsetOfActiveProducers, long[] stats, long[] horizon) {
        long batchHorizon = RecordBatchRewriter.deleteHorizonMs(batch);
        boolean retainDeletes = batchHorizon < 0 || now < batchHorizon;
        List<Record> retained = new ArrayList<>();
        boolean discarded = false;
        boolean hasTombstones = false;
        for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
            Record record = it.next();
            stats[2]++;
            boolean keep;
            if (record.offset() > offsetMap.latestOffset()) {
                keep = true;
            } else if (!record.hasKey()) {
                keep = false;
            } else {
                long found = offsetMap.get(record.key());
                keep = record.offset() >= found && (record.hasValue() || retainDeletes);
            }
            if (keep) {
                retained.add(record);
                hasTombstones |= !record.hasValue();
            } else {
                discarded = true;
            }
        }
        stats[3] += retained.size();
        boolean needHorizon = hasTombstones && batchHorizon < 0;
        if (hasTombstones) {
            long effective = needHorizon ? now + deleteRetentionMs : batchHorizon;
            horizon[0] = Math.max(horizon[0], effective);
        }
        if (!discarded && !needHorizon) {
            return batch.buffer();
        }
        if (retained.isEmpty()) {
            Long producerLast = batch.hasProducerId() ? lastOffsetOfActiveProducers.get(batch.producerId()) : null;
            if (producerLast == null || producerLast != batch.lastOffset()) {
                return null;
            }
        }
        long newHorizon = needHorizon ? now + deleteRetentionMs : (hasTombstones ? batchHorizon : -1);
        return RecordBatchRewriter.rewrite(batch, retained, newHorizon);
    }

    /**
     * Reads whole batches of a segment through a reusable buffer that grows to the largest batch; a batch is valid
     * until the next call.
     */
    private final class BatchReader {
        private final LogSegment segment;
        private final ByteBuffer scratch = FileRecords.headerBuffer();
        private int position;

        BatchReader(LogSegment segment, int position) {
            this.segment = segment;
            this.position = position;
        }

        RecordBatch next() throws IOException {
            FileRecords records = segment.log();
            BatchHeader header = records.batchAt(position, records.sizeInBytes(), scratch);
            if (header == null) {
                return null;
            }
            if (readBuffer.capacity() < header.sizeInBytes()) {
                readBuffer = ByteBuffer.allocate(Math.max(header.sizeInBytes(), readBuffer.capacity() * 2));
            }
            readBuffer.clear().limit(header.sizeInBytes());
            records.readInto(readBuffer, header.position());
            readBuffer.flip();
            position = header.end();
            return new RecordBatch(readBuffer);
        }
    }

    /** Shrinks a read buffer that grew for a huge batch back to its initial size. */
    void restoreBuffers() {
        if (readBuffer.capacity() > initialBufferSize) {
            readBuffer = ByteBuffer.allocate(initialBufferSize);
        }
    }
}
