package io.klassic.tools.dumplog;

import io.klassic.protocol.record.Header;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Iterator;

/**
 * Dumps a segment's {@code .log} file as Apache Kafka's {@code kafka-dump-log.sh} does: {@code Log starting offset: N},
 * then one line per batch (its header fields, its position in the file, its largest timestamp, size, codec, CRC and
 * whether the CRC matches), and with deep iteration one line per record below it, prefixed {@code | }, with the
 * record's offset, timestamp, key and value sizes, sequence and header keys; control records show their end
 * transaction marker. With {@code --print-data-log} the record line ends with the key and payload as the
 * {@link MessageParser} renders them (not for control records). Offsets that do not follow each other are
 * collected in the {@link DumpErrors}; bytes after the last whole batch are reported as invalid. Not thread-safe.
 */
final class LogDumper {
    private static final String RECORD_INDENT = "|";

    private final PrintStream out;
    private final DumpErrors errors;

    LogDumper(PrintStream out, DumpErrors errors) {
        this.out = out;
        this.errors = errors;
    }

    /**
     * @param printContents whether to print keys and payloads through {@code parser}
     * @param maxBytes      read at most this many bytes of the file (whole batches only)
     */
    void dumpLog(File file, boolean printContents, boolean deepIteration, MessageParser parser,
                 boolean skipRecordMetadata, int maxBytes) throws IOException {
        out.println("Log starting offset: " + SegmentFiles.baseOffset(file));
        try (LogFile log = LogFile.open(file)) {
            int end = log.sliceEnd(0, maxBytes);
            long validBytes = 0;
            long lastOffset = -1;
            for (LogFile.FileBatch fileBatch : log.batches(0, end)) {
                RecordBatch batch = fileBatch.batch();
                out.println(batchLine(batch, validBytes));
                if (deepIteration) {
                    for (Iterator<Record> it = batch.records(); it.hasNext(); ) {
                        Record record = it.next();
                        if (lastOffset != -1 && record.offset() != lastOffset + 1) {
                            errors.recordNonConsecutiveOffsets(file.getAbsolutePath(), lastOffset, record.offset());
                        }
                        lastOffset = record.offset();
                        out.println(recordLine(batch, record, printContents, parser, skipRecordMetadata));
                    }
                }
                validBytes += fileBatch.sizeInBytes();
            }
            long trailingBytes = end - validBytes;
            if (trailingBytes > 0 && maxBytes == Integer.MAX_VALUE) {
                out.println("Found " + trailingBytes + " invalid bytes at the end of " + file.getName());
            }
        }
    }

    private static String batchLine(RecordBatch batch, long position) {
        return "baseOffset: " + batch.baseOffset() + " lastOffset: " + batch.lastOffset()
            + " count: " + batch.recordsCount() + " baseSequence: " + batch.baseSequence()
            + " lastSequence: " + batch.lastSequence() + " producerId: " + batch.producerId()
            + " producerEpoch: " + batch.producerEpoch() + " partitionLeaderEpoch: " + batch.partitionLeaderEpoch()
            + " isTransactional: " + batch.isTransactional() + " isControl: " + batch.isControlBatch()
            + " deleteHorizonMs: " + batch.deleteHorizonMs()
            + " position: " + position + " " + batch.timestampType().altName() + ": " + batch.maxTimestamp()
            + " size: " + batch.sizeInBytes() + " magic: " + batch.magic()
            + " compresscodec: " + batch.compressionType().altName() + " crc: " + batch.checksum()
            + " isvalid: " + batch.isValid();
    }

    private static String recordLine(RecordBatch batch, Record record, boolean printContents, MessageParser parser,
                                     boolean skipRecordMetadata) {
        StringBuilder line = new StringBuilder();
        String prefix = RECORD_INDENT + " ";
        if (!skipRecordMetadata) {
            line.append(prefix).append("offset: ").append(record.offset()).append(' ')
                .append(batch.timestampType().altName()).append(": ").append(record.timestamp())
                .append(" keySize: ").append(record.hasKey() ? record.key().remaining() : -1)
                .append(" valueSize: ").append(record.hasValue() ? record.value().remaining() : -1);
            prefix = " ";
            line.append(" sequence: ").append(sequence(batch, record)).append(" headerKeys: ").append(headerKeys(record));
            if (batch.isControlBatch()) {
                line.append(ControlRecords.describe(record));
            }
        }
        if (printContents && !batch.isControlBatch()) {
            MessageParser.Parsed parsed = parser.parse(record);
            if (parsed.key() != null) {
                line.append(prefix).append("key: ").append(parsed.key());
            }
            if (parsed.payload() != null) {
                line.append(" payload: ").append(parsed.payload());
            }
        }
        return line.toString();
    }

    /** The record's sequence number: the batch's base sequence plus the record's offset delta, wrapping. */
    private static int sequence(RecordBatch batch, Record record) {
        int baseSequence = batch.baseSequence();
        if (baseSequence < 0) {
            return RecordBatch.NO_SEQUENCE;
        }
        int delta = (int) (record.offset() - batch.baseOffset());
        return baseSequence > Integer.MAX_VALUE - delta ? delta - (Integer.MAX_VALUE - baseSequence) - 1
            : baseSequence + delta;
    }

    private static String headerKeys(Record record) {
        StringBuilder keys = new StringBuilder("[");
        Header[] headers = record.headers();
        for (int i = 0; i < headers.length; i++) {
            if (i > 0) {
                keys.append(',');
            }
            keys.append(headers[i].key());
        }
        return keys.append(']').toString();
    }
}
