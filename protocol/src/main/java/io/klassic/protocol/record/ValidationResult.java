package io.klassic.protocol.record;

import io.klassic.protocol.Errors;

/**
 * What {@link BatchValidator#validate} found in a produce payload for one partition. When {@link #error()} is not
 * {@link Errors#NONE}, {@link #errorMessage()} says why and the other fields are zero or "none" values. Offsets are
 * deltas from the offset the log will give the payload's first record: the payload takes offsets
 * {@code [next + firstOffsetDelta(), next + lastOffsetDelta()]}. Immutable and thread-safe.
 *
 * @param error                    NONE or the code the produce response carries for the partition
 * @param errorMessage             null when valid, otherwise a sentence naming the offending batch and field
 * @param batchCount               whole batches in the payload
 * @param recordCount              records over all batches (sum of recordsCount)
 * @param sizeInBytes              bytes of the payload (all of it is whole batches when valid)
 * @param maxTimestamp             the largest batch maxTimestamp, or -1 when no batch has one
 * @param offsetDeltaOfMaxTimestamp offset delta of the last record of the batch holding maxTimestamp (what Kafka's
 *                                 time index records), or -1
 * @param compressed               whether any batch is compressed
 * @param producerId               producer fields of the first batch (-1 when not idempotent)
 * @param producerEpoch            see producerId
 * @param baseSequence             see producerId
 * @param lastSequence             the first batch's last sequence (see {@link RecordBatch#lastSequence()})
 * @param isTransactional          the first batch's transactional flag
 */
public record ValidationResult(Errors error, String errorMessage, int batchCount, int recordCount, int sizeInBytes,
                               long maxTimestamp, int offsetDeltaOfMaxTimestamp, boolean compressed,
                               long producerId, short producerEpoch, int baseSequence, int lastSequence,
                               boolean isTransactional) {

    static ValidationResult failure(Errors error, String message) {
        return new ValidationResult(error, message, 0, 0, 0, RecordBatch.NO_TIMESTAMP, -1, false,
            RecordBatch.NO_PRODUCER_ID, RecordBatch.NO_PRODUCER_EPOCH, RecordBatch.NO_SEQUENCE,
            RecordBatch.NO_SEQUENCE, false);
    }

    public boolean isValid() {
        return error == Errors.NONE;
    }

    /** Always 0: the first record of the payload gets the log's next offset. */
    public int firstOffsetDelta() {
        return 0;
    }

    /** recordCount - 1: the last record of the payload gets the log's next offset plus this. */
    public int lastOffsetDelta() {
        return recordCount - 1;
    }

    public boolean hasProducerId() {
        return producerId > RecordBatch.NO_PRODUCER_ID;
    }
}
