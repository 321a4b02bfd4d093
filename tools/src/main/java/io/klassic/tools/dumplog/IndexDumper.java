package io.klassic.tools.dumplog;

import io.klassic.log.LogSegment;
import io.klassic.log.OffsetPosition;
import io.klassic.log.TimestampOffset;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;

/**
 * Dumps and verifies a segment's {@code .index} and {@code .timeindex} against its {@code .log}, as Apache Kafka's
 * {@code kafka-dump-log.sh} does:
 *
 * <ul>
 *   <li>offset index: {@code offset: O position: P} per entry; an entry whose position does not start the batch
 *       ending at offset O is a mismatch. An index without entries prints {@code <file> is empty.}</li>
 *   <li>time index: {@code timestamp: T offset: O} per entry; the batch ending at offset O (found through the
 *       offset index) must exist and have T as its largest record timestamp, and T must grow from entry to entry.</li>
 * </ul>
 *
 * Both stop at the first entry after the first that points back at the base offset (the zeroed tail of a
 * preallocated index). {@code --verify-index-only} checks without printing entries; {@code --index-sanity-check}
 * runs only Kafka's sanity check and prints {@code <file> passed sanity check.} Problems are collected in the
 * {@link DumpErrors}. Not thread-safe.
 */
final class IndexDumper {
    private final PrintStream out;
    private final DumpErrors errors;

    IndexDumper(PrintStream out, DumpErrors errors) {
        this.out = out;
        this.errors = errors;
    }

    void dumpIndex(File file, boolean indexSanityOnly, boolean verifyOnly, int maxMessageSize) throws IOException {
        long startOffset = SegmentFiles.baseOffset(file);
        try (LogFile log = LogFile.open(SegmentFiles.sibling(file, LogSegment.LOG_FILE_SUFFIX))) {
            IndexFile index = IndexFile.readOffsetIndex(file, startOffset);
            if (index.entries() == 0) {
                out.println(file + " is empty.");
                return;
            }
            if (indexSanityOnly) {
                index.offsetIndexSanityCheck();
                out.println(file + " passed sanity check.");
                return;
            }
            for (int i = 0; i < index.entries(); i++) {
                OffsetPosition entry = index.offsetEntry(i);
                if (entry.offset() == index.baseOffset() && i > 0) {
                    return;
                }
                int end = log.sliceEnd(entry.position(), maxMessageSize);
                Iterator<LogFile.FileBatch> batches = log.batches(entry.position(), end).iterator();
                if (!batches.hasNext()) {
                    throw new DumpException("No whole record batch of at most " + maxMessageSize + " bytes (--max-message-size)"
                        + " starts at position " + entry.position() + " of " + log.file() + ", where entry " + i + " of "
                        + file + " points.");
                }
                long firstBatchLastOffset = batches.next().batch().lastOffset();
                if (firstBatchLastOffset != entry.offset()) {
                    errors.recordIndexMismatch(file.getAbsolutePath(), entry.offset(), firstBatchLastOffset);
                }
                if (!verifyOnly) {
                    out.println("offset: " + entry.offset() + " position: " + entry.position());
                }
            }
        }
    }

    void dumpTimeIndex(File file, boolean indexSanityOnly, boolean verifyOnly) throws IOException {
        long startOffset = SegmentFiles.baseOffset(file);
        try (LogFile log = LogFile.open(SegmentFiles.sibling(file, LogSegment.LOG_FILE_SUFFIX))) {
            IndexFile index = IndexFile.readOffsetIndex(SegmentFiles.sibling(file, LogSegment.INDEX_FILE_SUFFIX),
                startOffset);
            IndexFile timeIndex = IndexFile.readTimeIndex(file, startOffset);
            if (indexSanityOnly) {
                timeIndex.timeIndexSanityCheck();
                out.println(file + " passed sanity check.");
                return;
            }
            String path = file.getAbsolutePath();
            long prevTimestamp = RecordBatch.NO_TIMESTAMP;
            for (int i = 0; i < timeIndex.entries(); i++) {
                TimestampOffset entry = timeIndex.timeEntry(i);
                if (entry.offset() == timeIndex.baseOffset() && i > 0) {
                    return;
                }
                int position = index.lookup(entry.offset()).position();
                RecordBatch batch = firstBatchEndingAtOrAfter(log, position, entry.offset());
                if (batch == null) {
                    errors.recordShallowOffsetNotFound(path, entry.offset(), -1L);
                } else if (batch.lastOffset() != entry.offset()) {
                    errors.recordShallowOffsetNotFound(path, entry.offset(), batch.lastOffset());
                } else {
                    long maxTimestamp = RecordBatch.NO_TIMESTAMP;
                    for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                        maxTimestamp = Math.max(maxTimestamp, it.next().timestamp());
                    }
                    if (maxTimestamp != entry.timestamp()) {
                        errors.recordTimeIndexMismatch(path, entry.timestamp(), maxTimestamp);
                    }
                    if (prevTimestamp >= entry.timestamp()) {
                        errors.recordOutOfOrderTimestamp(path, entry.timestamp(), prevTimestamp);
                    }
                }
                if (!verifyOnly) {
                    out.println("timestamp: " + entry.timestamp() + " offset: " + entry.offset());
                }
                prevTimestamp = entry.timestamp();
            }
        }
    }

    private static RecordBatch firstBatchEndingAtOrAfter(LogFile log, int position, long offset) {
        for (LogFile.FileBatch fileBatch : log.batches(position, log.sliceEnd(position, Integer.MAX_VALUE))) {
            if (fileBatch.batch().lastOffset() >= offset) {
                return fileBatch.batch();
            }
        }
        return null;
    }
}
