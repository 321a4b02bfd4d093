package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;
import io.klassic.protocol.record.CorruptRecordException;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;

/**
 * One segment of a partition's log: the record batches whose offsets start at {@link #baseOffset()}, in three files
 * named by the base offset, 20 digits zero-padded: {@code 00000000000000000000.log} ({@link FileRecords}),
 * {@code .index} ({@link OffsetIndex}) and {@code .timeindex} ({@link TimeIndex}). An index entry is added for the
 * first batch appended after more than {@code index.interval.bytes} bytes since the previous entry; it maps the
 * batch's last offset to the batch's file position.
 *
 * <p>Thread safety: appends, truncation, recovery and closing are done by one thread at a time (the {@link Log}'s
 * lock); reads ({@link #read}, {@link #translateOffset}, {@link #findOffsetByTimestamp}) may run concurrently with
 * them and see whole appended batches.
 */
public final class LogSegment implements Closeable {
    public static final String LOG_FILE_SUFFIX = ".log";
    public static final String INDEX_FILE_SUFFIX = ".index";
    public static final String TIME_INDEX_FILE_SUFFIX = ".timeindex";

    private static final Logger LOG = LoggerFactory.getLogger(LogSegment.class);
    private static final long NOT_LOADED = Long.MIN_VALUE;
    /** Batches up to this size are validated by {@link RecordBatch#ensureValid()}; larger ones with a streamed CRC. */
    private static final int MAX_IN_MEMORY_VALIDATION = 16 * 1024 * 1024;
    private static final int CRC_CHUNK = 64 * 1024;

    private final FileRecords log;
    private final OffsetIndex offsetIndex;
    private final TimeIndex timeIndex;
    private final long baseOffset;
    private final int indexIntervalBytes;
    private final long rollJitterMs;
    private final LongSupplier clock;
    private volatile long created;
    private volatile long rollingBasedTimestamp = NOT_LOADED;
    private int bytesSinceLastIndexEntry;
    private volatile TimestampOffset maxTimestampAndOffsetSoFar;

    private LogSegment(FileRecords log, OffsetIndex offsetIndex, TimeIndex timeIndex, long baseOffset,
                       int indexIntervalBytes, long rollJitterMs, LongSupplier clock) {
        this.log = log;
        this.offsetIndex = offsetIndex;
        this.timeIndex = timeIndex;
        this.baseOffset = baseOffset;
        this.indexIntervalBytes = indexIntervalBytes;
        this.rollJitterMs = rollJitterMs;
        this.clock = clock;
        this.created = clock.getAsLong();
    }

    /**
     * Opens the segment with base offset {@code baseOffset} in {@code dir}, creating whichever of its files are
     * missing (a new log file is preallocated when {@code preallocate} is set; a new index file is preallocated to
     * {@code segment.index.bytes}; an existing index keeps its size). No roll jitter.
     */
    public static LogSegment open(File dir, long baseOffset, LogConfig config, LongSupplier clock) throws IOException {
        return open(dir, baseOffset, config, clock, "", 0);
    }

    /**
     * As {@link #open(File, long, LogConfig, LongSupplier)}, with {@code fileSuffix} appended to the three file names
     * ({@code ""}, {@link Log#CLEANED_FILE_SUFFIX} or {@link Log#SWAP_FILE_SUFFIX}) and {@code rollJitterMs}
     * subtracted from {@code segment.ms} when deciding to roll.
     */
    public static LogSegment open(File dir, long baseOffset, LogConfig config, LongSupplier clock, String fileSuffix,
                                  long rollJitterMs) throws IOException {
        FileRecords records = FileRecords.open(withSuffix(logFile(dir, baseOffset), fileSuffix), config.preallocate(),
            config.segmentBytes());
        OffsetIndex offsetIndex = null;
        try {
            offsetIndex = new OffsetIndex(withSuffix(indexFile(dir, baseOffset), fileSuffix), baseOffset,
                config.segmentIndexBytes());
            TimeIndex timeIndex = new TimeIndex(withSuffix(timeIndexFile(dir, baseOffset), fileSuffix), baseOffset,
                config.segmentIndexBytes());
            return new LogSegment(records, offsetIndex, timeIndex, baseOffset, config.indexIntervalBytes(),
                rollJitterMs, clock);
        } catch (IOException | RuntimeException e) {
            records.close();
            if (offsetIndex != null) {
                offsetIndex.close();
            }
            throw e;
        }
    }

    private static File withSuffix(File file, String suffix) {
        return suffix.isEmpty() ? file : new File(file.getPath() + suffix);
    }

    /**
     * Renames the three files from names ending in {@code oldSuffix} to names ending in {@code newSuffix} (e.g.
     * {@code .swap} to {@code ""}, or {@code ""} to {@code .deleted}). The indexes are renamed first and the log file
     * last, so that a log file under the new name means the step is complete.
     */
    public void changeFileSuffixes(String oldSuffix, String newSuffix) throws IOException {
        offsetIndex.renameTo(renamed(offsetIndex.file(), oldSuffix, newSuffix));
        timeIndex.renameTo(renamed(timeIndex.file(), oldSuffix, newSuffix));
        log.renameTo(renamed(log.file(), oldSuffix, newSuffix));
    }

    private static File renamed(File file, String oldSuffix, String newSuffix) {
        String name = file.getName();
        if (!name.endsWith(oldSuffix)) {
            throw new IllegalArgumentException("Expected the file " + file + " to end with '" + oldSuffix + "'.");
        }
        return new File(file.getParentFile(), name.substring(0, name.length() - oldSuffix.length()) + newSuffix);
    }

    /** The jitter subtracted from {@code segment.ms} for this segment. */
    public long rollJitterMs() {
        return rollJitterMs;
    }

    /** The log file's last modification time. */
    public long lastModified() {
        return log.lastModified();
    }

    /**
     * The timestamp retention.ms compares: the largest record timestamp, or the file's modification time when the
     * segment has none (as Kafka).
     */
    public long largestTimestampOrLastModified() throws IOException {
        long max = largestTimestamp();
        return max >= 0 ? max : lastModified();
    }

    /** The 20-digit zero-padded offset that prefixes a segment's file names. */
    public static String filenamePrefixFromOffset(long offset) {
        return String.format("%020d", offset);
    }

    public static File logFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + LOG_FILE_SUFFIX);
    }

    public static File indexFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + INDEX_FILE_SUFFIX);
    }

    public static File timeIndexFile(File dir, long baseOffset) {
        return new File(dir, filenamePrefixFromOffset(baseOffset) + TIME_INDEX_FILE_SUFFIX);
    }

    /**
     * The base offset encoded in a segment file name ({@code 00000000000000000042.log} gives 42), or -1 when the
     * name is not 20 digits followed by the suffix.
     */
    public static long offsetFromFileName(String name, String suffix) {
        if (!name.endsWith(suffix) || name.length() != 20 + suffix.length()) {
            return -1;
        }
        String digits = name.substring(0, 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return -1;
            }
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public long baseOffset() {
        return baseOffset;
    }

    /** Bytes of record batches in the segment. */
    public int size() {
        return log.sizeInBytes();
    }

    public FileRecords log() {
        return log;
    }

    public OffsetIndex offsetIndex() {
        return offsetIndex;
    }

    public TimeIndex timeIndex() {
        return timeIndex;
    }

    /**
     * Appends whole record batches whose offsets have been assigned. {@code largestOffset} is the last offset of
     * the last batch; {@code largestTimestamp} and {@code shallowOffsetOfMaxTimestamp} are the largest batch
     * timestamp and the last offset of the batch holding it. Index entries are added per batch every
     * {@code index.interval.bytes} (skipped when an index is full: the log rolls before the next append).
     */
    public void append(long largestOffset, long largestTimestamp, long shallowOffsetOfMaxTimestamp,
                       ByteBuffer batches) throws IOException {
        if (!batches.hasRemaining()) {
            return;
        }
        if (!canConvertToRelativeOffset(largestOffset)) {
            throw new IllegalArgumentException("Offset " + largestOffset + " cannot be appended to the segment with "
                + "base offset " + baseOffset + ": it is more than Integer.MAX_VALUE above it.");
        }
        int physicalPosition = log.sizeInBytes();
        if (physicalPosition == 0) {
            rollingBasedTimestamp = largestTimestamp;
        }
        TimestampOffset max = maxTimestampAndOffset();
        log.append(batches);
        for (RecordBatch batch : RecordBatches.iterate(batches)) {
            long batchLastOffset = batch.lastOffset();
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimestampOffset(batch.maxTimestamp(), batchLastOffset);
            }
            if (bytesSinceLastIndexEntry > indexIntervalBytes) {
                if (!offsetIndex.isFull()) {
                    offsetIndex.append(batchLastOffset, physicalPosition);
                }
                if (!timeIndex.isFull()) {
                    timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
                }
                bytesSinceLastIndexEntry = 0;
            }
            int size = batch.sizeInBytes();
            physicalPosition += size;
            bytesSinceLastIndexEntry += size;
        }
        if (largestTimestamp > max.timestamp()) {
            max = new TimestampOffset(largestTimestamp, shallowOffsetOfMaxTimestamp);
        }
        maxTimestampAndOffsetSoFar = max;
    }

    /**
     * Whole batches starting with the one holding {@code startOffset}: at most {@code maxSize} bytes (but at least
     * the first batch when {@code minOneMessage}), none extending past file position {@code maxPosition}. Returns
     * null when {@code startOffset} is beyond the last batch of the segment.
     */
    public FetchDataInfo read(long startOffset, int maxSize, long maxPosition, boolean minOneMessage)
        throws IOException {
        if (maxSize < 0) {
            throw new IllegalArgumentException("Invalid max size " + maxSize + " for a read of segment "
                + baseOffset + ".");
        }
        ByteBuffer scratch = FileRecords.headerBuffer();
        BatchHeader first = translateOffset(startOffset, 0, scratch);
        if (first == null) {
            return null;
        }
        int start = first.position();
        LogOffsetMetadata metadata = new LogOffsetMetadata(startOffset, baseOffset, start);
        int limit = (int) Math.min(maxPosition, log.sizeInBytes());
        int end = start;
        BatchHeader batch = first;
        while (batch != null && batch.end() <= limit) {
            boolean fits = (long) batch.end() - start <= maxSize;
            if (!fits && !(minOneMessage && end == start)) {
                break;
            }
            end = batch.end();
            batch = log.batchAt(end, limit, scratch);
        }
        return new FetchDataInfo(metadata, log.slice(start, end - start));
    }

    /**
     * The header of the first batch at or after file position {@code startingFilePosition} whose last offset is
     * {@code >= offset} (the batch holding the offset, or the next one after a gap), found from the index entry
     * below the offset by scanning batch headers; null if there is none.
     */
    BatchHeader translateOffset(long offset, int startingFilePosition, ByteBuffer scratch) throws IOException {
        OffsetPosition entry = offsetIndex.lookup(offset);
        int position = Math.max(entry.position(), startingFilePosition);
        int end = log.sizeInBytes();
        BatchHeader batch = log.batchAt(position, end, scratch);
        while (batch != null) {
            if (batch.lastOffset() >= offset) {
                return batch;
            }
            batch = log.batchAt(batch.end(), end, scratch);
        }
        return null;
    }

    /**
     * The first record at or after {@code startingOffset} whose timestamp is {@code >= timestamp}, with the leader
     * epoch of its batch; empty if the segment has none.
     */
    public Optional<TimestampAndOffset> findOffsetByTimestamp(long timestamp, long startingOffset) throws IOException {
        // An entry below the target: every record up to its offset has a smaller timestamp.
        TimestampOffset entry = timeIndex.lookup(timestamp == Long.MIN_VALUE ? timestamp : timestamp - 1);
        OffsetPosition from = offsetIndex.lookup(Math.max(entry.offset(), startingOffset));
        ByteBuffer scratch = FileRecords.headerBuffer();
        int end = log.sizeInBytes();
        BatchHeader header = log.batchAt(from.position(), end, scratch);
        while (header != null) {
            if (header.maxTimestamp() >= timestamp && header.lastOffset() >= startingOffset) {
                ByteBuffer whole = ByteBuffer.allocate(header.sizeInBytes());
                log.readInto(whole, header.position());
                Iterator<Record> records = new RecordBatch(whole.flip()).records();
                while (records.hasNext()) {
                    Record record = records.next();
                    if (record.timestamp() >= timestamp && record.offset() >= startingOffset) {
                        return Optional.of(new TimestampAndOffset(record.timestamp(), record.offset(),
                            header.partitionLeaderEpoch()));
                    }
                }
            }
            header = log.batchAt(header.end(), end, scratch);
        }
        return Optional.empty();
    }

    /** The offset after the last batch of the segment, or the base offset when it is empty. */
    public long readNextOffset() throws IOException {
        OffsetPosition last = offsetIndex.lookup(Long.MAX_VALUE);
        ByteBuffer scratch = FileRecords.headerBuffer();
        int end = log.sizeInBytes();
        long next = baseOffset;
        BatchHeader batch = log.batchAt(last.position(), end, scratch);
        while (batch != null) {
            next = batch.nextOffset();
            batch = log.batchAt(batch.end(), end, scratch);
        }
        return next;
    }

    /**
     * Re-validates every batch from the start of the file: a whole header, magic 2, a size no smaller than a
     * header and inside the file, a matching CRC-32C, {@code 0 <= recordsCount <= lastOffsetDelta + 1}, offsets
     * above the previous batch's and within reach of the base offset. Truncates the file at the first batch that
     * fails and rebuilds both indexes from the valid batches. Returns the number of bytes truncated.
     */
    public int recover() throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        offsetIndex.resize(offsetIndex.maxIndexSize());
        timeIndex.resize(timeIndex.maxIndexSize());
        bytesSinceLastIndexEntry = 0;
        rollingBasedTimestamp = NOT_LOADED;
        TimestampOffset max = new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset);
        ByteBuffer scratch = FileRecords.headerBuffer();
        int fileSize = log.sizeInBytes();
        int validBytes = 0;
        long previousLastOffset = baseOffset - 1;
        while (true) {
            String problem = null;
            BatchHeader batch = null;
            if ((long) validBytes + FileRecords.HEADER_SIZE > fileSize) {
                if (validBytes < fileSize) {
                    problem = (fileSize - validBytes) + " bytes at the end are less than a batch header";
                }
            } else {
                batch = log.batchAt(validBytes, fileSize, scratch);
                problem = batch == null ? "the batch size is smaller than a header or runs past the end of the file"
                    : checkBatch(batch, previousLastOffset);
            }
            if (problem != null) {
                LOG.warn("Found invalid bytes at position {} of {}: {}. Truncating the segment there.", validBytes,
                    log.file(), problem);
                break;
            }
            if (batch == null) {
                break;
            }
            if (batch.maxTimestamp() > max.timestamp()) {
                max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
            }
            if (bytesSinceLastIndexEntry > indexIntervalBytes) {
                if (!offsetIndex.isFull()) {
                    offsetIndex.append(batch.lastOffset(), batch.position());
                }
                if (!timeIndex.isFull()) {
                    timeIndex.maybeAppend(max.timestamp(), max.offset(), false);
                }
                bytesSinceLastIndexEntry = 0;
            }
            bytesSinceLastIndexEntry += batch.sizeInBytes();
            validBytes = batch.end();
            previousLastOffset = batch.lastOffset();
        }
        int truncated = log.sizeInBytes() - validBytes;
        if (truncated > 0) {
            log.truncateTo(validBytes);
        }
        maxTimestampAndOffsetSoFar = max;
        offsetIndex.trimToValidSize();
        timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        timeIndex.trimToValidSize();
        return truncated;
    }

    /** Null when the batch is sound, else what is wrong with it. */
    private String checkBatch(BatchHeader batch, long previousLastOffset) throws IOException {
        if (batch.magic() != RecordBatch.MAGIC) {
            return "magic " + batch.magic() + " instead of " + RecordBatch.MAGIC;
        }
        if (batch.baseOffset() <= previousLastOffset) {
            return "base offset " + batch.baseOffset() + " is not above the previous last offset "
                + previousLastOffset;
        }
        if (batch.lastOffsetDelta() < 0 || !canConvertToRelativeOffset(batch.lastOffset())) {
            return "last offset delta " + batch.lastOffsetDelta() + " is out of range";
        }
        if (batch.sizeInBytes() <= MAX_IN_MEMORY_VALIDATION) {
            ByteBuffer whole = ByteBuffer.allocate(batch.sizeInBytes());
            log.readInto(whole, batch.position());
            try {
                new RecordBatch(whole.flip()).ensureValid();
            } catch (CorruptRecordException e) {
                return e.getMessage();
            }
            return null;
        }
        if (batch.recordsCount() < 0 || batch.recordsCount() > (long) batch.lastOffsetDelta() + 1) {
            return "records count " + batch.recordsCount() + " does not fit last offset delta "
                + batch.lastOffsetDelta();
        }
        long crc = streamedChecksum(batch);
        return crc == batch.checksum() ? null
            : "stored crc " + batch.checksum() + " differs from the computed crc " + crc;
    }

    /** CRC-32C of bytes [21, end) of a batch, read in chunks so that a huge batch needs no huge buffer. */
    private long streamedChecksum(BatchHeader batch) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer chunk = ByteBuffer.allocate(CRC_CHUNK);
        long pos = batch.position() + 21L;
        long end = batch.end();
        while (pos < end) {
            chunk.clear().limit((int) Math.min(CRC_CHUNK, end - pos));
            log.readInto(chunk, pos);
            chunk.flip();
            pos += chunk.remaining();
            crc.update(chunk);
        }
        return crc.getValue();
    }

    /**
     * Removes every batch holding an offset {@code >= offset} (the batch holding {@code offset} goes whole) and the
     * index entries pointing at them; the indexes are resized for appends again. Returns the bytes removed.
     */
    public int truncateTo(long offset) throws IOException {
        BatchHeader mapping = translateOffset(offset, 0, FileRecords.headerBuffer());
        offsetIndex.truncateTo(offset);
        timeIndex.truncateTo(offset);
        offsetIndex.resize(offsetIndex.maxIndexSize());
        timeIndex.resize(timeIndex.maxIndexSize());
        int truncated = mapping == null ? 0 : log.truncateTo(mapping.position());
        if (log.sizeInBytes() == 0) {
            created = clock.getAsLong();
            rollingBasedTimestamp = NOT_LOADED;
        }
        bytesSinceLastIndexEntry = 0;
        maxTimestampAndOffsetSoFar = null;
        return truncated;
    }

    /**
     * Whether the next append of {@code messagesSize} bytes, with the given largest timestamp and offset, must go to
     * a new segment: this one would exceed {@code segment.bytes}, is older than {@code segment.ms} minus the roll
     * jitter (measured from
     * its first batch's timestamp, or its creation time when it has none), has a full index, or cannot hold the
     * offset relative to its base.
     */
    public boolean shouldRoll(int messagesSize, long maxTimestampInMessages, long maxOffsetInMessages, long now,
                              LogConfig config) throws IOException {
        int size = size();
        boolean reachedRollMs = size > 0
            && timeWaitedForRoll(now, maxTimestampInMessages) > config.segmentMs() - rollJitterMs;
        return size > config.segmentBytes() - messagesSize
            || reachedRollMs
            || offsetIndex.isFull()
            || timeIndex.isFull()
            || !canConvertToRelativeOffset(maxOffsetInMessages);
    }

    private long timeWaitedForRoll(long now, long messageTimestamp) throws IOException {
        long rollingTimestamp = rollingBasedTimestamp;
        if (rollingTimestamp == NOT_LOADED) {
            BatchHeader first = log.batchAt(0, log.sizeInBytes(), FileRecords.headerBuffer());
            rollingTimestamp = first == null ? TimestampOffset.NO_TIMESTAMP : first.maxTimestamp();
            rollingBasedTimestamp = rollingTimestamp;
        }
        return rollingTimestamp >= 0 ? messageTimestamp - rollingTimestamp : now - created;
    }

    private boolean canConvertToRelativeOffset(long offset) {
        long relative = offset - baseOffset;
        return relative >= 0 && relative <= Integer.MAX_VALUE;
    }

    /** The largest batch timestamp in the segment, or {@link TimestampOffset#NO_TIMESTAMP}. */
    public long largestTimestamp() throws IOException {
        return maxTimestampAndOffset().timestamp();
    }

    /**
     * The largest timestamp and its (shallow) offset, loaded on first use from the time index's last entry and the
     * batches after the offset index entry below it.
     */
    private TimestampOffset maxTimestampAndOffset() throws IOException {
        TimestampOffset max = maxTimestampAndOffsetSoFar;
        if (max != null) {
            return max;
        }
        synchronized (this) {
            if (maxTimestampAndOffsetSoFar == null) {
                max = timeIndex.lastEntry();
                OffsetPosition from = offsetIndex.lookup(max.offset());
                ByteBuffer scratch = FileRecords.headerBuffer();
                int end = log.sizeInBytes();
                BatchHeader batch = log.batchAt(from.position(), end, scratch);
                while (batch != null) {
                    if (batch.maxTimestamp() > max.timestamp()) {
                        max = new TimestampOffset(batch.maxTimestamp(), batch.lastOffset());
                    }
                    batch = log.batchAt(batch.end(), end, scratch);
                }
                maxTimestampAndOffsetSoFar = max;
            }
            return maxTimestampAndOffsetSoFar;
        }
    }

    /**
     * Done when a newer segment becomes active: records the largest timestamp in the time index's reserved slot,
     * trims both indexes and a preallocated log file to their contents.
     */
    public void onBecomeInactiveSegment() throws IOException {
        TimestampOffset max = maxTimestampAndOffset();
        timeIndex.maybeAppend(max.timestamp(), max.offset(), true);
        offsetIndex.trimToValidSize();
        timeIndex.trimToValidSize();
        log.trim();
    }

    /** Resizes both indexes (for the active segment: back to {@code segment.index.bytes}). */
    public void resizeIndexes(int size) throws IOException {
        offsetIndex.resize(size);
        timeIndex.resize(size);
    }

    /**
     * Checks the indexes against themselves and the log: whole entries, increasing keys, the last offset index
     * entry inside the log file.
     */
    public void sanityCheck() throws CorruptIndexException {
        offsetIndex.sanityCheck();
        timeIndex.sanityCheck();
        int lastPosition = offsetIndex.lastPosition();
        if (lastPosition >= log.sizeInBytes()) {
            throw new CorruptIndexException("Corrupt index found, index file (" + offsetIndex.file()
                + ") has an entry at position " + lastPosition + " but the log file holds only "
                + log.sizeInBytes() + " bytes.");
        }
    }

    /** Forces the log file and both indexes to disk. */
    public void flush() throws IOException {
        log.flush();
        offsetIndex.flush();
        timeIndex.flush();
    }

    /**
     * Writes the time index's last entry, trims the indexes and a preallocated log, closes the files and releases the
     * index mappings. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (offsetIndex.isClosed() && timeIndex.isClosed() && !log.channel().isOpen()) {
            return;
        }
        try {
            if (maxTimestampAndOffsetSoFar != null && !timeIndex.isClosed()) {
                timeIndex.maybeAppend(maxTimestampAndOffsetSoFar.timestamp(), maxTimestampAndOffsetSoFar.offset(),
                    true);
            }
        } finally {
            try {
                offsetIndex.close();
                timeIndex.close();
            } finally {
                log.close();
            }
        }
    }

    /** Closes and deletes the three files. */
    public void deleteIfExists() throws IOException {
        try {
            log.deleteIfExists();
        } finally {
            offsetIndex.deleteIfExists();
            timeIndex.deleteIfExists();
        }
    }

    @Override
    public String toString() {
        return "LogSegment(baseOffset=" + baseOffset + ", size=" + size() + ", file=" + log.file() + ")";
    }
}
