package io.klassic.protocol.record;

import io.klassic.protocol.Errors;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * The broker's checks on the record batches a client appends (Kafka's LogValidator and UnifiedLog checks for
 * origin = client, message format v2). Per batch, in order:
 * <ol>
 *   <li>the payload is whole batches: a trailing partial batch or an impossible batchLength is CORRUPT_MESSAGE;</li>
 *   <li>magic 2, else UNSUPPORTED_FOR_MESSAGE_FORMAT;</li>
 *   <li>size at most {@code max.message.bytes}, else MESSAGE_TOO_LARGE;</li>
 *   <li>baseOffset 0, as clients write it, else INVALID_RECORD;</li>
 *   <li>CRC-32C matches and the compression id is known, else CORRUPT_MESSAGE;</li>
 *   <li>{@code lastOffsetDelta + 1 == recordsCount > 0}, else INVALID_RECORD (Kafka 3.x raises
 *       InvalidRecordException for this);</li>
 *   <li>not a control batch, else INVALID_RECORD;</li>
 *   <li>a producerId &gt;= 0 comes with a baseSequence &gt;= 0, else INVALID_RECORD;</li>
 *   <li>with {@code requireKeys} (compacted topic): every record has a key, else INVALID_RECORD; records that do
 *       not parse are CORRUPT_MESSAGE.</li>
 * </ol>
 * Only batch headers are read and CRCs computed unless {@code requireKeys} is set: nothing is allocated per record.
 * An empty payload is INVALID_RECORD. Kafka additionally requires exactly one batch per partition in a produce
 * request (v3+); callers enforce that with {@link ValidationResult#batchCount()}. Stateless and thread-safe.
 */
public final class BatchValidator {
    private BatchValidator() {
    }

    /**
     * Validates every batch of {@code payload} (from its position to its limit; the position is not moved).
     * Never throws.
     */
    public static ValidationResult validate(ByteBuffer payload, int maxMessageBytes, boolean requireKeys) {
        try {
            return doValidate(payload, maxMessageBytes, requireKeys);
        } catch (RuntimeException e) {
            return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The record batches could not be read: " + e);
        }
    }

    private static ValidationResult doValidate(ByteBuffer payload, int maxMessageBytes, boolean requireKeys) {
        if (payload == null || !payload.hasRemaining()) {
            return ValidationResult.failure(Errors.INVALID_RECORD, "The produce data for the partition contains no "
                + "record batch.");
        }
        int start = payload.position();
        int end = payload.limit();
        int position = start;
        int batchCount = 0;
        int recordCount = 0;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        int offsetDeltaOfMaxTimestamp = -1;
        boolean compressed = false;
        long producerId = RecordBatch.NO_PRODUCER_ID;
        short producerEpoch = RecordBatch.NO_PRODUCER_EPOCH;
        int baseSequence = RecordBatch.NO_SEQUENCE;
        int lastSequence = RecordBatch.NO_SEQUENCE;
        boolean isTransactional = false;

        while (position < end) {
            int at = position - start;
            int remaining = end - position;
            if (remaining < RecordBatch.LOG_OVERHEAD) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The produce data ends with a partial record "
                    + "batch: " + remaining + " bytes at byte " + at + " are too few for a batch header.");
            }
            int batchLength = payload.getInt(position + RecordBatch.LENGTH_OFFSET);
            long size = RecordBatch.LOG_OVERHEAD + (long) batchLength;
            if (size > remaining) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The produce data ends with a partial record "
                    + "batch: the batch at byte " + at + " declares " + size + " bytes but only " + remaining
                    + " remain.");
            }
            if (size <= RecordBatch.MAGIC_OFFSET) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The record batch at byte " + at
                    + " declares an impossible batchLength of " + batchLength + ".");
            }
            byte magic = payload.get(position + RecordBatch.MAGIC_OFFSET);
            if (magic != RecordBatch.MAGIC) {
                return ValidationResult.failure(Errors.UNSUPPORTED_FOR_MESSAGE_FORMAT, "The record batch at byte "
                    + at + " has magic " + magic + "; this broker accepts only magic " + RecordBatch.MAGIC
                    + " record batches (Kafka 0.11+ clients).");
            }
            if (size < RecordBatch.RECORD_BATCH_OVERHEAD) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The record batch at byte " + at
                    + " declares " + size + " bytes, less than the " + RecordBatch.RECORD_BATCH_OVERHEAD
                    + "-byte batch header.");
            }
            if (size > maxMessageBytes) {
                return ValidationResult.failure(Errors.MESSAGE_TOO_LARGE, "The record batch at byte " + at + " is "
                    + size + " bytes, which exceeds the maximum configured value of max.message.bytes ("
                    + maxMessageBytes + ").");
            }
            long baseOffset = payload.getLong(position + RecordBatch.BASE_OFFSET_OFFSET);
            if (baseOffset != 0) {
                return ValidationResult.failure(Errors.INVALID_RECORD, "The baseOffset of the record batch at byte "
                    + at + " should be 0, but it is " + baseOffset + ".");
            }
            int batchSize = (int) size;
            long storedCrc = payload.getInt(position + RecordBatch.CRC_OFFSET) & 0xffffffffL;
            long computedCrc = Crc32C.compute(payload, position + RecordBatch.ATTRIBUTES_OFFSET,
                batchSize - RecordBatch.ATTRIBUTES_OFFSET);
            if (storedCrc != computedCrc) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The record batch at byte " + at
                    + " is corrupt (stored crc = " + storedCrc + ", computed crc = " + computedCrc + ").");
            }
            short attributes = payload.getShort(position + RecordBatch.ATTRIBUTES_OFFSET);
            int codec = attributes & RecordBatch.COMPRESSION_CODEC_MASK;
            if (codec > CompressionType.ZSTD.id()) {
                return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The record batch at byte " + at
                    + " uses unknown compression type id " + codec + ".");
            }
            int lastOffsetDelta = payload.getInt(position + RecordBatch.LAST_OFFSET_DELTA_OFFSET);
            int count = payload.getInt(position + RecordBatch.RECORDS_COUNT_OFFSET);
            if (count <= 0 || lastOffsetDelta < 0 || (long) lastOffsetDelta + 1 != count) {
                return ValidationResult.failure(Errors.INVALID_RECORD, "The record batch at byte " + at
                    + " has an inconsistent offset range [0, " + lastOffsetDelta + "] and count of records "
                    + count + ".");
            }
            if ((attributes & RecordBatch.CONTROL_FLAG_MASK) != 0) {
                return ValidationResult.failure(Errors.INVALID_RECORD, "Clients are not allowed to write control "
                    + "records (the record batch at byte " + at + " is a control batch).");
            }
            long batchProducerId = payload.getLong(position + RecordBatch.PRODUCER_ID_OFFSET);
            int batchBaseSequence = payload.getInt(position + RecordBatch.BASE_SEQUENCE_OFFSET);
            if (batchProducerId > RecordBatch.NO_PRODUCER_ID && batchBaseSequence < 0) {
                return ValidationResult.failure(Errors.INVALID_RECORD, "Invalid sequence number "
                    + batchBaseSequence + " in the record batch at byte " + at + " with producerId "
                    + batchProducerId + ".");
            }
            if (requireKeys) {
                ValidationResult keyError = checkKeys(payload, position, batchSize, at);
                if (keyError != null) {
                    return keyError;
                }
            }
            if ((long) recordCount + count > Integer.MAX_VALUE) {
                return ValidationResult.failure(Errors.INVALID_RECORD, "The produce data holds more than "
                    + Integer.MAX_VALUE + " records.");
            }
            long batchMaxTimestamp = payload.getLong(position + RecordBatch.MAX_TIMESTAMP_OFFSET);
            if (batchMaxTimestamp > maxTimestamp) {
                maxTimestamp = batchMaxTimestamp;
                offsetDeltaOfMaxTimestamp = recordCount + lastOffsetDelta;
            }
            if (batchCount == 0) {
                RecordBatch first = new RecordBatch(payload.slice(position, batchSize));
                producerId = first.producerId();
                producerEpoch = first.producerEpoch();
                baseSequence = first.baseSequence();
                lastSequence = first.lastSequence();
                isTransactional = first.isTransactional();
            }
            compressed |= codec != CompressionType.NONE.id();
            recordCount += count;
            batchCount++;
            position += batchSize;
        }
        return new ValidationResult(Errors.NONE, null, batchCount, recordCount, position - start, maxTimestamp,
            offsetDeltaOfMaxTimestamp, compressed, producerId, producerEpoch, baseSequence, lastSequence,
            isTransactional);
    }

    private static ValidationResult checkKeys(ByteBuffer payload, int position, int batchSize, int at) {
        RecordBatch batch = new RecordBatch(payload.slice(position, batchSize));
        try {
            Iterator<Record> records = batch.records();
            int index = 0;
            while (records.hasNext()) {
                if (!records.next().hasKey()) {
                    return ValidationResult.failure(Errors.INVALID_RECORD, "Compacted topic cannot accept message "
                        + "without key (record " + index + " of the record batch at byte " + at + ").");
                }
                index++;
            }
            return null;
        } catch (CorruptRecordException e) {
            return ValidationResult.failure(Errors.CORRUPT_MESSAGE, "The records of the record batch at byte " + at
                + " are corrupt: " + e.getMessage());
        }
    }
}
