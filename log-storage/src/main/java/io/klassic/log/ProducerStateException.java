package io.klassic.log;

import io.klassic.protocol.Errors;

/**
 * An idempotent producer's batch that the log refuses, with the error code the broker answers: either
 * {@link Errors#OUT_OF_ORDER_SEQUENCE_NUMBER} (the batch's first sequence does not follow the producer's last one) or
 * {@link Errors#INVALID_PRODUCER_EPOCH} (the batch's epoch is older than the producer's current epoch). Immutable and
 * thread-safe.
 */
public final class ProducerStateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Errors error;

    public ProducerStateException(Errors error, String message) {
        super(message);
        if (error != Errors.OUT_OF_ORDER_SEQUENCE_NUMBER && error != Errors.INVALID_PRODUCER_EPOCH) {
            throw new IllegalArgumentException("Not a producer state error: " + error);
        }
        this.error = error;
    }

    /** OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_PRODUCER_EPOCH. */
    public Errors error() {
        return error;
    }
}
